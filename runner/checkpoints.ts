import type { Ui } from './terminal.ts';

/**
 * The runner's view of `checks/`: run the checks a step or checklist item names. Until a check with
 * that id exists, the runner judges a step by its exit code and expected output alone and says so.
 */
export interface CheckpointOutcome {
  id: string;
  status: 'pass' | 'fail' | 'warn' | 'skip' | 'manual';
  message: string;
  hint?: string;
  /** A bonus check: not passing it never fails a step. */
  bonus?: boolean;
}

export interface Checkpoints {
  has(id: string): boolean;
  run(ids: string[]): Promise<CheckpointOutcome[]>;
}

export const noCheckpoints: Checkpoints = {
  has: () => false,
  run: async () => [],
};

/**
 * The same checkpoints with a status line while they run: nothing for the usual quick answer, a
 * spinner once they take longer (a probe container starting, a push still arriving).
 */
export function withProgress(checkpoints: Checkpoints, ui: Pick<Ui, 'progress'>): Checkpoints {
  return {
    has: (id) => checkpoints.has(id),
    async run(ids) {
      const known = ids.filter((id) => checkpoints.has(id));
      if (known.length === 0) return checkpoints.run(ids);
      const progress = ui.progress(`Prüfung ${known.join(', ')}`);
      try {
        return await checkpoints.run(ids);
      } finally {
        progress.stop();
      }
    },
  };
}

/** The checks of `checks/` as the runner's checkpoints, with the learner's environment. */
export async function checksAsCheckpoints(env: NodeJS.ProcessEnv): Promise<Checkpoints> {
  const [{ checks }, { runChecks }, { configuredRegion }] = await Promise.all([
    import('../checks/index.ts'),
    import('../checks/run.ts'),
    import('../checks/aws-config.ts'),
  ]);
  const known = new Set(checks.map((check) => check.id));
  return {
    has: (id) => known.has(id),
    async run(ids) {
      const wanted = ids.filter((id) => known.has(id));
      if (wanted.length === 0) return [];
      // Asked each time: the learner may have run `aws configure` since the last checkpoint.
      const region = (await configuredRegion(env)) ?? 'eu-central-1';
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
          ...(result.bonus ? { bonus: true } : {}),
        }));
    },
  };
}
