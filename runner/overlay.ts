import type { ErrorObject } from 'ajv';
import { type Document, isMap, isSeq, LineCounter, parseDocument } from 'yaml';
import { LessonError, type SourcePlace } from './errors.ts';
import type { Lesson, Step } from './model.ts';
import type { Overlay } from './overlay-schema.ts';
import { validateOverlay } from './overlay-validator.ts';
import { yamlProblem } from './yaml-problem.ts';

/**
 * The overlay says what the Markdown cannot: which check proves which checklist item, where a
 * background server answers, where a placeholder's value comes from. It lives beside the lesson
 * (`30.1-….overlay.yaml`), so the lesson stays exactly as its author wrote it.
 */

export interface ParsedOverlay {
  file: string;
  data: Overlay;
  /** Line and column of a value, by JSON pointer (`/steps/0/match`), for messages. */
  placeOf(pointer: string): { line?: number; column?: number };
}

/** YAML text → validated overlay; errors name the line and column of the offending value. */
export function parseOverlay(text: string, file: string): ParsedOverlay {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter });
  const syntax = document.errors[0];
  if (syntax) {
    const { message, ...place } = yamlProblem(syntax);
    throw new LessonError('overlay', `Das Overlay ist kein gültiges YAML: ${message}.`, { file, ...place });
  }
  const data: unknown = document.toJS();
  if (!validateOverlay(data)) {
    const error = validateOverlay.errors?.[0] as ErrorObject;
    const place = placeOf(document, lineCounter, error.instancePath);
    throw new LessonError('overlay', `Das Overlay ist ungültig: ${describe(error)}`, { file, ...place });
  }
  return { file, data: data as Overlay, placeOf: (pointer) => placeOf(document, lineCounter, pointer) };
}

function placeOf(
  document: Document,
  lineCounter: LineCounter,
  pointer: string,
): { line?: number; column?: number } {
  const path = pointer
    .split('/')
    .slice(1)
    .map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((segment) => (/^\d+$/.test(segment) ? Number(segment) : segment));
  let node: unknown = document.contents;
  for (const key of path) {
    if (isMap(node)) node = node.get(key, true);
    else if (isSeq(node)) node = node.get(key as number, true);
    else break;
  }
  const offset = (node as { range?: [number, number, number] } | undefined)?.range?.[0];
  if (offset === undefined) return { line: 1 };
  const { line, col } = lineCounter.linePos(offset);
  return { line, column: col };
}

function describe(error: ErrorObject): string {
  const where = error.instancePath ? `„${error.instancePath.slice(1).replace(/\//g, '.')}“` : 'Die Datei';
  switch (error.keyword) {
    case 'required':
      return `${where} braucht den Schlüssel „${(error.params as { missingProperty: string }).missingProperty}“.`;
    case 'additionalProperties':
      return `${where} kennt den Schlüssel „${(error.params as { additionalProperty: string }).additionalProperty}“ nicht.`;
    case 'type':
      return `${where} muss vom Typ ${(error.params as { type: string }).type} sein.`;
    case 'pattern':
      return `${where} hat nicht die erwartete Form (${(error.params as { pattern: string }).pattern}).`;
    case 'anyOf':
    case 'enum':
    case 'const':
      return `${where} hat einen Wert, der hier nicht erlaubt ist.`;
    default:
      return `${where}: ${error.message ?? error.keyword}.`;
  }
}

/** Copies the overlay's facts onto the model; a binding that no longer fits the lesson is an error. */
export function applyOverlay(lesson: Lesson, parsed: ParsedOverlay, shownAs: string): void {
  const { data: overlay, file } = parsed;
  const at = (pointer: string) => ({ file, ...parsed.placeOf(pointer) });
  lesson.overlay = shownAs;
  if (overlay.lesson !== lesson.meta.id) {
    throw new LessonError(
      'overlay',
      `Das Overlay gehört zur Lektion ${overlay.lesson}, nicht zu ${lesson.meta.id}.`,
      at('/lesson'),
    );
  }
  for (const [index, binding] of (overlay.steps ?? []).entries()) {
    const step = findStep(lesson, binding.match, binding.kind, at(`/steps/${index}/match`));
    if (binding.checks) step.checks.push(...binding.checks);
    if (binding.whenMissing) step.whenMissing = binding.whenMissing;
    if (binding.readyUrl || binding.skipWhenPasses || binding.skipWhenSucceeds || binding.retrySeconds) {
      if (step.kind !== 'command') {
        throw new LessonError(
          'overlay',
          `„${binding.match}“: readyUrl, skipWhenPasses, skipWhenSucceeds und retrySeconds gibt es nur für Befehle.`,
          at(`/steps/${index}`),
        );
      }
      if (binding.readyUrl) step.readyUrl = binding.readyUrl;
      if (binding.skipWhenPasses) step.skipWhenPasses = binding.skipWhenPasses;
      if (binding.skipWhenSucceeds) step.skipWhenSucceeds = binding.skipWhenSucceeds;
      if (binding.retrySeconds) step.retrySeconds = binding.retrySeconds;
    }
  }
  for (const [name, fill] of Object.entries(overlay.placeholders ?? {})) {
    const placeholder = lesson.placeholders.find((candidate) => candidate.name === name);
    if (!placeholder) {
      throw new LessonError(
        'overlay',
        `Den Platzhalter <${name}> gibt es in der Lektion nicht.`,
        at(`/placeholders/${name}`),
      );
    }
    placeholder.fill = fill;
  }
  bindItems(lesson.checklist, overlay.checklist ?? [], 'Checkliste', (i) => at(`/checklist/${i}/text`));
  bindItems(lesson.cleanup, overlay.cleanup ?? [], 'Aufräumen-Liste', (i) => at(`/cleanup/${i}/text`));
}

function findStep(lesson: Lesson, match: string, kind: Step['kind'] | undefined, place: SourcePlace): Step {
  const candidates = lesson.steps.filter(
    (step) => (kind === undefined || step.kind === kind) && stepText(step).includes(match),
  );
  if (candidates.length !== 1) {
    const count =
      candidates.length === 0
        ? 'keinen Schritt'
        : `${candidates.length} Schritte (${candidates.map((s) => s.number).join(', ')})`;
    throw new LessonError('overlay', `„${match}“ passt auf ${count}; es muss genau einer sein.`, place);
  }
  return candidates[0] as Step;
}

function stepText(step: Step): string {
  if (step.kind === 'command') return step.code;
  if (step.kind === 'file') return step.path;
  return step.title;
}

function bindItems(
  items: Lesson['checklist'],
  bindings: NonNullable<Overlay['checklist']>,
  listName: string,
  placeOf: (index: number) => SourcePlace,
): void {
  for (const [index, binding] of bindings.entries()) {
    const item = items[binding.item - 1];
    if (!item?.text.startsWith(binding.text)) {
      throw new LessonError(
        'overlay',
        `Punkt ${binding.item} der ${listName} beginnt nicht mit „${binding.text}“${item ? ` (sondern „${item.text}“)` : ' (es gibt ihn nicht)'}. ` +
          'Passe das Overlay an die Lektion an.',
        placeOf(index),
      );
    }
    if (binding.checks) item.checks.push(...binding.checks);
    if (binding.selfAssessed) item.selfAssessed = true;
  }
}
