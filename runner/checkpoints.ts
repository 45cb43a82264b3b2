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
