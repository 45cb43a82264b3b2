import type { Adaptation } from '../adapt.ts';
import type { Step } from '../model.ts';
import { commandBlock } from '../present/run-text.ts';
import type { StepContext, StepResult } from './context.ts';

/** The adaptations' harness commands after a step (e.g. make a push visible to an ECR emulator). */
export async function harnessSteps(ctx: StepContext, step: Step): Promise<'next' | 'failed'> {
  for (const adaptation of ctx.options.adaptations?.after.get(step.number) ?? []) {
    const command = adaptation.after?.run ?? '';
    ctx.ui.out(`  ${ctx.ui.color.yellow('Anpassung')} „${adaptation.id}“: ${adaptation.reason}\n`);
    ctx.ui.out(commandBlock(command, ctx.session.relativeCwd, ctx.ui.color));
    ctx.log.command(command, ctx.session.relativeCwd);
    const result = await ctx.session.run(command, { onOutput: (chunk) => ctx.ui.out(chunk) });
    ctx.log.output(result.stdout, result.stderr);
    ctx.applied.add(adaptation.id);
    if (result.exitCode !== 0) {
      ctx.keepOutput(step, command, `${result.stdout}${result.stderr}`);
      ctx.record(step, {
        status: 'failed',
        reason: `Anpassung „${adaptation.id}“ scheiterte (Exit-Code ${result.exitCode})`,
      });
      return ctx.ui.auto ? 'failed' : 'next';
    }
  }
  return 'next';
}

/** A step an adaptation does differently (the reference solution instead of the lesson's app). */
export async function replacedStep(
  ctx: StepContext,
  step: Step,
  adaptation: Adaptation,
): Promise<StepResult> {
  const { ui } = ctx;
  const command = adaptation.replace?.run;
  ui.out(`  ${ui.color.yellow('Anpassung')} „${adaptation.id}“: ${adaptation.reason}\n`);
  if (command) ui.out(commandBlock(command, ctx.session.relativeCwd, ui.color));
  if (ctx.options.dryRun) return 'next';
  ctx.applied.add(adaptation.id);
  if (!command) {
    ctx.record(step, { status: 'skipped', reason: `Anpassung „${adaptation.id}“` });
    return 'next';
  }
  ctx.log.command(command, ctx.session.relativeCwd);
  if (step.kind === 'command' && step.longRunning) return ctx.startServer(step, command);
  const result = await ctx.session.run(command, { onOutput: (chunk) => ui.out(chunk) });
  ctx.log.output(result.stdout, result.stderr);
  ctx.keepOutput(step, command, `${result.stdout}${result.stderr}`);
  const failed = result.exitCode !== 0;
  ctx.record(step, {
    status: failed ? 'failed' : 'ok',
    exitCode: result.exitCode,
    durationMs: result.durationMs,
    reason: `Anpassung „${adaptation.id}“${failed ? `: Exit-Code ${result.exitCode}` : ''}`,
  });
  return failed && ui.auto ? 'failed' : 'next';
}
