import type { Platform } from '../model.ts';

/**
 * The phrases the lesson authors use, as data: which bold label names which platform, which sentence
 * introduces a file or an expected output. Everything the parser infers from German prose is here.
 */

const PLATFORM_LABELS: ReadonlyArray<[RegExp, Platform]> = [
  [/^git bash\s*\/\s*macos\s*\/\s*linux$/i, 'posix'],
  [/^(macos\s*\/\s*linux|linux\s*\/\s*macos)$/i, 'posix'],
  [/^windows (cmd|eingabeaufforderung)$/i, 'windows-cmd'],
  [/^windows powershell$|^powershell$/i, 'windows-powershell'],
  [/^windows$/i, 'windows'],
  [/^mac ?os$/i, 'macos'],
  [/^linux$/i, 'linux'],
];

/** `**Git Bash / macOS / Linux:**` → posix; anything that is not a platform label → undefined. */
export function platformOfLabel(label: string): Platform | undefined {
  const name = label.trim().replace(/:$/, '').trim();
  return PLATFORM_LABELS.find(([pattern]) => pattern.test(name))?.[1];
}

/** "Erstelle die Datei `main.py`:", "Erstelle im `backend/` Ordner eine Datei namens `Dockerfile`". */
export const FILE_INTRO = /\b(Erstelle|Lege|Speichere|Schreibe)\b(?:`[^`]*`|[^.`])*\bDatei\b/i;

const FILE_NAME =
  /^(?:[\w.-]+\/)*(?:\.?[\w-]+\.[\w.-]+|\.[\w-]+|Dockerfile|Containerfile|Makefile|Procfile|Jenkinsfile|Gemfile|Vagrantfile)$/;

export function fileNameIn(codes: string[]): string | undefined {
  return codes.find((code) => FILE_NAME.test(code) && !code.endsWith('/'));
}

export function directoryIn(codes: string[]): string | undefined {
  return codes.find((code) => /^[\w.-]+(\/[\w.-]+)*\/$/.test(code))?.replace(/\/$/, '');
}

/** Sentences that introduce what a command prints. Sentences are matched with inline code in backticks. */
export const EXPECTED_INTRO =
  /Erwartete (Antwort|Ausgabe)|Du solltest\b.*\bsehen|Du siehst\b|Die (Antwort|Ausgabe) enthält|Die Ausgabe sieht\b/i;

/** Sentences that promise an exact result rather than an example. */
export const EXACT_INTRO = /Erwartete (Antwort|Ausgabe)/i;

/** "Du solltest eine Ausgabe wie `aws-cli/2.x.x` sehen", "Du solltest sehen: `Login Succeeded`". */
export const INLINE_EXPECTATION = /Du solltest\b(?:`[^`]*`|[^.`])*\bsehen/i;

/** Sentences that introduce the questions an interactive command asks. */
export const INTERACTION_INTRO = /abgefragt|fragt (dich )?nach|Eingaben?\b/i;

/** "Stelle sicher, dass du im `backend/` Ordner bist". */
export const ENSURE_DIRECTORY = /stelle sicher|sicher,? dass du|achte darauf,? dass du/i;

export const OPTIONAL_INTRO = /\boptional\b/i;

export const STOP_SERVER = /(Ctrl|Strg)\s*\+\s*C/i;

export const LOCAL_URL = /https?:\/\/(?:localhost|127\.0\.0\.1)(?::\d+)?[^\s)*"'`<>]*/;

/** First words of a click-path in the AWS Console or another GUI. */
export const MANUAL_VERB =
  /^(Öffne|Gehe|Klicke|Tippe|Logge|Wähle|Lade|Doppelklick|Schließe|Fülle|Melde|Navigiere|Scrolle|Trage|Bestätige|Suche)\b/;

/** Placeholders such as `<deine-account-id>` (no spaces, so shell redirections do not match). */
export const PLACEHOLDER = /<([a-zäöüß][a-zäöüß0-9_]*(?:-[a-zäöüß0-9_]+)*)>/gi;

export const SHELL_LANGS = new Set([
  'bash',
  'sh',
  'shell',
  'zsh',
  'console',
  'terminal',
  'powershell',
  'ps1',
  'pwsh',
  'cmd',
  'bat',
  'batch',
]);

export type ChapterKind =
  | 'review'
  | 'part'
  | 'bonus'
  | 'cleanup'
  | 'overview'
  | 'toc'
  | 'prerequisites'
  | 'summary'
  | 'checklist'
  | 'other';

export interface ChapterName {
  kind: ChapterKind;
  partId: string | null;
  number?: number;
}

/** Classifies a `##` heading (or a time-table label) by the words the lessons use. */
export function classifyChapter(title: string): ChapterName {
  const text = title.replace(/\*/g, '').trim();
  const teil = /^Teil\s+(\d+)\b/i.exec(text);
  if (teil) return { kind: 'part', partId: `teil-${teil[1]}`, number: Number(teil[1]) };
  if (/^Rückblick\b/i.test(text)) return { kind: 'review', partId: 'rueckblick' };
  if (/^Bonus\b/i.test(text)) return { kind: 'bonus', partId: 'bonus' };
  if (/^Aufräumen\b/i.test(text)) return { kind: 'cleanup', partId: 'aufraeumen' };
  if (/^Übersicht\b/i.test(text)) return { kind: 'overview', partId: null };
  if (/^Inhalt(sverzeichnis)?\b/i.test(text)) return { kind: 'toc', partId: null };
  if (/^Voraussetzungen\b/i.test(text)) return { kind: 'prerequisites', partId: null };
  if (/^Zusammenfassung\b/i.test(text)) return { kind: 'summary', partId: null };
  if (/^Checkliste\b/i.test(text)) return { kind: 'checklist', partId: null };
  return { kind: 'other', partId: null };
}

/** "ca. 25 Minuten" → 25, "10 min (lesen)" → 10, "ca. 2 Stunden" → 120; undefined if no time is given. */
export function minutesIn(text: string): number | undefined {
  const minutes = /(\d+)\s*(?:min\b|Minuten\b|Min\.)/i.exec(text);
  if (minutes) return Number(minutes[1]);
  const hours = /(\d+(?:,\d+)?)\s*(?:h\b|Stunden?\b)/i.exec(text);
  if (hours) return Math.round(Number((hours[1] as string).replace(',', '.')) * 60);
  return undefined;
}

export function detailsKind(summary: string, inQuiz: boolean): 'answer' | 'help' | 'optional' | 'info' {
  if (inQuiz || /^Antwort\b|Lösung anzeigen/i.test(summary)) return 'answer';
  if (/^Hilfe\b|Fehler|Problem/i.test(summary)) return 'help';
  if (/\bfalls\b|optional|Installation/i.test(summary)) return 'optional';
  return 'info';
}
