import { type ChildProcess, type SpawnOptions, spawn, spawnSync } from 'node:child_process';
import { delimiter, isAbsolute, join, relative, sep } from 'node:path';
import { $ } from 'zx';

/**
 * The learner's terminal, step after step: each step runs in a fresh `bash` through zx, started in
 * the working directory and with the environment the previous step left behind, so `cd backend` and
 * `source venv/bin/activate` carry over as they would in one terminal window. The new directory and
 * environment come back on file descriptor 3, never through a file: the environment may hold secrets.
 */

export interface StepResult {
  exitCode: number | null;
  signal: string | null;
  /** Exit code of the first command that failed, when it was not the last one. */
  firstFailure: number | null;
  stdout: string;
  stderr: string;
  durationMs: number;
}

export interface RunOptions {
  /** Give the command the real terminal (`aws configure`); its output is then not captured. */
  interactive?: boolean;
  onOutput?: (chunk: string, stream: 'stdout' | 'stderr') => void;
  /** A look, not a step: directory and environment stay as they were. */
  probe?: boolean;
}

const STATE_MARKER = '\u001eLESSON-STATE\u001e';

/** Runs the step, then reports the failing command, the directory and the environment on fd 3. */
function wrap(script: string): string {
  return [
    '__lesson_failed=',
    // biome-ignore lint/suspicious/noTemplateCurlyInString: bash parameter expansion, not a template
    "trap '__lesson_failed=${__lesson_failed:-$?}' ERR",
    `trap '__lesson_rc=$?; { printf "%s%s\\0%s\\0" "${STATE_MARKER}" "$__lesson_failed" "$PWD"; env -0; } >&3 2>/dev/null; exit $__lesson_rc' EXIT`,
    script,
  ].join('\n');
}

/** Environment for the learner's shell: the runner's own (npm's variables and bin folders) removed. */
export function learnerEnvironment(env: NodeJS.ProcessEnv, toolRoot: string): Record<string, string> {
  const clean: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) {
    if (value === undefined || name.startsWith('npm_') || name === 'INIT_CWD' || name === 'NODE') continue;
    clean[name] = value;
  }
  if (clean.PATH) {
    clean.PATH = clean.PATH.split(delimiter)
      .filter((entry) => !entry.startsWith(join(toolRoot, 'node_modules')) && !/node-gyp-bin$/.test(entry))
      .join(delimiter);
  }
  return clean;
}

export class ShellSession {
  cwd: string;
  env: Record<string, string>;
  readonly projectDir: string;
  private readonly running = new Set<ChildProcess>();

  constructor(options: { projectDir: string; cwd?: string; env: Record<string, string> }) {
    this.projectDir = options.projectDir;
    this.cwd = options.cwd ?? options.projectDir;
    this.env = { ...options.env };
  }

  /** The working directory relative to the project folder (`cloudnotes/backend`), or absolute outside it. */
  get relativeCwd(): string {
    const path = relative(this.projectDir, this.cwd);
    if (path === '') return '.';
    return path.startsWith('..') || isAbsolute(path) ? this.cwd : path.split(sep).join('/');
  }

  async run(script: string, options: RunOptions = {}): Promise<StepResult> {
    let state = '';
    const started = Date.now();
    const process = $({
      cwd: this.cwd,
      env: this.env,
      quiet: true,
      nothrow: true,
      prefix: '',
      postfix: '',
      stdio: options.interactive
        ? ['inherit', 'inherit', 'inherit', 'pipe']
        : ['ignore', 'pipe', 'pipe', 'pipe'],
      // zx's hook for spawning: the only way to reach the child's fd 3 as it starts.
      spawn: ((command: string, args: readonly string[], spawnOptions: SpawnOptions) => {
        const child = spawn(command, args, spawnOptions);
        child.stdio[3]?.on('data', (data: Buffer) => {
          state += data.toString('utf8');
        });
        this.running.add(child);
        child.on('exit', () => this.running.delete(child));
        return child;
      }) as unknown as typeof spawn,
    })`bash --noprofile --norc -c ${wrap(script)}`;
    if (!options.interactive && options.onOutput) {
      const onOutput = options.onOutput;
      process.stdout.on('data', (data: Buffer) => onOutput(data.toString('utf8'), 'stdout'));
      process.stderr.on('data', (data: Buffer) => onOutput(data.toString('utf8'), 'stderr'));
    }
    const output = await process;
    const firstFailure = options.probe ? null : this.adopt(state);
    return {
      exitCode: output.exitCode,
      signal: output.signal,
      firstFailure: firstFailure !== null && firstFailure !== output.exitCode ? firstFailure : null,
      stdout: options.interactive ? '' : output.stdout,
      stderr: options.interactive ? '' : output.stderr,
      durationMs: Date.now() - started,
    };
  }

