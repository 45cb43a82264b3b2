import { spawnSync } from 'node:child_process';

/**
 * The runner's view of `checks/`: run the checks a step or checklist item names. Until a check with
 * that id exists, the runner judges a step by its exit code and expected output alone and says so.
 */
export interface CheckpointOutcome {
  id: string;
  status: 'pass' | 'fail' | 'warn' | 'skip' | 'manual';
  message: string;
  hint?: string;
}

export interface Checkpoints {
  has(id: string): boolean;
  run(ids: string[]): Promise<CheckpointOutcome[]>;
}

export const noCheckpoints: Checkpoints = {
  has: () => false,
  run: async () => [],
};

/** The region the learner configured (`aws configure`), as their CLI reads it. */
function configuredRegion(env: NodeJS.ProcessEnv): string | undefined {
  const answer = spawnSync('aws', ['configure', 'get', 'region'], { env, encoding: 'utf8', timeout: 10_000 });
  const region = answer.status === 0 ? answer.stdout.trim() : '';
  return region === '' ? undefined : region;
}

/** The checks of `checks/` as the runner's checkpoints, with the learner's environment. */
export async function checksAsCheckpoints(env: NodeJS.ProcessEnv): Promise<Checkpoints> {
  const [{ checks }, { runChecks }] = await Promise.all([
    import('../checks/index.ts'),
    import('../checks/run.ts'),
  ]);
  const region = env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? configuredRegion(env) ?? 'eu-central-1';
  const known = new Set(checks.map((check) => check.id));
  return {
    has: (id) => known.has(id),
    async run(ids) {
      const wanted = ids.filter((id) => known.has(id));
      if (wanted.length === 0) return [];
      const results = await runChecks(
        checks,
        { env, region, apiUrl: 'http://localhost:8000', remote: false },
        wanted,
      );
      return results
        .filter((result) => wanted.includes(result.id))
        .map((result) => ({
          id: result.id,
          status: result.status,
          message: result.message,
          ...(result.hint ? { hint: result.hint } : {}),
        }));
    },
  };
}
