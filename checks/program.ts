import { type ExecFileException, execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { constants } from 'node:os';
import { join } from 'node:path';
import type { CheckContext } from './types.ts';

export interface ProgramOutput {
  /**
   * The program's exit code as a shell reports it: 127 when it could not be started („command not
   * found“), 128 + the signal's number when a signal ended it (the check's time ran out).
   */
  exitCode: number;
  stdout: string;
  stderr: string;
  /** No such program on the learner's PATH. */
  missing: boolean;
}

/**
 * Runs one of the learner's programs (`docker`, `aws`) with the check's environment and abort signal,
 * its arguments as they are: no shell in between, so nothing to quote and no bash needed on Windows.
 * (zx, which walks the lesson's shell steps in the runner, would start a bash for each call and switch
 * on Node 20's promise tracking for the whole process: together ~45 ms of a 0.6 s grading run.)
 */
export async function runProgram(
  context: CheckContext,
  program: string,
  args: string[],
  platform: NodeJS.Platform = process.platform,
): Promise<ProgramOutput> {
  const output = await run(context, program, args);
  // On Windows pip installs the AWS CLI v1 as `aws.cmd`, which only a shell can start (node refuses
  // batch files without one). cmd.exe would take apart arguments with spaces or special characters,
  // so only plain words go that way (`aws --version`).
  if (!output.missing || platform !== 'win32' || !args.every((arg) => /^[\w.=/-]+$/.test(arg))) return output;
  const batch = onPath(`${program}.cmd`, context.env, ';');
  return batch ? run(context, `"${batch}"`, args, true) : output;
}

function run(context: CheckContext, file: string, args: string[], shell = false): Promise<ProgramOutput> {
  return new Promise((resolve) => {
    execFile(
      file,
      args,
      { env: context.env, signal: context.signal, windowsHide: true, maxBuffer: 16 * 1024 * 1024, shell },
      (error, stdout, stderr) =>
        resolve({
          exitCode: error === null ? 0 : exitCodeOf(error),
          stdout,
          stderr: stderr || (error !== null && typeof error.code !== 'number' ? error.message : ''),
          missing: error?.code === 'ENOENT',
        }),
    );
  });
}

/** Where a file lies on the environment's PATH (`Path` on Windows), if it does. */
export function onPath(name: string, env: NodeJS.ProcessEnv, delimiter: string): string | undefined {
  const key = Object.keys(env).find((variable) => variable.toUpperCase() === 'PATH');
  return (key ? (env[key] ?? '') : '')
    .split(delimiter)
    .filter(Boolean)
    .map((dir) => join(dir, name))
    .find((file) => existsSync(file));
}

function exitCodeOf(error: ExecFileException): number {
  if (typeof error.code === 'number') return error.code;
  // Aborted by the check's time limit: node ended the program with SIGTERM.
  const signal = error.code === 'ABORT_ERR' ? 'SIGTERM' : error.signal;
  return signal ? 128 + constants.signals[signal] : 127;
}
