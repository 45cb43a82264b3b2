import type { ExpectationResult } from '../expect.ts';
import type { Lesson, Step } from '../model.ts';
import type { PlanSection } from '../plan.ts';
import type { RunState, StepRecord } from '../state.ts';
import type { Colors } from '../terminal.ts';

/** German texts of a run, as pure functions of the data they show. */

export function sectionHeader(section: PlanSection, c: Colors): string {
  const lines = ['', c.bold(`━━ ${section.title} ━━`)];
  const facts = [
    section.minutes === undefined ? '' : `ca. ${section.minutes} min`,
    section.minimal && section.id !== 'voraussetzungen' ? '★ Minimalpfad' : '',
  ].filter(Boolean);
  if (facts.length > 0) lines.push(c.dim(facts.join(' · ')));
  if (section.goal) lines.push(`Ziel: ${section.goal}`);
  if (section.doneWhen) lines.push(`Du bist fertig, wenn: ${section.doneWhen}`);
  return `${lines.join('\n')}\n`;
}

const KIND: Record<Step['kind'], string> = { command: 'Befehl', file: 'Datei', manual: 'Von Hand' };

export function stepHeader(step: Step, file: string, c: Colors): string {
  const where = c.dim(`${file}:${step.line}`);
  const title = `Schritt ${step.number} · ${KIND[step.kind]}${step.section ? ` · ${step.section}` : ''}`;
  return `\n${c.cyan(title)}  ${where}\n${step.intro ? `${c.dim(step.intro)}\n` : ''}`;
}

export function commandBlock(script: string, cwd: string, c: Colors): string {
  const prompt = c.dim(`${cwd === '.' ? '' : `${cwd} `}$`);
  return `${script
    .split('\n')
    .map((line) => `  ${prompt} ${line}`)
    .join('\n')}\n`;
}

export function expectationLine(result: ExpectationResult, c: Colors): string {
  const mark =
    result.verdict === 'pass' ? c.green('✔') : result.verdict === 'fail' ? c.red('✘') : c.yellow('ℹ');
  return `  ${mark} ${result.message}\n`;
}

const STATUS: Record<StepRecord['status'], string> = {
  ok: 'erledigt',
  failed: 'fehlgeschlagen',
  skipped: 'übersprungen',
  warn: 'erledigt, mit Abweichung',
  interrupted: 'abgebrochen',
};

export function statusWord(status: StepRecord['status'], c: Colors): string {
  const word = STATUS[status];
  if (status === 'ok') return c.green(word);
  if (status === 'failed' || status === 'interrupted') return c.red(word);
  return c.yellow(word);
}

export function sectionSummary(section: PlanSection, steps: Step[], state: RunState, c: Colors): string {
  const records = steps
    .map((step) => [step, state.steps[String(step.number)]] as const)
    .filter(([, record]) => record);
  if (records.length === 0) return '';
  const lines = [c.bold(`Checkpoint ${section.title.split(':')[0]}:`)];
  for (const [step, record] of records) {
    const detail = record?.reason ? ` – ${record.reason}` : '';
    lines.push(`  Schritt ${step.number}: ${statusWord(record?.status ?? 'skipped', c)}${detail}`);
  }
  return `${lines.join('\n')}\n`;
}

function minutes(ms: number): string {
  const total = Math.round(ms / 60000);
  return total < 1 ? 'unter 1 min' : `${total} min`;
}

function checkSummary(state: RunState): string {
  const results = Object.entries(state.checks ?? {});
  if (results.length === 0) return 'keine gelaufen';
  const passed = results.filter(([, result]) => result.status === 'pass').map(([id]) => id);
  const open = results
    .filter(([, result]) => result.status !== 'pass')
    .map(([id, result]) => `${id} (${result.status})`);
  return `${passed.length} von ${results.length} bestanden${open.length > 0 ? `; offen: ${open.join(', ')}` : ''}`;
}

export function finalSummary(lesson: Lesson, state: RunState, c: Colors): string {
  const records = Object.values(state.steps);
  const count = (status: StepRecord['status']) => records.filter((record) => record.status === status).length;
  const parts = lesson.parts
    .filter((part) => state.finished.includes(`end:${part.id}`))
    .map((part) => part.title.split(':')[0]);
  const ratings = Object.entries(state.quizzes).sort(([a], [b]) => Number(a) - Number(b));
  const words = { 1: 'noch unsicher', 2: 'teilweise', 3: 'sicher' } as const;
  const lines = [
    '',
    c.bold(`━━ Zusammenfassung Lektion ${lesson.meta.id} ━━`),
    `Teile abgeschlossen: ${parts.length > 0 ? parts.join(', ') : 'noch keiner'}`,
    `Schritte: ${count('ok')} erledigt, ${count('warn')} mit Abweichung, ${count('failed')} fehlgeschlagen, ${count('skipped')} übersprungen`,
    `Prüfungen: ${checkSummary(state)}`,
    `Wissensfragen: ${ratings.length === 0 ? 'keine beantwortet' : ratings.map(([number, entry]) => `${number}: ${words[entry.rating]}`).join(', ')}`,
    `Zeit im Runner: ${minutes(state.activeMs)}`,
  ];
  if (lesson.cleanup.length > 0) {
    lines.push('', c.bold('Als Nächstes – Aufräumen:'));
    for (const item of lesson.cleanup) lines.push(`  [ ] ${item.text.replace(/\*\*/g, '')}`);
  }
  return `${lines.join('\n')}\n`;
}
