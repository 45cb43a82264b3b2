import type { CommandStep, Lesson, PlaceholderInfo } from './model.ts';
import { invalidPlaceholderValue, placeholderEnvName, probeCommandFor } from './placeholders.ts';
import type { ShellSession } from './session.ts';
import type { Ui } from './terminal.ts';

/**
 * Finds values for placeholders, in this order: what the learner already gave (saved progress),
 * `LESSON_PLACEHOLDER_…` from the environment, the learner's own setup (`aws sts get-caller-identity`
 * run in their shell), and finally asking. Every value is validated before it is used.
 */
export class PlaceholderResolver {
  constructor(
    private readonly lesson: Lesson,
    private readonly session: ShellSession,
    private readonly ui: Ui,
    /** Shared with the run state, so values survive a restart of the runner. */
    private readonly values: Record<string, string>,
    private readonly env: NodeJS.ProcessEnv,
  ) {}

  /** All values a step needs; a German reason when one cannot be had (in --auto), or 'quit'. */
  async valuesFor(step: CommandStep, dryRun: boolean): Promise<Record<string, string> | string | 'quit'> {
    for (const name of new Set(step.placeholders.map((placeholder) => placeholder.name))) {
      if (this.values[name] !== undefined) continue;
      const info = this.lesson.placeholders.find((candidate) => candidate.name === name) ?? {
        name,
        token: `<${name}>`,
        steps: [step.number],
      };
      const value = await this.resolve(info, dryRun);
      if (value === 'quit') return 'quit';
      if (value === undefined) {
        if (dryRun) continue;
        return `kein Wert für ${info.token}: setze ${placeholderEnvName(name)}${probeCommandFor(info) ? ' oder richte die AWS CLI ein (aws configure)' : ''}`;
      }
      this.values[name] = value;
    }
    return { ...this.values };
  }

  private async resolve(info: PlaceholderInfo, dryRun: boolean): Promise<string | undefined | 'quit'> {
    const { ui } = this;
    const fromEnv = this.env[placeholderEnvName(info.name)];
    if (fromEnv !== undefined) {
      const problem = invalidPlaceholderValue(info, fromEnv);
      if (!problem) return fromEnv;
      ui.out(`  ${ui.color.yellow('Hinweis:')} ${placeholderEnvName(info.name)}: ${problem}\n`);
    }
    if (dryRun) return undefined;
    const probe = probeCommandFor(info);
    if (probe) {
      const result = await this.session.run(probe, { probe: true });
      const value = result.stdout.trim();
      if (result.exitCode === 0 && !invalidPlaceholderValue(info, value)) {
        ui.out(`  ${info.token} = ${ui.color.bold(value)} ${ui.color.dim(`(aus „${probe}“)`)}\n`);
        return value;
      }
      if (info.fill?.source === 'aws-region') return 'eu-central-1';
      ui.out(
        `  ${ui.color.dim(`„${probe}“ lieferte keinen Wert: ${(result.stderr || result.stdout).trim().split('\n')[0] ?? ''}`)}\n`,
      );
    }
    if (ui.auto) return undefined;
    for (;;) {
      const answer = await ui.ask(
        `${info.fill?.prompt ?? `Wert für ${info.token}`}${info.hint ? ` ${ui.color.dim(`(${info.hint})`)}` : ''}: `,
      );
      if (answer === null) return 'quit';
      const problem = invalidPlaceholderValue(info, answer.trim());
      if (!problem) return answer.trim();
      ui.out(`  ${problem}\n`);
    }
  }
}
