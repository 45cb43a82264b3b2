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
): Promise<CheckResult[]> {
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
        const prerequisites = await Promise.all(
          check.needs.flatMap((need) => (byId.get(need) ? [start(byId.get(need) as Check)] : [])),
        );
        const failed = prerequisites.find((result) => result.status !== 'pass' && result.status !== 'warn');
        if (failed) {
          return skipped(check, `Übersprungen: „${failed.title}“ ist nicht erfüllt.`);
        }
        if (context.remote && check.scope === 'local') {
          return skipped(
            check,
            'Übersprungen: geht nur auf dem Rechner der lernenden Person (lokales Docker).',
          );
        }
        return execute(check, context);
      })();
      results.set(check.id, pending);
    }
    return pending;
  };
  const ordered = checks.filter((check) => wanted.has(check.id));
  return Promise.all(ordered.map(start));
}

function skipped(check: Check, message: string): CheckResult {
  return { id: check.id, title: check.title, points: check.points, status: 'skip', message, durationMs: 0 };
}

async function execute(check: Check, context: Omit<CheckContext, 'signal'>): Promise<CheckResult> {
  const started = Date.now();
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), check.timeoutMs);
  let outcome: Outcome;
  try {
    outcome = await Promise.race([
      check.run({ ...context, signal: controller.signal }),
      new Promise<Outcome>((resolve) =>
        controller.signal.addEventListener('abort', () =>
          resolve({
            status: 'fail',
            messageId: '__timeout',
            data: { seconds: Math.round(check.timeoutMs / 1000) },
          }),
        ),
      ),
    ]);
  } catch (error) {
    outcome = {
      status: 'fail',
      messageId: '__error',
      data: { error: error instanceof Error ? error.message : String(error) },
    };
  } finally {
    clearTimeout(timer);
  }
  const builtIn: Record<string, { text: string; hint?: string }> = {
    __timeout: {
      text: 'Keine Antwort innerhalb von {seconds} s.',
      hint: 'Prüfe deine Netzwerkverbindung und versuche es erneut.',
    },
    __error: { text: 'Die Prüfung ist abgebrochen: {error}' },
  };
  const message = (check.messages as Record<string, { text: string; hint?: string }>)[outcome.messageId] ??
    builtIn[outcome.messageId] ?? {
      text: outcome.messageId,
    };
  const result: CheckResult = {
    id: check.id,
    title: check.title,
    points: check.points,
    status: outcome.status,
    message: fillMessage(message.text, outcome.data),
    durationMs: Date.now() - started,
  };
  if (message.hint) result.hint = fillMessage(message.hint, outcome.data);
  if (outcome.detail) result.detail = outcome.detail;
  return result;
}
