import { existsSync, mkdirSync, renameSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Adaptations } from './adapt.ts';
import type { CheckpointOutcome, Checkpoints } from './checkpoints.ts';
import { noCheckpoints, withProgress } from './checkpoints.ts';
import type { CommandStep, Lesson, Quiz, Step } from './model.ts';
import {
  itemKey,
  type LearnerPlatform,
  type PlanItem,
  type PlanSection,
  planLesson,
  startIndex,
} from './plan.ts';
import { finalSummary, sectionHeader, sectionSummary, statusWord, stepHeader } from './present/run-text.ts';
import { askQuiz } from './quiz.ts';
import { leftoverAdvice, portOf, portTakenAdvice, stillListening, waitUntilReady } from './ready.ts';
import { redact } from './redact.ts';
import { PlaceholderResolver } from './resolve.ts';
import { RunLog } from './run-log.ts';
import {
  type BackgroundProcess,
  isAlive,
  killGroup,
  learnerEnvironment,
  processCommand,
  ShellSession,
} from './session.ts';
import {
  loadState,
  newState,
  type RunState,
  type StepRecord,
  saveState,
  stateFile,
  storableEnvChanges,
} from './state.ts';
import { harnessSteps, replacedStep } from './steps/adapted.ts';
import { commandStep, prepareScript } from './steps/command.ts';
import type { StepContext } from './steps/context.ts';
import { fileStep } from './steps/file.ts';
import { manual } from './steps/manual.ts';
import type { Ui } from './terminal.ts';

/** Walks a learner through a lesson: the orchestration of plan, shell, files, prompts and state. */

export interface RunnerOptions {
  lesson: Lesson;
  projectDir: string;
  toolRoot: string;
  platform: LearnerPlatform;
  ui: Ui;
  env: NodeJS.ProcessEnv;
  dryRun?: boolean;
  restart?: boolean;
  minimal?: boolean;
  part?: string;
  from?: number;
  checkpoints?: Checkpoints;
  /** What this machine must do differently (offline CI): env, file replacements, harness steps. */
  adaptations?: Adaptations;
  now?: () => Date;
}

/** What a step printed, for the run report (secrets replaced, the end kept when it is long). */
export interface StepOutput {
  script: string;
  output: string;
}

export interface RunOutcome {
  /** done: reached the end; quit: the learner stopped (progress saved); failed: a step failed in --auto. */
  status: 'done' | 'quit' | 'failed';
  state: RunState;
  failedStep?: Step;
}

type Consent = 'run' | 'skip' | 'quit';

export class LessonRun {
  private readonly ui: Ui;
  private readonly lesson: Lesson;
  private readonly now: () => Date;
  private readonly file: string;
  private state: RunState;
  private readonly session: ShellSession;
  private readonly initialEnv: Record<string, string>;
  private readonly servers = new Map<string, BackgroundProcess[]>();
  /** Servers of a killed earlier run that could not be told apart from other processes, left running. */
  private readonly unreaped: number[] = [];
  private readonly placeholders: PlaceholderResolver;
  private readonly log: RunLog;
  private readonly checkpoints: Checkpoints;
  private activeSince = Date.now();
  private stopping = false;
  /** By step number: the command as it ran and the end of its output, for `--report`. */
  readonly outputs = new Map<number, StepOutput>();
  /** Ids of the adaptations that took effect in this run. */
  readonly applied = new Set<string>();
  /** The latest outcome of every check this run asked. */
  readonly checkResults = new Map<string, CheckpointOutcome>();
  /** This run's plan (after run() started). */
  items: PlanItem[] = [];
  /** What the step executors in steps/ may use of this run. */
  private readonly context: StepContext;

