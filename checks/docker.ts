import { $ } from 'zx/core';
import type { CheckContext } from './types.ts';

/** The learner's docker CLI through zx, with the check's environment (DOCKER_HOST, DOCKER_CONFIG). */
export async function docker(
  context: CheckContext,
  args: string[],
): Promise<{ exitCode: number; stdout: string; stderr: string }> {
  const output = await $({
    env: context.env as Record<string, string>,
    quiet: true,
    nothrow: true,
    signal: context.signal,
  })`docker ${args}`;
  return { exitCode: output.exitCode ?? 1, stdout: output.stdout, stderr: output.stderr };
}

/** The docker CLI is there, but the engine (Docker Desktop) does not answer. */
export function engineDown(stderr: string): boolean {
  return /Cannot connect to the Docker daemon|Is the docker daemon running|error during connect|docker_engine/i.test(
    stderr,
  );
}
