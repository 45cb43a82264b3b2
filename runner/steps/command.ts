import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { checkExpectation } from '../expect.ts';
import type { CommandStep, Step } from '../model.ts';
import { directoryChanges, isAlreadyIn } from '../parse/shell.ts';
import { fillPlaceholders } from '../placeholders.ts';
import { commandBlock, expectationLine } from '../present/run-text.ts';
import { mentionedPort, portInUse, portTakenAdvice } from '../ready.ts';
import { risksOf } from '../safety.ts';
import type { StepContext, StepResult } from './context.ts';

/** A shell step of the lesson: asked, filled in, run in the learner's shell, compared with the lesson. */
export async function commandStep(
  ctx: StepContext,
  step: CommandStep,
  variants: Step[],
): Promise<StepResult> {
  const { ui } = ctx;
  const c = ui.color;
  if (step.whenMissing && !ctx.options.dryRun && (await ctx.installed(step.whenMissing))) {
    ctx.record(step, {
      status: 'skipped',
      reason: `nicht nötig: ${step.whenMissing} ist schon installiert`,
    });
    return 'next';
  }
  if (step.optional && ui.auto && !ctx.options.dryRun && step.checks.some((id) => ctx.checkpoints.has(id))) {
    // Unattended, an optional step with a check runs exactly when its check does not pass yet
    // (the CLI alternative to a Console step, say).
    const outcomes = await ctx.checkpoints.run(step.checks.filter((id) => ctx.checkpoints.has(id)));
    if (outcomes.every((outcome) => outcome.status === 'pass' || outcome.status === 'warn')) {
      ctx.record(step, {
        status: 'skipped',
        reason: `nicht nötig: ${outcomes.map((o) => o.message).join(' ')}`,
      });
      return 'next';
    }
  } else if (step.optional) {
    if (ui.auto || ctx.options.dryRun) {
      if (ctx.options.dryRun) ui.out(commandBlock(step.code, step.cwd, c));
      ctx.record(step, { status: 'skipped', reason: 'optionaler Schritt' });
      return 'next';
    }
    const answer = await ui.ask(
      `Optionaler Schritt – nur nötig, wenn du ihn brauchst. Ausführen? ${c.dim('[j/N/q]')} `,
    );
    if (answer === null || answer.trim().toLowerCase() === 'q') return 'quit';
    if (!/^j/i.test(answer.trim())) {
      ctx.record(step, { status: 'skipped', reason: 'optional, nicht gewählt' });
      return 'next';
    }
  }
  if ((step.skipWhenPasses || step.skipWhenSucceeds) && !ctx.options.dryRun) {
    const skip = await offerSkip(ctx, step);
    if (skip !== 'run') return skip;
  }
  const values = await ctx.placeholders.valuesFor(step, ctx.options.dryRun === true);
  if (values === 'quit') return 'quit';
  if (typeof values === 'string') {
    ui.out(commandBlock(step.code, step.cwd, c));
    ctx.record(step, { status: 'skipped', reason: values });
    return ui.auto ? 'failed' : 'next';
  }
  const { script, notes } = prepareScript(ctx, step, values);
  if (script.trim() !== '') ui.out(commandBlock(script, ctx.session.relativeCwd, c));
  for (const note of notes) ui.out(`  ${c.dim(note)}\n`);
  if (script.trim() === '' && !ctx.options.dryRun) {
    ctx.record(step, { status: 'ok', reason: 'nichts zu tun' });
    return 'next';
  }
  if (ctx.options.dryRun) {
    if (step.longRunning)
      ui.out(
        c.dim(
          `  (läuft im Hintergrund${step.readyUrl ? `, bereit sobald ${step.readyUrl} antwortet` : ''})\n`,
        ),
      );
    if (step.interactive) ui.out(c.dim('  (interaktiv: fragt im Terminal nach Eingaben)\n'));
    return 'next';
  }
  const risks = risksOf(step.commands, ctx.session.relativeCwd);
  if (risks.length > 0) {
    for (const risk of risks) ui.out(`  ${c.yellow('Achtung:')} ${risk.reason}.\n`);
    if (ui.auto) {
      const blocking = risks.filter((risk) => risk.kind !== 'delete');
      if (blocking.length > 0) {
        ctx.record(step, {
          status: 'skipped',
          reason: 'im --auto-Modus nicht ohne Rückfrage (sudo oder außerhalb des Projektordners)',
        });
        return 'next';
      }
    } else {
      const answer = await ui.ask(`Wirklich ausführen? Tippe „ja“: `);
      if (answer === null) return 'quit';
      if (answer.trim().toLowerCase() !== 'ja') {
        ctx.record(step, { status: 'skipped', reason: 'nicht bestätigt' });
        return 'next';
      }
    }
  } else if (step.interactive && ui.auto) {
    ctx.record(step, {
      status: 'skipped',
      reason:
        'interaktiv; im --auto-Modus kommen die Werte aus der Umgebung (z. B. AWS_ACCESS_KEY_ID, AWS_PROFILE)',
    });
    return 'next';
  } else {
    const consent = await ctx.consent('Ausführen?', variants.length > 0 ? '/v' : '');
    if (consent === 'variants') {
      for (const variant of variants) {
        ui.out(`${c.dim(`Variante (${variant.platform}), Zeile ${variant.line}:`)}\n`);
        if (variant.kind === 'command') ui.out(commandBlock(variant.code, variant.cwd, c));
      }
      return commandStep(ctx, step, []);
    }
    if (consent === 'quit') return 'quit';
    if (consent === 'skip') {
      ctx.record(step, { status: 'skipped', reason: 'von dir übersprungen' });
      return 'next';
    }
  }
  ctx.log.command(script, ctx.session.relativeCwd);
  if (step.longRunning) return ctx.startServer(step, script);
  return execute(ctx, step, script, values);
}

