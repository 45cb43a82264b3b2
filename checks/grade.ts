import type { ChecklistItem, Lesson } from '../runner/model.ts';
import { secretsFromEnv } from '../runner/redact.ts';
import type { CheckEntry, GradeReport, ItemEntry } from './report-model.ts';
import { runChecks } from './run.ts';
import type { Check, CheckResult, CheckStatus } from './types.ts';

/**
 * Grading one learner: which checks a lesson names (checklist, cleanup list, steps, and what they
 * need), running them, and the pure summary into a `GradeReport`.
 */

export interface GradeOptions {
  lesson: Lesson;
  checks: readonly Check[];
  env: NodeJS.ProcessEnv;
  region: string;
  /** Learner mode defaults to http://localhost:8000; instructor mode has only what was given. */
  apiUrl?: string;
  instructor: boolean;
  student?: string;
  /** Every check still running after this long is ended (a class run's per-student limit). */
  timeLimitMs?: number;
  /** After each finished check: how many of how many are done, and which still run. */
  onCheckDone?: (done: number, total: number, running: string[]) => void;
}

/** The ids of the checks a lesson uses, in the order of `checks`. */
export function lessonCheckIds(lesson: Lesson, checks: readonly Check[]): string[] {
  const named = new Set<string>();
  for (const item of [...lesson.checklist, ...lesson.cleanup]) for (const id of item.checks) named.add(id);
  for (const step of lesson.steps) for (const id of step.checks) named.add(id);
  const byId = new Map(checks.map((check) => [check.id, check]));
  const add = (id: string) => {
    for (const need of byId.get(id)?.needs ?? []) {
      named.add(need);
      add(need);
    }
  };
  for (const id of [...named]) add(id);
  return checks.filter((check) => named.has(check.id)).map((check) => check.id);
}

export async function gradeLearner(options: GradeOptions): Promise<GradeReport> {
  const started = new Date();
  const ids = lessonCheckIds(options.lesson, options.checks);
  const limit = options.timeLimitMs ? AbortSignal.timeout(options.timeLimitMs) : undefined;
  const apiUrl = options.apiUrl ?? (options.instructor ? undefined : 'http://localhost:8000');
  const results = await runChecks(
    options.checks,
    {
      env: options.env,
      region: options.region,
      ...(apiUrl ? { apiUrl } : {}),
      remote: options.instructor,
    },
    ids,
    {
      ...(limit ? { limit } : {}),
      ...(options.onCheckDone ? { onResult: progressCounter(options.checks, ids, options.onCheckDone) } : {}),
    },
  );
  const report = summarise(options.lesson, results, {
    mode: options.instructor ? 'instructor' : 'learner',
    apiUrl: apiUrl ?? null,
    region: options.region,
    startedAt: started.toISOString(),
    durationMs: Date.now() - started.getTime(),
    ...(options.student ? { student: options.student } : {}),
    ...(limit?.aborted
      ? { error: `Zeitlimit von ${Math.round((options.timeLimitMs ?? 0) / 1000)} s überschritten.` }
      : {}),
  });
  return scrubReport(report, secretsFromEnv(options.env));
}

/** Counts finished checks and names (by title) the ones still running. */
function progressCounter(
  checks: readonly Check[],
  ids: string[],
  report: (done: number, total: number, running: string[]) => void,
): (result: CheckResult) => void {
  const running = new Map(
    checks.filter((check) => ids.includes(check.id)).map((check) => [check.id, check.title]),
  );
  const total = running.size;
  return (result) => {
    running.delete(result.id);
    report(total - running.size, total, [...running.values()]);
  };
}

type Meta = Pick<
  GradeReport,
  'mode' | 'apiUrl' | 'region' | 'startedAt' | 'durationMs' | 'student' | 'error'
>;

const earns = (status: CheckStatus) => status === 'pass' || status === 'warn';
const percentOf = (earned: number, points: number) =>
  points === 0 ? 100 : Math.round((earned / points) * 1000) / 10;

