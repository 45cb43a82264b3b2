import type { Adaptations } from './adapt.ts';
import type { CheckpointOutcome } from './checkpoints.ts';
import { junitDocument } from './junit.ts';
import type { Lesson, Step } from './model.ts';
import type { PlanItem } from './plan.ts';
import type { StepOutput } from './run.ts';
import type { RunState } from './state.ts';

/**
 * The run report of `--report`: every step of the plan with its result, the checks, and every
 * adaptation that was applied; as JUnit XML for CI and as a German Markdown summary. A failure names
 * the step, its line in the lesson, the command and its output. Pure.
 */
export interface RunReport {
  lesson: Lesson;
  status: 'done' | 'quit' | 'failed';
  state: RunState;
  items: PlanItem[];
  outputs: ReadonlyMap<number, StepOutput>;
  checks: CheckpointOutcome[];
  adaptations?: Adaptations;
  applied: ReadonlySet<string>;
  failedStep?: Step;
  durationMs: number;
}

const STEP_WORD: Record<string, string> = {
  ok: 'ok',
  warn: 'ok mit Hinweis',
  failed: 'fehlgeschlagen',
  skipped: 'übersprungen',
  interrupted: 'abgebrochen',
};

function stepTitle(step: Step): string {
  if (step.kind === 'command') return step.commands[0] ?? step.code.split('\n')[0] ?? '';
  if (step.kind === 'file') return `Datei ${step.path}`;
  return step.title;
}

function planSteps(report: RunReport) {
  return report.items.flatMap((item) => (item.kind === 'step' ? [item] : []));
}

/** Whether the run counts as passed: reached the end, no step failed, no required check failed. */
export function runPassed(report: Pick<RunReport, 'status' | 'checks'>): boolean {
  return report.status === 'done' && !report.checks.some((check) => check.status === 'fail' && !check.bonus);
}

export function renderRunJunit(report: RunReport): string {
  const file = report.lesson.file;
  const bySection = new Map<string, { title: string; cases: unknown[]; failures: number; skipped: number }>();
  for (const { section, step } of planSteps(report)) {
    const suite = bySection.get(section.id) ?? { title: section.title, cases: [], failures: 0, skipped: 0 };
    bySection.set(section.id, suite);
    const record = report.state.steps[String(step.number)];
    const output = report.outputs.get(step.number);
    const testcase: Record<string, unknown> = {
      '@classname': `lesson-${report.lesson.meta.id}.${section.id}`,
      '@name': `Schritt ${step.number} (Zeile ${step.line}): ${stepTitle(step)}`,
      '@file': file,
      '@line': step.line,
      '@time': ((record?.durationMs ?? 0) / 1000).toFixed(3),
    };
    if (!record) {
      testcase.skipped = { '@message': 'nicht erreicht' };
      suite.skipped += 1;
    } else if (record.status === 'failed' || record.status === 'interrupted') {
      testcase.failure = {
        '@message': `${file}:${step.line}: Schritt ${step.number} ${STEP_WORD[record.status]}: ${record.reason ?? ''}`,
        '#text': [`$ ${output?.script ?? stepTitle(step)}`, output?.output ?? ''].join('\n'),
      };
      suite.failures += 1;
    } else if (record.status === 'skipped') {
      testcase.skipped = { '@message': record.reason ?? 'übersprungen' };
      suite.skipped += 1;
    } else {
      testcase['system-out'] = [record.reason ?? '', ...(record.expectations ?? []).map((e) => e.message)]
        .filter(Boolean)
        .join('\n');
    }
    suite.cases.push(testcase);
  }
  const suites = [...bySection.entries()].map(([id, suite]) => ({
    '@name': `Lektion ${report.lesson.meta.id} – ${suite.title}`,
    '@id': id,
    '@tests': suite.cases.length,
    '@failures': suite.failures,
    '@skipped': suite.skipped,
    testcase: suite.cases,
  }));
  suites.push({
    '@name': `Lektion ${report.lesson.meta.id} – Prüfungen`,
    '@id': 'pruefungen',
    '@tests': report.checks.length,
    '@failures': report.checks.filter((check) => check.status === 'fail' && !check.bonus).length,
    '@skipped': report.checks.filter((check) => check.status === 'skip').length,
    testcase: report.checks.map((check) => ({
      '@classname': `lesson-${report.lesson.meta.id}.pruefungen`,
      '@name': `${check.id}${check.bonus ? ' (Bonus)' : ''}`,
      ...(check.status === 'fail' && !check.bonus
        ? { failure: { '@message': check.message, '#text': check.hint ?? '' } }
        : check.status === 'skip'
          ? { skipped: { '@message': check.message } }
          : { 'system-out': check.message }),
    })),
  });
  if (report.adaptations) {
    suites.push({
      '@name': `Lektion ${report.lesson.meta.id} – Anpassungen (${report.adaptations.description})`,
      '@id': 'anpassungen',
      '@tests': report.adaptations.list.length,
      '@failures': 0,
      '@skipped': report.adaptations.list.filter((a) => !report.applied.has(a.id)).length,
      testcase: report.adaptations.list.map((adaptation) => ({
        '@classname': `lesson-${report.lesson.meta.id}.anpassungen`,
        '@name': adaptation.id,
        ...(report.applied.has(adaptation.id)
          ? { 'system-out': `angewandt: ${adaptation.reason}` }
          : { skipped: { '@message': `nicht angewandt: ${adaptation.reason}` } }),
      })),
    });
  }
  return junitDocument(`Lektion ${report.lesson.meta.id}`, suites, report.durationMs);
}

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');

