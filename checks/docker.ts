import { type ProgramOutput, runProgram } from './program.ts';
import type { CheckContext } from './types.ts';

/** The learner's docker CLI with the check's environment (DOCKER_HOST, DOCKER_CONFIG). */
export function docker(context: CheckContext, args: string[]): Promise<ProgramOutput> {
  return runProgram(context, 'docker', args);
}

/** The docker CLI is there, but the engine (Docker Desktop) does not answer. */
export function engineDown(stderr: string): boolean {
  return /Cannot connect to the Docker daemon|Is the docker daemon running|error during connect|docker_engine/i.test(
    stderr,
  );
}
