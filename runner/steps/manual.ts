import type { CommandStep, ManualStep } from '../model.ts';
import type { StepContext, StepResult } from './context.ts';

/** A Console step: shown as instructions, confirmed by the learner, proved by its checks where it has any. */
export async function manual(ctx: StepContext, step: ManualStep): Promise<StepResult> {
  const { ui } = ctx;
  if (step.whenMissing && !ctx.options.dryRun && (await ctx.installed(step.whenMissing))) {
    ctx.record(step, {
      status: 'skipped',
      reason: `nicht nötig: ${step.whenMissing} ist schon installiert`,
    });
    return 'next';
  }
  for (const [index, instruction] of step.instructions.entries()) ui.out(`  ${index + 1}. ${instruction}\n`);
  for (const tableIndex of step.tables) {
    const table = ctx.lesson.content.tables[tableIndex];
    if (!table) continue;
    ui.out(`     ${table.header.join(' | ')}\n`);
    for (const row of table.rows) ui.out(`     ${row.join(' | ')}\n`);
  }
  if (ctx.options.dryRun) return 'next';
  if (ui.auto) {
    const checks = step.checks.filter((id) => ctx.checkpoints.has(id));
    if (checks.length === 0) {
      ctx.record(step, {
        status: 'skipped',
        reason: 'Handgriff in einer Oberfläche; im --auto-Modus nicht möglich',
      });
      return 'next';
    }
  } else {
    const answer = await ui.ask(
      `Erledigt? ${ui.color.dim('[Enter = erledigt · s = überspringen · q = beenden]')} `,
    );
    if (answer === null || answer.trim().toLowerCase() === 'q') return 'quit';
    if (answer.trim().toLowerCase() === 's') {
      ctx.record(step, { status: 'skipped', reason: 'von dir übersprungen' });
      return 'next';
    }
  }
  const outcomes = await ctx.checkpoints.run(step.checks.filter((id) => ctx.checkpoints.has(id)));
  const failed = outcomes.some((outcome) => outcome.status === 'fail' && !outcome.bonus);
  const bonusOpen = outcomes.some((outcome) => outcome.status === 'fail' && outcome.bonus);
  const alternative = ui.auto && failed ? commandAlternative(ctx, step) : undefined;
  if (alternative) {
    ctx.record(step, {
      status: 'skipped',
      reason: `im --auto-Modus erledigt das Schritt ${alternative.number} mit einem Befehl statt in der Console`,
    });
    return 'next';
  }
  ctx.showOutcomes(outcomes);
  ctx.record(step, {
    status: failed ? 'failed' : bonusOpen ? 'warn' : 'ok',
    reason:
      outcomes.length === 0
        ? 'von dir bestätigt (keine automatische Prüfung)'
        : failed
          ? 'Prüfung fehlgeschlagen'
          : bonusOpen
            ? 'Bonus nicht erledigt (zählt nicht als Fehler)'
            : 'geprüft',
  });
  return failed && ui.auto ? 'failed' : 'next';
}

/** A later command of the same part that proves the same check: the CLI way of a Console step. */
export function commandAlternative(ctx: StepContext, step: ManualStep): CommandStep | undefined {
  return ctx.lesson.steps.find(
    (other): other is CommandStep =>
      other.kind === 'command' &&
      other.number > step.number &&
      other.partId === step.partId &&
      other.checks.some((id) => step.checks.includes(id)),
  );
}