  constructor(private readonly options: RunnerOptions) {
    this.ui = options.ui;
    this.lesson = options.lesson;
    this.now = options.now ?? (() => new Date());
    this.checkpoints = withProgress(options.checkpoints ?? noCheckpoints, this.ui);
    this.file = stateFile(options.projectDir, options.lesson.meta.id);
    mkdirSync(options.projectDir, { recursive: true });
    if (options.restart && existsSync(this.file) && !options.dryRun)
      renameSync(this.file, `${this.file}.vorher`);
    const loaded = options.restart
      ? { state: newState(this.lesson.meta.id, this.now()) }
      : loadState(this.file, this.lesson.meta.id, this.now());
    this.state = loaded.state;
    if ('problem' in loaded && loaded.problem)
      this.ui.out(`${this.ui.color.yellow('Hinweis:')} ${loaded.problem}\n`);
    const adapted = options.adaptations;
    this.initialEnv = learnerEnvironment({ ...options.env, ...adapted?.env }, options.toolRoot);
    for (const adaptation of adapted?.list ?? [])
      if (adaptation.env || adaptation.byHarness) this.applied.add(adaptation.id);
    const cwd = join(options.projectDir, this.state.cwd);
    this.session = new ShellSession({
      projectDir: options.projectDir,
      cwd: existsSync(cwd) && statSync(cwd).isDirectory() ? cwd : options.projectDir,
      env: { ...this.initialEnv, ...this.state.env },
    });
    this.log = new RunLog(options.projectDir, this.lesson.meta.id, this.now(), options.dryRun === true);
    this.log.addSecretsFromEnv(options.env);
    this.placeholders = new PlaceholderResolver(
      this.lesson,
      this.session,
      this.ui,
      this.state.placeholders,
      options.env,
    );
    const run = this;
    this.context = {
      ui: this.ui,
      lesson: this.lesson,
      session: this.session,
      log: this.log,
      checkpoints: this.checkpoints,
      options: this.options,
      placeholders: this.placeholders,
      get stopping() {
        return run.stopping;
      },
      applied: this.applied,
      record: (step, record) => this.record(step, record),
      showOutcomes: (outcomes) => this.showOutcomes(outcomes),
      keepOutput: (step, script, output) => this.keepOutput(step, script, output),
      startServer: (step, script) => this.startServer(step, script),
      installed: (tool) => this.installed(tool),
      consent: (question, extra) => this.consent(question, extra),
    };
  }

  async run(): Promise<RunOutcome> {
    const { ui, lesson } = this;
    const c = ui.color;
    const items = planLesson(lesson, {
      platform: this.options.platform,
      ...(this.options.minimal ? { minimal: true } : {}),
      ...(this.options.part === undefined ? {} : { part: this.options.part }),
    });
    this.items = items;
    const explicit = this.options.from !== undefined || this.options.part !== undefined;
    let index = startIndex(items, {
      ...(this.options.from === undefined ? {} : { from: this.options.from }),
      ...(explicit ? {} : { finished: new Set(this.state.finished) }),
    });
    if (index === -1) {
      ui.out(
        `${c.red('Fehler:')} Schritt ${this.options.from} gibt es in diesem Durchlauf nicht (siehe --plan).\n`,
      );
      return { status: 'failed', state: this.state };
    }
    ui.out(`${c.bold(`Lektion ${lesson.meta.id}: ${lesson.meta.title.replace(/^[\d.]+\s*:\s*/, '')}`)}\n`);
    ui.out(
      `${c.dim(`Projektordner: ${this.options.projectDir}${this.options.dryRun ? ' · Probelauf: es wird nichts ausgeführt' : ''}`)}\n`,
    );
    if (index > 0 && !explicit) ui.out(`Willkommen zurück – es geht weiter, wo du aufgehört hast.\n`);
    if (!ui.auto && !this.options.dryRun) {
      ui.out(
        c.dim(
          'Bei jedem Schritt: Enter = ausführen · s = überspringen · q = beenden (Fortschritt bleibt gespeichert)\n',
        ),
      );
    }
    this.log.line(`Lektion ${lesson.meta.id}, Start bei Eintrag ${index + 1} von ${items.length}`);
    if (!this.options.dryRun) await this.reapLeftoverServers();
    const first = items[index];
    // Starting inside a part (--from, resume): show where one is.
    if (first && first.kind !== 'section-start') ui.out(sectionHeader(first.section, c));
    try {
      if (!this.options.dryRun) {
        const restarted = await this.restartSectionServers(items, index);
        if (restarted !== 'next')
          return restarted === 'quit' ? this.quit() : { status: 'failed', state: this.state };
      }
      for (; index < items.length; index++) {
        const item = items[index] as PlanItem;
        const result = await this.item(item);
        if (result === 'quit' || this.stopping) return this.quit();
        if (result === 'failed') {
          this.save();
          return {
            status: 'failed',
            state: this.state,
            ...(item.kind === 'step' ? { failedStep: item.step } : {}),
          };
        }
        if (!this.options.dryRun) {
          if (!this.state.finished.includes(itemKey(item))) this.state.finished.push(itemKey(item));
          this.save();
        }
      }
      ui.out(finalSummary(lesson, this.state, c));
      return { status: 'done', state: this.state };
    } finally {
      await this.stopAllServers();
      this.save();
      this.log.close();
    }
  }