export function renderRunSummary(report: RunReport): string {
  const { lesson } = report;
  const steps = planSteps(report);
  const count = (status: string) =>
    steps.filter(({ step }) => report.state.steps[String(step.number)]?.status === status).length;
  const passed = runPassed(report);
  const out: string[] = [
    `# Lauf von Lektion ${lesson.meta.id}: ${passed ? 'bestanden' : 'NICHT bestanden'}`,
    '',
    `${steps.length} Schritte im Plan: ${count('ok') + count('warn')} ok (davon ${count('warn')} mit Hinweis), ` +
      `${count('failed')} fehlgeschlagen, ${count('skipped')} übersprungen, ` +
      `${steps.length - Object.keys(report.state.steps).filter((n) => steps.some(({ step }) => String(step.number) === n)).length} nicht erreicht. ` +
      `Dauer ${(report.durationMs / 1000).toFixed(0)} s.`,
  ];
  if (report.failedStep) {
    const step = report.failedStep;
    const record = report.state.steps[String(step.number)];
    const output = report.outputs.get(step.number);
    out.push(
      '',
      '## Fehlgeschlagen',
      '',
      `**Schritt ${step.number}**, ${lesson.file}:${step.line} – ${record?.reason ?? 'fehlgeschlagen'}`,
      '',
      '```',
      `$ ${output?.script ?? stepTitle(step)}`,
      (output?.output ?? '').trimEnd(),
      '```',
    );
  }
  out.push('', '## Schritte', '', '| Nr. | Zeile | Schritt | Ergebnis | Grund |', '|---|---|---|---|---|');
  for (const { step } of steps) {
    const record = report.state.steps[String(step.number)];
    out.push(
      `| ${step.number} | ${step.line} | ${cell(stepTitle(step))} | ${record ? STEP_WORD[record.status] : 'nicht erreicht'} | ${cell(record?.reason ?? '')} |`,
    );
  }
  out.push('', '## Prüfungen', '');
  for (const check of report.checks)
    out.push(
      `- ${check.status === 'pass' ? '✓' : check.status === 'fail' ? '✗' : '•'} ${check.id}${check.bonus ? ' (Bonus)' : ''}: ${check.message}`,
    );
  if (report.checks.length === 0) out.push('- keine');
  if (report.adaptations) {
    out.push(
      '',
      `## Anpassungen (${cell(report.adaptations.description)})`,
      '',
      `Aus ${report.adaptations.file}:`,
      '',
    );
    for (const adaptation of report.adaptations.list)
      out.push(
        `- **${adaptation.id}** (${report.applied.has(adaptation.id) ? (adaptation.byHarness ? 'angewandt von der CI-Umgebung' : 'angewandt') : 'nicht angewandt'}): ${adaptation.reason}`,
      );
  }
  return `${out.join('\n')}\n`;
}
