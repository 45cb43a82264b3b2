import { spawnSync } from 'node:child_process';

/** A real terminal for the interactive UI: a tmux session on a private server socket. */
export function tmuxAvailable(): boolean {
  return spawnSync('tmux', ['-V'], { stdio: 'ignore' }).status === 0;
}

export class Terminal {
  private readonly socket = `lesson-test-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
  private readonly name = 'runner';

  /** Starts `command` (a shell line) in a 200×60 terminal; the pane stays open after it ends. */
  constructor(command: string, env: Record<string, string>) {
    const exports = Object.entries(env)
      .map(([key, value]) => `export ${key}=${shellQuote(value)}`)
      .join('; ');
    this.tmux(
      'new-session',
      '-d',
      '-s',
      this.name,
      '-x',
      '200',
      '-y',
      '60',
      `${exports}; ${command}; echo "[beendet mit $?]"; sleep 600`,
    );
  }

  private tmux(...args: string[]): string {
    const result = spawnSync('tmux', ['-L', this.socket, ...args], { encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`tmux ${args[0]}: ${result.stderr}`);
    return result.stdout;
  }

  /** Everything the terminal shows, scrollback included, soft-wrapped lines joined. */
  screen(): string {
    return this.tmux('capture-pane', '-p', '-J', '-S', '-3000', '-t', this.name);
  }

  /** Types text and presses Enter, as the learner would. */
  type(text: string): void {
    if (text !== '') this.tmux('send-keys', '-t', this.name, '-l', text);
    this.tmux('send-keys', '-t', this.name, 'Enter');
  }

  async waitFor(pattern: RegExp, timeoutMs = 60_000, count = 1): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const screen = this.screen();
      const global = new RegExp(
        pattern.source,
        pattern.flags.includes('g') ? pattern.flags : `${pattern.flags}g`,
      );
      if ((screen.match(global) ?? []).length >= count) return screen;
      if (Date.now() > deadline)
        throw new Error(`Zeitüberschreitung beim Warten auf ${pattern} (${count}×); Bildschirm:\n${screen}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  close(): void {
    spawnSync('tmux', ['-L', this.socket, 'kill-server'], { stdio: 'ignore' });
  }
}

function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}