  /** Ctrl+C, a crash or the end of the process: stop every server at once, save what is known. */
  emergencyStop(): void {
    if (this.stopping) return;
    this.stopping = true;
    this.session.killForeground();
    for (const servers of this.servers.values()) for (const server of servers) server.killNow();
    this.servers.clear();
    this.state.servers = [];
    this.save();
    this.log.close();
  }

  /** A run that was killed (not stopped) cannot stop its servers; the next one does, if they still run. */
  private async reapLeftoverServers(): Promise<void> {
    for (const leftover of this.state.servers) {
      // Windows has no process groups: there the process itself is asked.
      if (!isAlive(leftover.pid, process.platform !== 'win32')) continue;
      const command = processCommand(leftover.pid);
      if (command === undefined || !command.includes(leftover.command.split(/\s+/)[0] ?? '\0')) {
        // Not certainly ours (the pid may have been reused; Git Bash's ps cannot tell): left alone,
        // but named again should a port turn out to be taken.
        this.unreaped.push(leftover.pid);
        this.ui.out(
          `${this.ui.color.yellow('Hinweis:')} Prozessgruppe ${leftover.pid} aus dem letzten Lauf läuft noch, gehört aber wohl nicht mehr zu Schritt ${leftover.step}; sie bleibt unangetastet.\n`,
        );
        continue;
      }
      killGroup(leftover.pid);
      this.ui.out(
        this.ui.color.dim(
          `Der Server aus Schritt ${leftover.step} lief vom letzten Mal noch (Prozessgruppe ${leftover.pid}) und wurde gestoppt.\n`,
        ),
      );
    }
    this.state.servers = [];
  }

  /** Resuming inside a part: the servers its earlier steps started are needed again (a terminal would still have them). */
  private async restartSectionServers(items: PlanItem[], index: number): Promise<'next' | 'quit' | 'failed'> {
    const current = items[index];
    if (!current || current.kind === 'section-start') return 'next';
    const sectionStart = items.slice(0, index).findLastIndex((item) => item.kind === 'section-start');
    for (const item of items.slice(sectionStart + 1, index)) {
      if (item.kind !== 'step' || item.step.kind !== 'command' || !item.step.longRunning) continue;
      if (this.state.steps[String(item.step.number)]?.status !== 'ok') continue;
      this.ui.out(
        this.ui.color.dim(
          `Der Server aus Schritt ${item.step.number} wird für diesen Teil wieder gestartet.\n`,
        ),
      );
      const values = await this.placeholders.valuesFor(item.step, false);
      if (typeof values !== 'object') return values === 'quit' ? 'quit' : 'failed';
      const { script } = prepareScript(this.context, item.step, values);
      const result = await this.startServer(item.step, script);
      if (result !== 'next') return result;
    }
    return 'next';
  }

  private quit(): RunOutcome {
    this.ui.out(
      `\nFortschritt gespeichert. Weiter geht es mit: ${this.ui.color.bold(`npm run lesson ${this.lesson.meta.id}`)}\n`,
    );
    return { status: 'quit', state: this.state };
  }

