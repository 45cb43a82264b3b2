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
  /** Not there yet, may still arrive (a push in progress): ask again while the check's `pollMs` lasts. */
  retry?: boolean;
}

/** Where a check can run: some only make sense on the learner's own machine (local Docker). */
export type CheckScope = 'local' | 'anywhere';

export interface CheckContext {
  env: NodeJS.ProcessEnv;
  region: string;
  /** The learner's API, for API checks; absent in instructor mode without `--api-url`. */
  apiUrl?: string;
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
  /** How long an outcome marked `retry` is asked again (once a second); 0 or absent: never. */
  pollMs?: number;
  /** Bonus checks earn extra points; they are never required to pass. */
  bonus?: boolean;
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
  bonus: boolean;
  status: CheckStatus;
  message: string;
  hint?: string;
  detail?: string;
  /** needs: a prerequisite did not pass; scope: only on the learner's machine (instructor mode). */
  skipReason?: 'needs' | 'scope';
  durationMs: number;
}

export function fillMessage(template: string, data: MessageData = {}): string {
  return template.replace(/\{(\w+)\}/g, (token, name: string) => (name in data ? String(data[name]) : token));
}
