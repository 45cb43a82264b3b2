import type { Code, Html, Paragraph, PhrasingContent } from 'mdast';
import { LessonError } from '../errors.ts';
import { lineOf, plainText, sourceOf } from './markdown.ts';

/** Recognisers for the mkdocs-material constructs plain Markdown does not know. */

export type DetailsToken =
  | { type: 'open'; summary: string; contentStart: number }
  | { type: 'close'; contentEnd: number };

/** `<details markdown>` / `<summary>…</summary>` / `</details>` inside one raw HTML node, in order. */
export function detailsTokens(node: Html): DetailsToken[] {
  const base = node.position?.start.offset ?? 0;
  const tokens: DetailsToken[] = [];
  const pattern = /<details\b[^>]*>(?:\s*<summary>([\s\S]*?)<\/summary>)?|<\/details\s*>/gi;
  for (const match of node.value.matchAll(pattern)) {
    const at = base + (match.index ?? 0);
    if (match[0].startsWith('</')) tokens.push({ type: 'close', contentEnd: at });
    else tokens.push({ type: 'open', summary: (match[1] ?? '').trim(), contentStart: at + match[0].length });
  }
  return tokens;
}

export interface CalloutText {
  label: string;
  text: string;
  line: number;
}

/**
 * `> **Ziel:** …` lines. One paragraph may hold several (`**Ziel:** …` and `**Zeitbedarf:** …` on
 * consecutive lines), so a bold label at the start of a line starts a new callout.
 */
export function calloutsIn(paragraph: Paragraph): CalloutText[] {
  const callouts: CalloutText[] = [];
  let current: CalloutText | undefined;
  let atLineStart = true;
  const append = (text: string) => {
    if (current) current.text += text;
  };
  for (const child of paragraph.children) {
    const label = atLineStart ? labelOf(child) : undefined;
    if (label !== undefined) {
      current = { label, text: '', line: lineOf(child) };
      callouts.push(current);
      atLineStart = false;
      continue;
    }
    const text = child.type === 'break' ? '\n' : plainTextKeepingBreaks(child);
    append(text);
    atLineStart = text.endsWith('\n');
  }
  for (const callout of callouts) callout.text = callout.text.replace(/\s+/g, ' ').trim();
  return callouts;
}

function plainTextKeepingBreaks(node: PhrasingContent): string {
  if (node.type === 'text') return node.value;
  if (node.type === 'inlineCode') return `\`${node.value}\``;
  return plainText(node);
}

function labelOf(node: PhrasingContent): string | undefined {
  if (node.type !== 'strong') return undefined;
  const text = plainText(node);
  return text.endsWith(':') ? text.slice(0, -1).trim() : undefined;
}

/** A paragraph that is only a bold label (`**Git Bash / macOS / Linux:**`) → the label text. */
export function labelParagraph(paragraph: Paragraph): string | undefined {
  const meaningful = paragraph.children.filter(
    (child) => !(child.type === 'text' && child.value.trim() === ''),
  );
  const only = meaningful.length === 1 ? meaningful[0] : undefined;
  return only ? labelOf(only) : undefined;
}

export interface AdmonitionHead {
  type: string;
  title: string;
  /** Body text that followed on lazy continuation lines of the same paragraph. */
  body: string;
}

/** `!!! warning "Titel"` (mkdocs-material), possibly with its indented body folded into the paragraph. */
export function admonitionHead(paragraph: Paragraph, text: string): AdmonitionHead | undefined {
  const source = sourceOf(text, paragraph);
  const match = /^(?:!!!|\?\?\?\+?)\s+([\w-]+)(?:\s+"([^"]*)")?[ \t]*(?:\r?\n([\s\S]*))?$/.exec(source);
  if (!match) return undefined;
  const type = match[1] as string;
  return {
    type,
    title: match[2] ?? type.charAt(0).toUpperCase() + type.slice(1),
    body: (match[3] ?? '')
      .split(/\r?\n/)
      .map((line) => line.trim())
      .join(' ')
      .trim(),
  };
}

/** Whether a code node was written with a fence (``` or ~~~) rather than by indentation. */
export function isFenced(code: Code, text: string): boolean {
  return /^(`{3,}|~{3,})/.test(sourceOf(text, code));
}

/** Refuses a fence that is never closed: remark would silently run it to the end of the document. */
export function assertFenceClosed(code: Code, text: string, file: string): void {
  const source = sourceOf(text, code);
  const opening = /^(`{3,}|~{3,})/.exec(source)?.[1] as string;
  const lines = source.split(/\r?\n/);
  const last = (lines.length > 1 ? lines[lines.length - 1] : '') as string;
  const closing = /^\s*(?:>\s?)*\s*(`{3,}|~{3,})\s*$/.exec(last)?.[1];
  if (!closing || closing[0] !== opening[0] || closing.length < opening.length) {
    throw new LessonError(
      'unterminated-fence',
      `Der Codeblock, der hier mit ${opening} beginnt, wird nie geschlossen. Ergänze eine Zeile ${opening} an seinem Ende.`,
      { file, line: lineOf(code), column: code.position?.start.column ?? 1 },
    );
  }
}
