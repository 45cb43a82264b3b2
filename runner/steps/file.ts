import { join } from 'node:path';
import { adaptFile } from '../adapt.ts';
import { writeLessonFile } from '../files.ts';
import type { FileStep } from '../model.ts';
import type { StepContext, StepResult } from './context.ts';

/** A file of the lesson: written, or the learner decides when theirs differs (nothing is lost). */
export async function fileStep(ctx: StepContext, step: FileStep): Promise<StepResult> {
  const { ui } = ctx;
  const c = ui.color;
  const target = join(ctx.options.projectDir, step.path);
  ui.out(`  ${c.bold(step.path)} ${c.dim(`(${step.content.split('\n').length - 1} Zeilen)`)}\n`);
  if (ctx.options.dryRun) return 'next';
  const consent = await ctx.consent('Datei schreiben?');
  if (consent === 'quit') return 'quit';
  if (consent === 'skip') {
    ctx.record(step, { status: 'skipped', reason: 'von dir übersprungen' });
    return 'next';
  }
  if (step.name === '.env' || /\.env$/.test(step.name)) ctx.log.addDotenvSecrets(step.content);
  let content = step.content;
  for (const adaptation of ctx.options.adaptations?.list ?? []) {
    if (adaptation.file?.path !== step.path) continue;
    content = adaptFile(content, adaptation);
    ctx.applied.add(adaptation.id);
    ui.out(`  ${c.yellow('Anpassung')} „${adaptation.id}“: ${adaptation.reason}\n`);
  }
  let quit = false;
  const outcome = await writeLessonFile(target, content, ctx.lesson.meta.id, async (diff) => {
    ui.out(`${c.yellow('Die Datei gibt es schon und sie unterscheidet sich:')}\n${diff}\n`);
    if (ui.auto) return 'beside';
    for (;;) {
      const answer = await ui.ask(
        `${c.dim('[b = behalten · ü = überschreiben (alte Fassung wird .vorher) · d = daneben schreiben · q]')} `,
      );
      if (answer === null || answer.trim() === 'q') {
        quit = true;
        return 'keep';
      }
      const key = answer.trim().toLowerCase();
      if (key === 'b') return 'keep';
      if (key === 'ü' || key === 'u') return 'overwrite';
      if (key === 'd') return 'beside';
    }
  });
  if (quit) return 'quit';
  ctx.log.line(
    `Datei ${step.path}: ${outcome.kind}${step.name === '.env' ? ' (Inhalt nicht protokolliert)' : ''}`,
  );
  switch (outcome.kind) {
    case 'written':
      ctx.record(step, { status: 'ok', reason: `geschrieben: ${step.path}` });
      break;
    case 'unchanged':
      ctx.record(step, { status: 'ok', reason: 'schon vorhanden und identisch' });
      break;
    case 'kept':
      ctx.record(step, { status: 'warn', reason: 'deine Fassung behalten' });
      break;
    case 'overwritten':
      ctx.record(step, {
        status: 'ok',
        reason: `überschrieben; deine Fassung liegt in ${outcome.backup}`,
      });
      break;
    case 'beside':
      ctx.record(step, {
        status: 'warn',
        reason: `deine Fassung bleibt; die der Lektion liegt in ${outcome.beside}`,
      });
      break;
  }
  return 'next';
}
