import { createColors } from 'picocolors';

/**
 * The terminal edge: reading answers line by line (works in Git Bash's mintty, in a pipe and in
 * tmux alike), printing, and a progress line for long steps. Colour only on a TTY without NO_COLOR.
 */

export type Colors = ReturnType<typeof createColors>;

export interface Ui {
  readonly auto: boolean;
  readonly tty: boolean;
  readonly color: Colors;
  out(text: string): void;
  /** Prints the prompt and waits for one line; null when input has ended (treated as "quit"). */
  ask(prompt: string): Promise<string | null>;
  /** Lets a child process have the terminal's input (interactive steps); the next ask() takes it back. */
  releaseInput(): void;
  progress(label: string): Progress;
}

export interface Progress {
  /** The step printed something: hide the status line until it is quiet again. */
  activity(): void;
  stop(): void;
}

export interface TerminalOptions {
  auto: boolean;
  input?: NodeJS.ReadableStream & { isTTY?: boolean };
  output?: NodeJS.WritableStream & { isTTY?: boolean };
  env?: NodeJS.ProcessEnv;
}

export function colorsEnabled(output: { isTTY?: boolean }, env: NodeJS.ProcessEnv): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0') return true;
  return output.isTTY === true && env.TERM !== 'dumb';
}

export function terminalUi(options: TerminalOptions): Ui {
  const input = options.input ?? process.stdin;
  const output = options.output ?? process.stdout;
  const env = options.env ?? process.env;
  const tty = output.isTTY === true;
  const color = createColors(colorsEnabled(output, env));
  const lines: string[] = [];
  const waiting: Array<(line: string | null) => void> = [];
  let buffer = '';
  let ended = false;
  let listening = false;

  const onData = (chunk: Buffer | string) => {
    buffer += chunk.toString();
    let newline = buffer.indexOf('\n');
    while (newline !== -1) {
      const line = buffer.slice(0, newline).replace(/\r$/, '');
      buffer = buffer.slice(newline + 1);
      const next = waiting.shift();
      if (next) next(line);
      else lines.push(line);
      newline = buffer.indexOf('\n');
    }
  };
  const onEnd = () => {
    ended = true;
    for (const next of waiting.splice(0)) next(buffer === '' ? null : buffer);
    buffer = '';
  };
  // A paused pipe on stdin still holds the event loop: without unref the runner would not end after
  // `q` while whoever feeds its input keeps the pipe open. (A terminal, a file: no difference.)
  const handle = input as NodeJS.ReadableStream & { ref?: () => void; unref?: () => void };
  const listen = () => {
    if (listening) return;
    listening = true;
    input.on('data', onData);
    input.on('end', onEnd);
    handle.ref?.();
    input.resume();
  };
  const unlisten = () => {
    if (!listening) return;
    listening = false;
    input.off('data', onData);
    input.off('end', onEnd);
    input.pause();
    handle.unref?.();
  };

  return {
    auto: options.auto,
    tty,
    color,
    out: (text) => {
      output.write(text);
    },
    ask(prompt) {
      output.write(prompt);
      const ready = lines.shift();
      if (ready !== undefined) return Promise.resolve(ready);
      if (ended) return Promise.resolve(null);
      listen();
      return new Promise((resolve) => {
        waiting.push((line) => {
          if (waiting.length === 0 && lines.length === 0) unlisten();
          resolve(line);
        });
      });
    },
    releaseInput: unlisten,
    progress(label) {
      const started = Date.now();
      let lastActivity = Date.now();
      let shown = false;
      let lastLine = 0;
      const clear = () => {
        if (shown && tty) output.write('\r\u001b[2K');
        shown = false;
      };
      const timer = setInterval(
        () => {
          const quiet = Date.now() - lastActivity;
          const seconds = Math.round((Date.now() - started) / 1000);
          if (tty && quiet > 1500) {
            const spinner = '⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏'[Math.floor(Date.now() / 100) % 10];
            output.write(`\r\u001b[2K${color.dim(`${spinner} ${label} läuft seit ${seconds} s …`)}`);
            shown = true;
          } else if (!tty && quiet > 15000 && Date.now() - lastLine > 15000) {
            output.write(`… ${label} läuft noch (${seconds} s)\n`);
            lastLine = Date.now();
          }
        },
        tty ? 100 : 1000,
      );
      timer.unref();
      return {
        activity() {
          lastActivity = Date.now();
          clear();
        },
        stop() {
          clearInterval(timer);
          clear();
        },
      };
    },
  };
}
