import type { ExpectedOutput, IllustrationKind, MatchMode } from '../model.ts';
import { EXACT_INTRO } from './wording.ts';

/** Pure helpers for what a non-command code block says: expected output, prompts, illustrations. */

/** How a printed output is compared with the lesson's example of it. */
export function matchModeFor(text: string, lang: string | null, intro: string): MatchMode {
  const exact = EXACT_INTRO.test(intro);
  if (looksLikeJson(text, lang)) return exact ? 'exact' : 'json-shape';
  if (/\.\.\.|…/.test(text)) return 'sample';
  return exact ? 'exact' : 'sample';
}

/** Inline expectations: `aws-cli/2.x.x` is a version pattern, `Login Succeeded` a substring. */
export function inlineMatchMode(text: string): MatchMode {
  return /(^|[./-])x([./-]|$)/.test(text) ? 'pattern' : 'substring';
}

function looksLikeJson(text: string, lang: string | null): boolean {
  if (lang !== null && lang !== 'json' && lang !== 'jsonc') return false;
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

export function expectedOutput(
  text: string,
  lang: string | null,
  intro: string,
  line: number,
  source: 'block' | 'inline',
): ExpectedOutput {
  const expected: ExpectedOutput = {
    line,
    source,
    text,
    match: source === 'inline' ? inlineMatchMode(text) : matchModeFor(text, lang, intro),
    intro,
  };
  if (lang) expected.lang = lang;
  return expected;
}

/** `AWS Access Key ID: <dein Access Key>` lines → prompt/value pairs; undefined if the block is not such a list. */
export function promptsIn(text: string): Array<{ prompt: string; value: string }> | undefined {
  const lines = text.split(/\r?\n/).filter((line) => line.trim() !== '');
  const prompts = lines.map((line) => /^([^:]+):\s*(.*)$/.exec(line));
  if (prompts.length === 0 || prompts.some((match) => !match)) return undefined;
  return prompts.map((match) => ({
    prompt: (match as RegExpExecArray)[1]?.trim() ?? '',
    value: (match as RegExpExecArray)[2]?.trim() ?? '',
  }));
}

/** What an illustration shows, from its content. */
export function illustrationKind(text: string, lang: string | null): IllustrationKind {
  if (lang === 'mermaid' || lang === 'plantuml') return 'diagram';
  if (/[├└│]──|^\s*[\w.-]+\/\s*(←|$)/m.test(text)) return 'tree';
  const lines = text.trim().split(/\r?\n/);
  if (lines.length === 1 && /^[\w<>-]+(\.[\w<>-]+)+(\/[\w<>.:-]+)*$/.test(lines[0] as string)) return 'uri';
  if (/^(denied|error|warning|no |\w+:)/im.test(text)) return 'log';
  return 'text';
}
