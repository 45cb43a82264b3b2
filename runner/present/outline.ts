import type { ChecklistItem, Lesson, Part, Platform, Step } from '../model.ts';

/** The lesson's outline in German, as plain text (no colour: it is read in CI logs too). Pure. */

const PLATFORM_NAMES: Record<Platform, string> = {
  any: '',
  posix: 'Git Bash/macOS/Linux',
  windows: 'Windows',
  'windows-cmd': 'Windows CMD',
  'windows-powershell': 'Windows PowerShell',
  macos: 'macOS',
  linux: 'Linux',
};

const KIND_NAMES: Record<Step['kind'], string> = { command: 'Befehl', file: 'Datei ', manual: 'Von Hand' };

function stepSummary(step: Step): string {
  if (step.kind === 'file') return `${step.path} (${step.content.split('\n').length - 1} Zeilen)`;
  if (step.kind === 'manual') return `${step.title} (${step.instructions.length} Handgriffe)`;
  const [first = '', ...rest] = step.commands;
  return rest.length > 0 ? `${first}  (+${rest.length} weitere)` : first;
}

function stepNotes(step: Step): string[] {
  const notes: string[] = [];
  if (step.platform !== 'any') notes.push(`nur ${PLATFORM_NAMES[step.platform]}`);
  if (step.optional) notes.push('optional');
  if (step.kind === 'command') {
    if (step.interactive) notes.push('interaktiv');
    if (step.longRunning)
      notes.push(`läuft im Hintergrund${step.readyUrl ? `, bereit unter ${step.readyUrl}` : ''}`);
    if (step.ensuresDirectory) notes.push('nur falls noch nicht dort');
    if (step.placeholders.length > 0)
      notes.push(`Platzhalter ${[...new Set(step.placeholders.map((p) => p.token))].join(', ')}`);
    if (step.cwd !== '.') notes.push(`in ${step.cwd}/`);
    for (const expected of step.expected) notes.push(`erwartet: ${oneLine(expected.text)}`);
    if (step.skipWhenPasses) notes.push(`überspringbar, wenn „${step.skipWhenPasses}“ schon besteht`);
  }
  if (step.checks.length > 0) notes.push(`Prüfung: ${step.checks.join(', ')}`);
  return notes;
}

function oneLine(text: string, max = 60): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

function stepLine(step: Step): string[] {
  const head = `  ${String(step.number).padStart(3)}  ${KIND_NAMES[step.kind]}  ${stepSummary(step)}`;
  const notes = stepNotes(step);
  const lines = [`${head}   [Zeile ${step.line}]`];
  if (notes.length > 0) lines.push(`              ${notes.join(' · ')}`);
  return lines;
}

function partHeading(part: Part): string {
  const minutes = part.minutes === undefined ? '' : ` · ${part.minutes} min`;
  return `${part.minimal ? '★' : ' '} ${part.title}${minutes}   [Zeile ${part.line}]`;
}

function itemLine(item: ChecklistItem): string {
  const proof = item.selfAssessed
    ? 'Selbsteinschätzung'
    : item.checks.length > 0
      ? `Prüfung: ${item.checks.join(', ')}`
      : '';
  return `  [ ] ${item.index}. ${item.text}${proof ? `  → ${proof}` : ''}   [Zeile ${item.line}]`;
}

export function formatOutline(lesson: Lesson): string {
  const { meta } = lesson;
  const stepsByNumber = new Map(lesson.steps.map((step) => [step.number, step]));
  const out: string[] = [];
  out.push(`Lektion ${meta.id}: ${meta.title.replace(/^[\d.]+\s*:\s*/, '')}`);
  const facts = [
    meta.tags.length > 0 ? `Schlagwörter: ${meta.tags.join(', ')}` : '',
    meta.totalTime ? `Gesamt: ${meta.totalTime}` : '',
    `${lesson.steps.length} Schritte, ${lesson.quizzes.length} Wissensfragen`,
  ].filter(Boolean);
  out.push(facts.join(' · '));
  if (meta.minimalPath.partIds.length > 0) {
    const names = meta.minimalPath.partIds.map(
      (id) => lesson.parts.find((part) => part.id === id)?.title.split(':')[0] ?? id,
    );
    out.push(
      `Minimalpfad${meta.minimalPath.note ? ` (${meta.minimalPath.note})` : ''}: ${names.join(', ')}  – mit ★ markiert`,
    );
  }
  const before = lesson.steps.filter((step) => step.partId === null);
  if (meta.prerequisites.length > 0 || before.length > 0) {
    out.push('', '  Voraussetzungen');
    for (const item of meta.prerequisites) out.push(`        – ${item}`);
    for (const step of before) out.push(...stepLine(step));
  }
  for (const part of lesson.parts) {
    out.push('', partHeading(part));
    if (part.goal) out.push(`        Ziel: ${part.goal}`);
    for (const number of part.steps) {
      const step = stepsByNumber.get(number);
      if (step) out.push(...stepLine(step));
    }
    for (const number of part.quizzes) {
      const quiz = lesson.quizzes.find((candidate) => candidate.number === number);
      if (quiz) out.push(`    ?  ${quiz.title}: ${oneLine(quiz.question, 80)}   [Zeile ${quiz.line}]`);
    }
    if (part.doneWhen) out.push(`        Fertig, wenn: ${part.doneWhen}`);
  }
  if (lesson.checklist.length > 0) {
    out.push('', `  Checkliste (${lesson.checklist.length} Punkte)`);
    for (const item of lesson.checklist) out.push(itemLine(item));
  }
  if (lesson.cleanup.length > 0) {
    out.push('', `  Aufräumen (${lesson.cleanup.length} Punkte)`);
    for (const item of lesson.cleanup) out.push(itemLine(item));
  }
  return `${out.join('\n')}\n`;
}

export function formatLessonList(lessons: Array<{ id: string; file: string; title: string }>): string {
  if (lessons.length === 0) return 'Es liegt noch keine Lektion im Ordner lessons/.\n';
  const width = Math.max(...lessons.map((lesson) => lesson.id.length));
  const rows = lessons.map((lesson) => `  ${lesson.id.padEnd(width)}  ${lesson.title}   (${lesson.file})`);
  return `Verfügbare Lektionen:\n${rows.join('\n')}\n\nStarte eine mit: npm run lesson <id>   (Übersicht: npm run lesson <id> -- --plan)\n`;
}
