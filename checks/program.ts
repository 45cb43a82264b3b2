import { execFile } from 'node:child_process';
import type { CheckContext } from './types.ts';

export interface ProgramOutput {
  /** The program's exit code; 127 when it could not be started (as a shell says „command not found“). */
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
export function runProgram(context: CheckContext, program: string, args: string[]): Promise<ProgramOutput> {
  return new Promise((resolve) => {
    execFile(
      program,
      args,
      { env: context.env, signal: context.signal, windowsHide: true, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = (error as NodeJS.ErrnoException | null)?.code;
        const missing = code === 'ENOENT';
        resolve({
          exitCode: error === null ? 0 : typeof code === 'number' ? code : 127,
          stdout,
          stderr: stderr || (error && typeof code !== 'number' ? error.message : ''),
          missing,
        });
      },
    );
  });
}