/** The lesson's commands as they will run: placeholders filled, `cd` into the folder one is in dropped. */
export function prepareScript(
  ctx: StepContext,
  step: CommandStep,
  values: Record<string, string>,
): { script: string; notes: string[] } {
  const notes: string[] = [];
  const lines = step.commands.filter((command) => {
    const targets = directoryChanges(command);
    if (
      step.ensuresDirectory &&
      targets.length === 1 &&
      isAlreadyIn(ctx.session.relativeCwd, targets[0] as string)
    ) {
      notes.push(`Du bist schon in ${ctx.session.relativeCwd}/ – „${command}“ entfällt.`);
      return false;
    }
    return true;
  });
  const script = lines
    .map((command) => {
      const mkdir = /^mkdir\s+(?!-)(\S+)$/.exec(command);
      if (mkdir && existsSync(join(ctx.session.cwd, mkdir[1] as string))) {
        notes.push(`Der Ordner ${mkdir[1]} existiert schon (Wiederholung) – es wird „mkdir -p“ verwendet.`);
        return `mkdir -p ${mkdir[1]}`;
      }
      return command;
    })
    .map((command) => fillPlaceholders(command, values))
    .join('\n');
  return { script, notes };
}

async function execute(
  ctx: StepContext,
  step: CommandStep,
  script: string,
  values: Record<string, string>,
): Promise<'next' | 'failed'> {
  const { ui } = ctx;
  const progress = step.interactive ? undefined : ui.progress(step.commands[0] ?? 'Befehl');
  if (step.interactive) ui.releaseInput();
  let endsWithNewline = true;
  const attempt = () =>
    ctx.session.run(script, {
      interactive: step.interactive,
      onOutput: (chunk) => {
        progress?.activity();
        ui.out(chunk);
        endsWithNewline = chunk.endsWith('\n');
      },
    });
  let result = await attempt();
  // A server that is still starting (curl right after `docker run -d`): try again for a while.
  const retryUntil = Date.now() + (step.retrySeconds ?? 0) * 1000;
  while (result.exitCode !== 0 && !ctx.stopping && Date.now() + 1000 < retryUntil) {
    if (!endsWithNewline) ui.out('\n');
    ui.out(ui.color.dim('  Noch nicht so weit – neuer Versuch in 1 s …\n'));
    await new Promise((resolve) => setTimeout(resolve, 1000));
    result = await attempt();
  }
  progress?.stop();
  if (!endsWithNewline) ui.out('\n');
  if (ctx.stopping) {
    ctx.record(step, { status: 'interrupted', reason: 'mit Ctrl+C abgebrochen' });
    return 'next';
  }
  if (/get-login-password/.test(script) && !/get-login-password[^|]*\|/.test(script))
    ctx.log.addSecret(result.stdout.trim());
  ctx.log.output(result.stdout, result.stderr);
  const output = `${result.stdout}${result.stderr}`;
  ctx.keepOutput(step, script, output);
  const expectations = step.interactive
    ? []
    : step.expected.map((expected) => {
        // What the lesson shows is stdout; progress meters (curl without a terminal) go to stderr.
        const fill = (text: string) => fillPlaceholders(text, values);
        const onStdout = checkExpectation(expected, result.stdout, fill);
        return onStdout.verdict === 'fail' ? checkExpectation(expected, output, fill) : onStdout;
      });
  for (const expectation of expectations) ui.out(expectationLine(expectation, ui.color));
  const failed = result.exitCode !== 0 || result.firstFailure !== null;
  const mismatch = expectations.some((expectation) => expectation.verdict === 'fail');
  const reason = failed
    ? result.exitCode !== 0
      ? `Exit-Code ${result.exitCode ?? result.signal}`
      : `ein Befehl scheiterte (Exit-Code ${result.firstFailure}), der letzte lief durch`
    : mismatch
      ? 'Ausgabe weicht von der Lektion ab'
      : undefined;
  const advice = failed && portInUse(output) ? ` – ${portTakenAdvice(mentionedPort(output))}` : '';
  ctx.record(step, {
    status: failed ? 'failed' : mismatch ? 'warn' : 'ok',
    exitCode: result.exitCode,
    durationMs: result.durationMs,
    expectations,
    ...(reason ? { reason: `${reason}${advice}` } : {}),
  });
  if (!failed) return 'next';
  if (ui.auto) return 'failed';
  const answer = await ui.ask(
    `Der Schritt ist fehlgeschlagen. ${ui.color.dim('[w = wiederholen · Enter = trotzdem weiter · q = beenden]')} `,
  );
  if (answer === null || answer.trim().toLowerCase() === 'q') return 'failed';
  if (answer.trim().toLowerCase() === 'w') return execute(ctx, step, script, values);
  return 'next';
}