/** Pure: check results and the lesson's lists into the report. */
export function summarise(lesson: Lesson, results: CheckResult[], meta: Meta): GradeReport {
  const checks: CheckEntry[] = results.map((result) => ({
    id: result.id,
    title: result.title,
    status: result.status,
    points: result.points,
    earned: earns(result.status) ? result.points : 0,
    bonus: result.bonus,
    message: result.message,
    ...(result.hint ? { hint: result.hint } : {}),
    ...(result.detail ? { detail: result.detail } : {}),
    ...(result.skipReason ? { skipReason: result.skipReason } : {}),
    durationMs: Math.max(0, Math.round(result.durationMs)),
  }));
  const byId = new Map(checks.map((check) => [check.id, check]));
  const entry = (list: ItemEntry['list'], item: ChecklistItem): ItemEntry => {
    const own = item.checks.flatMap((id) => (byId.get(id) ? [byId.get(id) as CheckEntry] : []));
    const selfAssessed = item.selfAssessed || own.length === 0;
    const points = own.reduce((sum, check) => sum + check.points, 0);
    const earned = own.reduce((sum, check) => sum + check.earned, 0);
    return {
      list,
      index: item.index,
      line: item.line,
      text: item.text,
      status: selfAssessed ? 'manual' : itemStatus(own),
      checks: own.map((check) => check.id),
      selfAssessed,
      points,
      earned,
      percent: selfAssessed ? null : percentOf(earned, points),
    };
  };
  const all = [
    ...lesson.checklist.map((item) => entry('checklist', item)),
    ...lesson.cleanup.map((item) => entry('cleanup', item)),
  ];
  // Checks that cannot run in this setting (instructor mode, no API address) count neither for nor against.
  const graded = checks.filter((check) => check.skipReason !== 'scope');
  const required = graded.filter((check) => !check.bonus);
  const bonus = graded.filter((check) => check.bonus);
  const points = required.reduce((sum, check) => sum + check.points, 0);
  const earned = required.reduce((sum, check) => sum + check.earned, 0);
  const items = all.filter((item) => !item.selfAssessed);
  const notHere = (item: ItemEntry) => item.checks.every((id) => byId.get(id)?.skipReason === 'scope');
  const passed =
    meta.error === undefined &&
    items.every(
      (item) => item.status === 'pass' || item.status === 'warn' || (item.status === 'skip' && notHere(item)),
    );
  return {
    lesson: { id: lesson.meta.id, title: lessonTitle(lesson), file: lesson.file },
    ...(meta.student !== undefined ? { student: meta.student } : {}),
    mode: meta.mode,
    apiUrl: meta.apiUrl,
    region: meta.region,
    startedAt: meta.startedAt,
    durationMs: meta.durationMs,
    passed,
    total: {
      points,
      earned,
      percent: percentOf(earned, points),
      bonusPoints: bonus.reduce((sum, check) => sum + check.points, 0),
      bonusEarned: bonus.reduce((sum, check) => sum + check.earned, 0),
    },
    checks,
    items,
    selfAssessed: all.filter((item) => item.selfAssessed),
    ...(meta.error !== undefined ? { error: meta.error } : {}),
  };
}

/** The title without the number it starts with („30.1: AWS Sandbox …“). */
export function lessonTitle(lesson: Lesson): string {
  const { id, title } = lesson.meta;
  return title.startsWith(`${id}:`) ? title.slice(id.length + 1).trim() : title;
}

/** An item is as good as its worst check; checks not run here leave it open ('skip'). */
function itemStatus(checks: CheckEntry[]): CheckStatus {
  if (checks.some((check) => check.status === 'fail')) return 'fail';
  if (checks.some((check) => check.status === 'skip')) return 'skip';
  if (checks.some((check) => check.status === 'warn')) return 'warn';
  return 'pass';
}

/** No value of a secret variable, nor a password in a URL, leaves the grader, whatever a check carried. */
export function scrubReport<T>(report: T, secrets: string[]): T {
  const known = secrets.filter((secret) => secret.length >= 6).sort((a, b) => b.length - a.length);
  const scrub = (value: unknown): unknown => {
    if (typeof value === 'string')
      return known
        .reduce((text, secret) => text.split(secret).join('«geheim»'), value)
        .replace(/(\/\/[^:/@\s]+):[^@/\s]+@/g, '$1:«geheim»@'); // a password inside a URL
    if (Array.isArray(value)) return value.map(scrub);
    if (value && typeof value === 'object')
      return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, scrub(item)]));
    return value;
  };
  return scrub(report) as T;
}
