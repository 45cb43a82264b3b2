/**
 * A status line on a terminal while checks run: nothing for the usual quick grade, after a moment
 * "Prüfungen: 6 von 10 fertig – noch offen: …", cleared before the report is printed.
 */
export interface StatusLine {
  update(done: number, total: number, running: string[]): void;
  stop(): void;
}

export function statusLine(
  write: (text: string) => void,
  options: { delayMs?: number; width?: number } = {},
): StatusLine {
  const delayMs = options.delayMs ?? 1000;
  const width = Math.max(20, (options.width ?? 100) - 1);
  const started = Date.now();
  let text = 'Prüfungen laufen …';
  let shown = '';
  const draw = () => {
    if (Date.now() - started < delayMs || text === shown) return;
    write(`\r\u001b[2K${text.length > width ? `${text.slice(0, width - 1)}…` : text}`);
    shown = text;
  };
  const timer = setInterval(draw, 200);
  timer.unref();
  return {
    update(done, total, running) {
      text = `Prüfungen: ${done} von ${total} fertig${running.length > 0 ? ` – noch offen: ${running.join(', ')}` : ''}`;
      draw();
    },
    stop() {
      clearInterval(timer);
      if (shown) write('\r\u001b[2K');
    },
  };
}
