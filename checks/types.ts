/**
 * One type for every check and its result. A check is declared (`defineCheck`), not scripted: an id,
 * a German title, points, the checks it needs first, and a `run` that returns an outcome by message
 * id. The German texts live in the check's message table; reporters turn outcomes into text.
 */

export type CheckStatus = 'pass' | 'fail' | 'warn' | 'skip' | 'manual';

export type MessageData = Record<string, string | number>;

export interface Message {
  /** For the learner: "Erwartet …, gefunden …" with {placeholders} from the outcome's data. */
  text: string;
  /** What to do next, from the lesson's help boxes where it has one. */
  hint?: string;
}

export interface Outcome<M extends string = string> {
  status: Exclude<CheckStatus, 'skip'> | 'skip';
  messageId: M;
  data?: MessageData;
  /** For instructors only: raw details (never secrets). */
  detail?: string;
}

/** Where a check can run: some only make sense on the learner's own machine (local Docker). */
export type CheckScope = 'local' | 'anywhere';

export interface CheckContext {
  env: NodeJS.ProcessEnv;
  region: string;
  /** The learner's API, for API checks. */
  apiUrl: string;
  /** Instructor mode: checks with scope 'local' are skipped. */
  remote: boolean;
  signal: AbortSignal;
}

export interface Check<M extends string = string> {
  id: string;
  title: string;
  points: number;
  needs: string[];
  scope: CheckScope;
  timeoutMs: number;
  messages: Record<M, Message>;
  run(context: CheckContext): Promise<Outcome<M>>;
}

export function defineCheck<M extends string>(check: Check<M>): Check<M> {
  return check;
}

/** A check's outcome with its texts filled in: what reporters and the runner show. */
export interface CheckResult {
  id: string;
  title: string;
  points: number;
  status: CheckStatus;
  message: string;
  hint?: string;
  detail?: string;
  durationMs: number;
}

export function fillMessage(template: string, data: MessageData = {}): string {
  return template.replace(/\{(\w+)\}/g, (token, name: string) => (name in data ? String(data[name]) : token));
}