/** Why a step may be unnecessary: its check passes, or the lesson's own test command succeeds. */
async function alreadyDone(ctx: StepContext, step: CommandStep): Promise<string | undefined> {
  if (step.skipWhenPasses && ctx.checkpoints.has(step.skipWhenPasses)) {
    const [outcome] = await ctx.checkpoints.run([step.skipWhenPasses]);
    return outcome?.status === 'pass' ? outcome.message : undefined;
  }
  if (step.skipWhenSucceeds) {
    const result = await ctx.session.run(step.skipWhenSucceeds, { probe: true });
    return result.exitCode === 0 ? `„${step.skipWhenSucceeds}“ funktioniert bereits` : undefined;
  }
  return undefined;
}

async function offerSkip(ctx: StepContext, step: CommandStep): Promise<'run' | 'next' | 'quit'> {
  const done = await alreadyDone(ctx, step);
  if (done === undefined) return 'run';
  ctx.ui.out(`  ${ctx.ui.color.green('✔')} ${done}\n`);
  if (ctx.ui.auto) {
    ctx.record(step, { status: 'skipped', reason: `nicht nötig: ${done}` });
    return 'next';
  }
  const answer = await ctx.ui.ask(
    `Das klappt schon – Schritt überspringen? ${ctx.ui.color.dim('[Enter = überspringen · a = trotzdem ausführen · q]')} `,
  );
  if (answer === null || answer.trim().toLowerCase() === 'q') return 'quit';
  if (answer.trim().toLowerCase() === 'a') return 'run';
  ctx.record(step, { status: 'skipped', reason: 'schon erledigt' });
  return 'next';
}
