import type { CheckpointOutcome, Checkpoints } from '../checkpoints.ts';
import type { CommandStep, Lesson, Step } from '../model.ts';
import type { PlaceholderResolver } from '../resolve.ts';
import type { RunnerOptions } from '../run.ts';
import type { RunLog } from '../run-log.ts';
import type { ShellSession } from '../session.ts';
import type { StepRecord } from '../state.ts';
import type { Ui } from '../terminal.ts';

/**
 * What a step executor may use of the run it belongs to: the learner's terminal and shell, the log,
 * the checks, and the run's bookkeeping. The executors in this folder get it; `LessonRun` owns it.
 */
export type StepResult = 'next' | 'quit' | 'failed';

export interface StepContext {
  readonly ui: Ui;
  readonly lesson: Lesson;
  readonly session: ShellSession;
  readonly log: RunLog;
  readonly checkpoints: Checkpoints;
  readonly options: RunnerOptions;
  /** Values for `<deine-account-id>` and its kind: asked, derived or remembered. */
  readonly placeholders: PlaceholderResolver;
  /** Ctrl+C was pressed: a step that ends now was interrupted. */
  readonly stopping: boolean;
  /** Ids of the adaptations that took effect. */
  readonly applied: Set<string>;
  record(step: Step, record: Omit<StepRecord, 'at'>): void;
  showOutcomes(outcomes: CheckpointOutcome[]): void;
  keepOutput(step: Step, script: string, output: string): void;
  startServer(step: CommandStep, script: string): Promise<StepResult>;
  installed(tool: string): Promise<boolean>;
  consent(question: string, extra?: string): Promise<'run' | 'skip' | 'quit' | 'variants'>;
}
