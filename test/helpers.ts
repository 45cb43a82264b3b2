import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CliIo } from '../runner/cli.ts';

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
export const fixtures = join(repoRoot, 'test', 'fixtures');
export const lesson301 = join(repoRoot, 'lessons', '30.1-aws-sandbox-ecr.md');

/** Runs the CLI in-process and captures what it prints. */
export async function runCli(
  args: string[],
  cwd = repoRoot,
): Promise<{ code: number; stdout: string; stderr: string }> {
  const { main } = await import('../runner/cli.ts');
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
    cwd,
  };
  const code = await main(args, io);
  return { code, stdout, stderr };
}