  private save(): void {
    if (this.options.dryRun) return;
    const now = Date.now();
    this.state.activeMs += now - this.activeSince;
    this.activeSince = now;
    this.state.updatedAt = this.now().toISOString();
    this.state.cwd = this.session.relativeCwd;
    this.state.env = storableEnvChanges(this.initialEnv, this.session.env, this.log.secrets);
    saveState(this.file, this.state);
  }

  private async item(item: PlanItem): Promise<'next' | 'quit' | 'failed'> {
    switch (item.kind) {
      case 'section-start':
        this.ui.out(sectionHeader(item.section, this.ui.color));
        this.log.line(`== ${item.section.title}`);
        return 'next';
      case 'section-end':
        await this.endSection(item.section);
        return 'next';
      case 'quiz':
        return this.quiz(item.quiz);
      case 'step':
        return this.step(item.step, item.variants);
    }
  }

  private async endSection(section: PlanSection): Promise<void> {
    const steps = this.lesson.steps.filter((step) => (step.partId ?? 'voraussetzungen') === section.id);
    if (this.options.dryRun) {
      await this.stopServers(section.id);
      return;
    }
    // The part's checkpoints run while its servers still run (the API check needs the API).
    const ids = [
      ...new Set(
        steps.filter((step) => this.state.steps[String(step.number)]).flatMap((step) => step.checks),
      ),
    ];
    const outcomes = await this.checkpoints.run(ids.filter((id) => this.checkpoints.has(id)));
    await this.stopServers(section.id);
    this.ui.out(sectionSummary(section, steps, this.state, this.ui.color));
    this.showOutcomes(outcomes);
  }

  /** Check results as the learner sees them: a mark, the message, and what to do when it did not pass. */
  private showOutcomes(outcomes: CheckpointOutcome[]): void {
    const c = this.ui.color;
    for (const outcome of outcomes) {
      const mark =
        outcome.status === 'pass' ? c.green('✔') : outcome.status === 'fail' ? c.red('✘') : c.yellow('•');
      this.ui.out(`  ${mark} ${outcome.message}\n`);
      if (outcome.hint && outcome.status !== 'pass') this.ui.out(`    ${c.dim(`→ ${outcome.hint}`)}\n`);
      this.log.line(`Prüfung ${outcome.id}: ${outcome.status} – ${outcome.message}`);
      this.checkResults.set(outcome.id, outcome);
      this.state.checks[outcome.id] = {
        status: outcome.status,
        message: outcome.message,
        at: this.now().toISOString(),
      };
    }
  }

  private record(step: Step, record: Omit<StepRecord, 'at'>): void {
    const entry: StepRecord = { ...record, at: this.now().toISOString() };
    this.state.steps[String(step.number)] = entry;
    this.log.line(`Schritt ${step.number}: ${entry.status}${entry.reason ? ` (${entry.reason})` : ''}`);
    this.ui.out(`  → ${statusWord(entry.status, this.ui.color)}${entry.reason ? `: ${entry.reason}` : ''}\n`);
  }

  private async consent(question: string, extra = ''): Promise<Consent | 'variants'> {
    if (this.ui.auto) return 'run';
    for (;;) {
      const answer = await this.ui.ask(`${question} ${this.ui.color.dim(`[Enter/s/q${extra}]`)} `);
      if (answer === null) return 'quit';
      const key = answer.trim().toLowerCase();
      if (key === '' || key === 'j' || key === 'ja') return 'run';
      if (key === 's') return 'skip';
      if (key === 'q') return 'quit';
      if (key === 'v' && extra.includes('v')) return 'variants';
      this.ui.out('Bitte Enter (ausführen), s (überspringen) oder q (beenden).\n');
    }
  }

  private async step(step: Step, variants: Step[]): Promise<'next' | 'quit' | 'failed'> {
    this.ui.out(stepHeader(step, this.lesson.file, this.ui.color));
    const replacement = this.options.adaptations?.replace.get(step.number);
    const result = replacement
      ? await replacedStep(this.context, step, replacement)
      : step.kind === 'command'
        ? await commandStep(this.context, step, variants)
        : step.kind === 'file'
          ? await fileStep(this.context, step)
          : await manual(this.context, step);
    const status = this.state.steps[String(step.number)]?.status;
    if (result !== 'next' || this.options.dryRun || (status !== 'ok' && status !== 'warn')) return result;
    return harnessSteps(this.context, step);
  }

