import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from '../helpers.ts';

/** The lesson CLI from source (through tsx), as a real process with its own environment. */
export const cliArgs = ['--import', 'tsx', join(repoRoot, 'runner', 'cli.ts')];

export interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

export function runLessonProcess(
  args: string[],
  env: NodeJS.ProcessEnv,
  cwd = repoRoot,
  timeoutMs = 120_000,
): CliRun {
  const result = spawnSync(process.execPath, [...cliArgs, ...args], {
    cwd,
    env: { ...env, NO_COLOR: '1' },
    encoding: 'utf8',
    timeout: timeoutMs,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const started = new Set<ReturnType<typeof spawn>>();

/** Ends every CLI a test started and did not see exit (a failed test must not leave one waiting). */
export function killStartedProcesses(): void {
  for (const child of started)
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  started.clear();
}

export function startLessonProcess(args: string[], env: NodeJS.ProcessEnv, cwd = repoRoot) {
  const child = spawn(process.execPath, [...cliArgs, ...args], {
    cwd,
    env: { ...env, NO_COLOR: '1' },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  started.add(child);
  let stdout = '';
  child.stdout.on('data', (data: Buffer) => {
    stdout += data.toString();
  });
  child.stderr.on('data', (data: Buffer) => {
    stdout += data.toString();
  });
  return {
    child,
    get output() {
      return stdout;
    },
    /** Waits until the output matches, or fails with what was printed so far. */
    async waitFor(pattern: RegExp, timeoutMs = 60_000): Promise<RegExpExecArray> {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const match = pattern.exec(stdout);
        if (match) return match;
        if (Date.now() > deadline)
          throw new Error(`Zeitüberschreitung beim Warten auf ${pattern}; Ausgabe:\n${stdout}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
    exited: new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code))),
  };
}
