import type { Check, CheckContext, CheckResult, Outcome } from './types.ts';
import { fillMessage } from './types.ts';

/**
 * Runs checks in dependency order: a check whose prerequisite did not pass is skipped with that
 * reason; each check has its own time limit; independent checks run at the same time.
 */
export async function runChecks(
  checks: readonly Check[],
  context: Omit<CheckContext, 'signal'>,
  only?: string[],
  options: {
    /** Ends every unfinished check (a student's time limit in a class run). */
    limit?: AbortSignal;
    /** Each result as soon as it is there (progress while the others still run). */
    onResult?: (result: CheckResult) => void;
  } = {},
): Promise<CheckResult[]> {
  const { limit, onResult } = options;
  const byId = new Map(checks.map((check) => [check.id, check]));
  const wanted = new Set<string>();
  const add = (id: string) => {
    const check = byId.get(id);
    if (!check || wanted.has(id)) return;
    for (const need of check.needs) add(need);
    wanted.add(id);
  };
  for (const id of only ?? checks.map((check) => check.id)) add(id);
  const results = new Map<string, Promise<CheckResult>>();
  const start = (check: Check): Promise<CheckResult> => {
    let pending = results.get(check.id);
    if (!pending) {
      pending = (async () => {
        if (context.remote && check.scope === 'local') {
          return skipped(
            check,
            'Übersprungen: geht nur auf dem Rechner der lernenden Person (lokales Docker).',
            'scope',
          );
        }
        const prerequisites = await Promise.all(
          check.needs.flatMap((need) => (byId.get(need) ? [start(byId.get(need) as Check)] : [])),
        );
        const failed = prerequisites.find((result) => result.status !== 'pass' && result.status !== 'warn');
        if (failed) {
          return skipped(check, `Übersprungen: „${failed.title}“ ist nicht erfüllt.`, 'needs');
        }
        return execute(check, context, limit);
      })();
      if (onResult) pending.then(onResult, () => {});
      results.set(check.id, pending);
    }
    return pending;
  };
  const ordered = checks.filter((check) => wanted.has(check.id));
  return Promise.all(ordered.map(start));
}

function skipped(check: Check, message: string, skipReason: 'needs' | 'scope'): CheckResult {
  return {
    id: check.id,
    title: check.title,
    points: check.points,
    bonus: check.bonus ?? false,
    status: 'skip',
    message,
    skipReason,
    durationMs: 0,
  };
}

async function execute(
  check: Check,
  context: Omit<CheckContext, 'signal'>,
  limit: AbortSignal | undefined,
): Promise<CheckResult> {
  const started = Date.now();
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort('timeout'), check.timeoutMs);
  const onLimit = () => controller.abort('limit');
  if (limit?.aborted) onLimit();
  limit?.addEventListener('abort', onLimit, { once: true });
  let outcome: Outcome;
  const timedOut = new Promise<Outcome>((resolve) =>
    controller.signal.addEventListener('abort', () =>
      resolve(
        controller.signal.reason === 'limit'
          ? { status: 'fail', messageId: '__limit' }
          : { status: 'fail', messageId: '__timeout', data: { seconds: Math.round(check.timeoutMs / 1000) } },
      ),
    ),
  );
  try {
    const pollUntil = started + (check.pollMs ?? 0);
    for (;;) {
      outcome = await Promise.race([check.run({ ...context, signal: controller.signal }), timedOut]);
      if (!outcome.retry || Date.now() + 1000 > pollUntil || controller.signal.aborted) break;
      await Promise.race([new Promise((resolve) => setTimeout(resolve, 1000)), timedOut]);
    }
  } catch (error) {
    outcome = {
      status: 'fail',
      messageId: '__error',
      data: { error: error instanceof Error ? error.message : String(error) },
    };
  } finally {
    clearTimeout(timer);
    limit?.removeEventListener('abort', onLimit);
  }
  const builtIn: Record<string, { text: string; hint?: string }> = {
    __timeout: {
      text: 'Keine Antwort innerhalb von {seconds} s.',
      hint: 'Prüfe deine Netzwerkverbindung und versuche es erneut.',
    },
    __error: { text: 'Die Prüfung ist abgebrochen: {error}' },
    __limit: { text: 'Nicht fertig geworden: das Zeitlimit der Bewertung ist abgelaufen.' },
  };
  const message = (check.messages as Record<string, { text: string; hint?: string }>)[outcome.messageId] ??
    builtIn[outcome.messageId] ?? {
      text: outcome.messageId,
    };
  const result: CheckResult = {
    id: check.id,
    title: check.title,
    points: check.points,
    bonus: check.bonus ?? false,
    status: outcome.status,
    message: fillMessage(message.text, outcome.data),
    durationMs: Date.now() - started,
  };
  if (message.hint) result.hint = fillMessage(message.hint, outcome.data);
  // A check that skips itself cannot run in this setting (no API address given, say).
  if (outcome.status === 'skip') result.skipReason = 'scope';
  if (outcome.detail) result.detail = outcome.detail;
  return result;
}