  /** Takes over directory and environment from the state block; returns the first failing exit code. */
  private adopt(state: string): number | null {
    const start = state.lastIndexOf(STATE_MARKER);
    if (start === -1) return null;
    const [failed = '', cwd = '', ...variables] = state.slice(start + STATE_MARKER.length).split('\0');
    if (cwd) this.cwd = cwd;
    const env: Record<string, string> = {};
    for (const variable of variables) {
      const equals = variable.indexOf('=');
      if (equals > 0) env[variable.slice(0, equals)] = variable.slice(equals + 1);
    }
    // bash's own bookkeeping is not part of what a terminal keeps.
    for (const name of ['_', 'SHLVL', 'OLDPWD', 'PWD']) delete env[name];
    if (Object.keys(env).length > 0) this.env = env;
    return failed === '' ? null : Number(failed);
  }

  /** Starts a server in its own process group; `stop()` ends the whole group. */
  startBackground(script: string, onOutput?: (chunk: string) => void): BackgroundProcess {
    const child = spawn('bash', ['--noprofile', '--norc', '-c', script], {
      cwd: this.cwd,
      env: this.env,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const background = new BackgroundProcess(child, script);
    child.stdout?.on('data', (data: Buffer) => background.record(data.toString('utf8'), onOutput));
    child.stderr?.on('data', (data: Buffer) => background.record(data.toString('utf8'), onOutput));
    return background;
  }

  /** Ends a foreground step still running (Ctrl+C, crash). */
  killForeground(): void {
    for (const child of this.running) killGroupOrProcess(child.pid, 'SIGTERM', false);
  }
}

function killGroupOrProcess(pid: number | undefined, signal: NodeJS.Signals, group: boolean): boolean {
  if (pid === undefined) return false;
  // Windows has no process groups to signal: taskkill ends the process and its children (/T).
  // Not exercised by the tests here (Linux only).
  if (process.platform === 'win32' && group) {
    return spawnSync('taskkill', ['/pid', String(pid), '/T', '/F'], { stdio: 'ignore' }).status === 0;
  }
  try {
    process.kill(group ? -pid : pid, signal);
    return true;
  } catch {
    return false;
  }
}

/** SIGTERM, then SIGKILL, to a whole process group (synchronous, best effort). */
export function killGroup(pid: number): void {
  killGroupOrProcess(pid, 'SIGTERM', true);
  const deadline = Date.now() + 2000;
  while (isAlive(pid, true) && Date.now() < deadline) spawnSync('sleep', ['0.05']);
  if (isAlive(pid, true)) killGroupOrProcess(pid, 'SIGKILL', true);
}

/** The command line of a process, if `ps` can tell (macOS, Linux, Git Bash). */
export function processCommand(pid: number): string | undefined {
  const result = spawnSync('ps', ['-o', 'args=', '-p', String(pid)], { encoding: 'utf8' });
  return result.status === 0 ? result.stdout.trim() : undefined;
}

export function isAlive(pid: number, group = false): boolean {
  try {
    process.kill(group ? -pid : pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export class BackgroundProcess {
  readonly pid: number;
  private readonly tail: string[] = [];
  private exited = false;
  exitCode: number | null = null;
  readonly done: Promise<void>;

  constructor(
    child: ChildProcess,
    readonly script: string,
  ) {
    this.pid = child.pid ?? -1;
    this.done = new Promise((resolve) => {
      child.on('exit', (code) => {
        this.exited = true;
        this.exitCode = code;
        resolve();
      });
      child.on('error', () => {
        this.exited = true;
        resolve();
      });
    });
  }

  get running(): boolean {
    return !this.exited;
  }

  /** The last lines the server printed, kept in memory only. */
  get output(): string {
    return this.tail.join('');
  }

  record(chunk: string, onOutput?: (chunk: string) => void): void {
    this.tail.push(chunk);
    if (this.tail.length > 200) this.tail.shift();
    onOutput?.(chunk);
  }

  /** SIGTERM to the whole process group (uvicorn --reload has a reloader and a worker), SIGKILL after 3 s. */
  async stop(): Promise<void> {
    if (this.pid <= 0) return;
    killGroupOrProcess(this.pid, 'SIGTERM', true);
    const deadline = Date.now() + 3000;
    while (isAlive(this.pid, true) && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 50));
    if (isAlive(this.pid, true)) killGroupOrProcess(this.pid, 'SIGKILL', true);
    await Promise.race([this.done, new Promise((resolve) => setTimeout(resolve, 1000))]);
  }

  /** Synchronous last resort when the runner itself is exiting. */
  killNow(): void {
    if (this.pid > 0) killGroupOrProcess(this.pid, 'SIGKILL', true);
  }
}