  private keepOutput(step: Step, script: string, output: string): void {
    const tail = output.length > 4000 ? `…${output.slice(-4000)}` : output;
    this.outputs.set(step.number, {
      script: redact(script, this.log.secrets),
      output: redact(tail, this.log.secrets),
    });
  }

  private async startServer(step: CommandStep, script: string): Promise<'next' | 'quit' | 'failed'> {
    const { ui } = this;
    const section = step.partId ?? 'voraussetzungen';
    if (step.readyUrl && (await stillListening(step.readyUrl))) {
      // Started now, it could not bind its port, and the old server would answer the checks instead.
      const reason = `Der Server wurde nicht gestartet: ${portTakenAdvice(portOf(step.readyUrl))}${leftoverAdvice(this.unreaped)}`;
      this.record(step, { status: 'failed', reason });
      if (ui.auto) return 'failed';
      const answer = await ui.ask(
        `Port belegt. ${ui.color.dim('[w = wiederholen, sobald der alte Server beendet ist · Enter = trotzdem weiter · q = beenden]')} `,
      );
      if (answer === null || answer.trim().toLowerCase() === 'q') return 'quit';
      if (answer.trim().toLowerCase() === 'w') return this.startServer(step, script);
      return 'next';
    }
    const server = this.session.startBackground(script);
    this.servers.set(section, [...(this.servers.get(section) ?? []), server]);
    this.state.servers.push({ pid: server.pid, step: step.number, command: script });
    this.save();
    ui.out(
      ui.color.dim(
        `  Läuft im Hintergrund (Prozessgruppe ${server.pid}); wird am Ende des Teils gestoppt.\n`,
      ),
    );
    const ready = await waitUntilReady(server, step.readyUrl);
    this.log.output(server.output, '');
    this.keepOutput(step, script, server.output);
    if (!ready.ok) {
      ui.out(server.output);
      await server.stop();
      this.record(step, { status: 'failed', reason: ready.reason });
      return ui.auto ? 'failed' : 'next';
    }
    ui.out(`  ${ui.color.green('✔')} ${ready.reason}\n`);
    const outcomes = await this.checkpoints.run(step.checks.filter((id) => this.checkpoints.has(id)));
    this.showOutcomes(outcomes);
    this.record(step, {
      status: outcomes.some((outcome) => outcome.status === 'fail') ? 'warn' : 'ok',
      reason: ready.reason,
    });
    if (!ui.auto) {
      const answer = await ui.ask(
        `Probier den Server aus; er läuft bis zum Ende dieses Teils. ${ui.color.dim('[Enter = weiter · q = beenden]')} `,
      );
      if (answer === null || answer.trim().toLowerCase() === 'q') return 'quit';
    }
    return 'next';
  }

  /** Whether a program is on the learner's PATH (`command -v`, as their shell sees it). */
  private async installed(tool: string): Promise<boolean> {
    const result = await this.session.run(`command -v ${tool}`, { probe: true });
    return result.exitCode === 0;
  }

  private async quiz(quiz: Quiz): Promise<'next' | 'quit'> {
    if (this.ui.auto || this.options.dryRun) return 'next';
    const rating = await askQuiz(this.ui, quiz);
    if (rating === 'quit') return 'quit';
    this.state.quizzes[String(quiz.number)] = { rating, at: this.now().toISOString() };
    return 'next';
  }

  private async stopServers(section: string): Promise<void> {
    const servers = this.servers.get(section) ?? [];
    this.servers.delete(section);
    for (const server of servers) {
      await server.stop();
      this.state.servers = this.state.servers.filter((entry) => entry.pid !== server.pid);
      this.ui.out(this.ui.color.dim(`  Hintergrund-Server (Prozessgruppe ${server.pid}) gestoppt.\n`));
    }
  }

  private async stopAllServers(): Promise<void> {
    for (const section of [...this.servers.keys()]) await this.stopServers(section);
  }
}
