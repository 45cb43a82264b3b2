import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { isSecretName } from './redact.ts';

/**
 * Progress of one learner through one lesson, saved after every step in the project folder
 * (`.lesson/state-30.1.json`). It holds what was done and when, quiz ratings, placeholder values
 * (an account id is not a secret) and the working directory — never the environment's secrets:
 * only variables a step changed, minus anything that looks or is known to be secret.
 */

export type StepStatus = 'ok' | 'failed' | 'skipped' | 'warn' | 'interrupted';

export interface StepRecord {
  status: StepStatus;
  at: string;
  exitCode?: number | null;
  reason?: string;
  durationMs?: number;
  expectations?: Array<{ verdict: 'pass' | 'fail' | 'info'; message: string }>;
}

export interface RunState {
  version: 1;
  lessonId: string;
  startedAt: string;
  updatedAt: string;
  /** Time spent in the runner, summed over all sessions. */
  activeMs: number;
  /** Plan items completed, by key (`step:12`, `quiz:3`, `end:teil-4`). */
  finished: string[];
  steps: Record<string, StepRecord>;
  quizzes: Record<string, { rating: 1 | 2 | 3; at: string }>;
  /** The latest result of each check the run asked (`aws-identity` → pass), for the summary. */
  checks: Record<
    string,
    { status: 'pass' | 'fail' | 'warn' | 'skip' | 'manual'; message: string; at: string }
  >;
  placeholders: Record<string, string>;
  /** Where the learner's terminal stands, relative to the project folder. */
  cwd: string;
  /** Variables steps set (e.g. the venv's PATH and VIRTUAL_ENV); secrets are never stored. */
  env: Record<string, string>;
  /** Background servers running right now, so a run that was killed can stop them next time. */
  servers: Array<{ pid: number; step: number; command: string }>;
}

export function newState(lessonId: string, now: Date): RunState {
  return {
    version: 1,
    lessonId,
    startedAt: now.toISOString(),
    updatedAt: now.toISOString(),
    activeMs: 0,
    finished: [],
    steps: {},
    quizzes: {},
    checks: {},
    placeholders: {},
    cwd: '.',
    env: {},
    servers: [],
  };
}

export function stateFile(projectDir: string, lessonId: string): string {
  return join(projectDir, '.lesson', `state-${lessonId}.json`);
}

export type LoadedState = { state: RunState; problem?: string };

/** Reads the state; an unreadable one is set aside (`.kaputt`) and a fresh start reported, nothing is lost. */
export function loadState(file: string, lessonId: string, now: Date): LoadedState {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return { state: newState(lessonId, now) };
  }
  try {
    const state = JSON.parse(text) as RunState;
    if (state.version !== 1 || state.lessonId !== lessonId || !Array.isArray(state.finished))
      throw new Error('Form');
    return { state: { ...newState(lessonId, now), ...state } };
  } catch {
    const aside = `${file}.kaputt`;
    try {
      renameSync(file, aside);
    } catch {
      // If even that fails the old file stays where it is; we still do not overwrite it below.
    }
    return {
      state: newState(lessonId, now),
      problem: `Der gespeicherte Fortschritt war nicht lesbar und liegt jetzt in ${aside}; die Lektion beginnt von vorn.`,
    };
  }
}

/** Writes beside and renames, so a crash mid-write never leaves half a state file. */
export function saveState(file: string, state: RunState): void {
  mkdirSync(dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(state, null, 2)}\n`);
  renameSync(temporary, file);
}

/** What a step changed in the environment, without anything secret, for resuming in a new terminal. */
export function storableEnvChanges(
  initial: Record<string, string>,
  current: Record<string, string>,
  secrets: ReadonlySet<string>,
): Record<string, string> {
  const changes: Record<string, string> = {};
  for (const [name, value] of Object.entries(current)) {
    // All AWS_ settings stay out too: profiles and endpoints belong to the learner's own setup.
    if (initial[name] === value || isSecretName(name) || name.startsWith('AWS_')) continue;
    if ([...secrets].some((secret) => secret.length >= 6 && value.includes(secret))) continue;
    changes[name] = value;
  }
  return changes;
}
