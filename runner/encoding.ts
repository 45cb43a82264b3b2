import iconv from 'iconv-lite';
import { LessonError } from './errors.ts';

/**
 * Turning lesson bytes into text, and undoing "double encoding": UTF-8 bytes that were once read as
 * Mac Roman or Windows-1252/Latin-1 and written out again as UTF-8 (`Ãœbersicht`, `√úbersicht`).
 * Pure functions: bytes or text in, text out.
 */

export type MojibakeEncoding = 'mac-roman' | 'windows-1252';

export interface DecodedLesson {
  text: string;
  /** The encodings undone, outermost first; empty when the text was clean. */
  repairs: MojibakeEncoding[];
}

const ENCODING_LABELS: Record<MojibakeEncoding, string> = {
  'mac-roman': 'Mac Roman',
  'windows-1252': 'Windows-1252/Latin-1',
};

export function encodingLabel(encoding: MojibakeEncoding): string {
  return ENCODING_LABELS[encoding];
}

/** Byte → character tables for the upper half (0x80–0xFF) and their inverse. */
interface ByteTable {
  encoding: MojibakeEncoding;
  toByte: Map<string, number>;
}

function tableFrom(
  encoding: MojibakeEncoding,
  iconvName: string,
  patch: Record<number, string[]>,
): ByteTable {
  const upper = iconv.decode(Buffer.from(Array.from({ length: 128 }, (_, i) => i + 0x80)), iconvName);
  const toByte = new Map<string, number>();
  [...upper].forEach((char, i) => {
    if (char !== '\uFFFD') toByte.set(char, i + 0x80);
  });
  for (const [byte, chars] of Object.entries(patch)) {
    for (const char of chars) toByte.set(char, Number(byte));
  }
  return { encoding, toByte };
}

let tables: readonly ByteTable[] | undefined;

/** Built on first use: clean ASCII-only lessons never need them. */
function byteTables(): readonly ByteTable[] {
  tables ??= [
    // iconv-lite follows the pre-1998 Apple table: 0xDB is `¤` (today `€`) and 0xF0 (the Apple logo,
    // U+F8FF) is missing. 0xF0 starts every 4-byte UTF-8 sequence (emoji), so both spellings must map back.
    tableFrom('mac-roman', 'macintosh', { 219: ['€', '¤'], 240: ['\uF8FF'] }),
    // Windows-1252 leaves 0x81, 0x8D, 0x8F, 0x90, 0x9D undefined; decoders pass them through as the
    // Latin-1 control characters U+0081…, and a Latin-1 round trip produces U+0080–U+009F for all of
    // 0x80–0x9F. Accept both so either kind of damage is undone.
    tableFrom(
      'windows-1252',
      'windows-1252',
      Object.fromEntries(Array.from({ length: 32 }, (_, i) => [0x80 + i, [String.fromCharCode(0x80 + i)]])),
    ),
  ];
  return tables;
}

/** Maps every character back to the byte it was decoded from, or undefined if the text cannot come from it. */
function toBytes(text: string, table: ByteTable): Uint8Array | undefined {
  const bytes = new Uint8Array(text.length);
  let length = 0;
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    if (code < 0x80) {
      bytes[length++] = code;
      continue;
    }
    const byte = table.toByte.get(char);
    if (byte === undefined) return undefined;
    bytes[length++] = byte;
  }
  return bytes.subarray(0, length);
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

function decodeStrictUtf8(bytes: Uint8Array): string | undefined {
  try {
    return strictUtf8.decode(bytes);
  } catch {
    return undefined;
  }
}

function isAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0x7f) return false;
  return true;
}

/** Undoes one layer of double encoding when the round trip is exact, else returns undefined. */
export function repairOnce(text: string): { text: string; encoding: MojibakeEncoding } | undefined {
  if (isAscii(text)) return undefined;
  for (const table of byteTables()) {
    const bytes = toBytes(text, table);
    if (!bytes) continue;
    const repaired = decodeStrictUtf8(bytes);
    if (repaired !== undefined && repaired !== text) return { text: repaired, encoding: table.encoding };
  }
  return undefined;
}

const CONTINUATION = (byte: number) => byte >= 0x80 && byte <= 0xbf;

const leadPatterns = new WeakMap<ByteTable, RegExp>();

/** A lead-byte character directly followed by a continuation-byte character. */
function leadPattern(table: ByteTable): RegExp {
  let pattern = leadPatterns.get(table);
  if (!pattern) {
    const codePoint = (char: string) => `\\u{${(char.codePointAt(0) ?? 0).toString(16)}}`;
    const leads = [...table.toByte]
      .filter(([, byte]) => byte >= 0xc2 && byte <= 0xf4)
      .map(([char]) => codePoint(char));
    const tails = [...table.toByte].filter(([, byte]) => CONTINUATION(byte)).map(([char]) => codePoint(char));
    pattern = new RegExp(`[${leads.join('')}][${tails.join('')}]`, 'u');
    leadPatterns.set(table, pattern);
  }
  return pattern;
}

/**
 * Finds character runs that look like one UTF-8 character read in a single-byte encoding
 * (a lead byte followed by the right number of continuation bytes). Returns their offsets.
 */
export function findMojibakeSequences(text: string): number[] {
  const found = new Set<number>();
  // Fast path: without a character that stands for a UTF-8 lead byte there is nothing to find.
  if (!byteTables().some((table) => leadPattern(table).test(text))) return [];
  const chars = [...text];
  for (const table of byteTables()) {
    let offset = 0;
    for (let i = 0; i < chars.length; i++) {
      const char = chars[i] as string;
      const lead = table.toByte.get(char);
      const need =
        lead === undefined
          ? 0
          : lead >= 0xc2 && lead <= 0xdf
            ? 1
            : lead >= 0xe0 && lead <= 0xef
              ? 2
              : lead >= 0xf0 && lead <= 0xf4
                ? 3
                : 0;
      if (need > 0) {
        const tail = chars.slice(i + 1, i + 1 + need).map((c) => table.toByte.get(c));
        if (tail.length === need && tail.every((b) => b !== undefined && CONTINUATION(b))) {
          const bytes = Uint8Array.from([lead as number, ...(tail as number[])]);
          if (decodeStrictUtf8(bytes) !== undefined) found.add(offset);
        }
      }
      offset += char.length;
    }
  }
  return [...found].sort((a, b) => a - b);
}

export function lineOfOffset(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/**
 * Whether the text at `offset` is quoted as an example: inside an inline code span or „…“ on its line.
 * A lesson about encodings may show `Ã¼` on purpose; that is not damage.
 */
function isQuoted(text: string, offset: number): boolean {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const before = text.slice(lineStart, offset);
  const backticks = before.split('`').length - 1;
  return backticks % 2 === 1 || before.lastIndexOf('„') > before.lastIndexOf('“');
}

/** Repairs every layer of double encoding; refuses text that is damaged but cannot be repaired exactly. */
export function repairMojibake(text: string, file: string): DecodedLesson {
  const repairs: MojibakeEncoding[] = [];
  let current = text;
  for (let layer = 0; layer < 3; layer++) {
    const repaired = repairOnce(current);
    if (!repaired) break;
    repairs.push(repaired.encoding);
    current = repaired.text;
  }
  const leftovers = findMojibakeSequences(current).filter((offset) => !isQuoted(current, offset));
  if (leftovers.length > 0) {
    const first = leftovers[0] as number;
    const line = lineOfOffset(current, first);
    const sample = [...current.slice(first, first + 12)].slice(0, 4).join('');
    throw new LessonError(
      'mojibake',
      `Die Datei enthält doppelt kodierte Umlaute (z. B. „${sample}“), die sich nicht verlustfrei reparieren lassen, ` +
        'vermutlich weil nur ein Teil der Datei beschädigt ist. Öffne sie in einem Editor, stelle die Zeichen richtig ' +
        'und speichere sie als UTF-8.',
      { file, line },
    );
  }
  return { text: current, repairs };
}

/** Bytes of a lesson file → text: rejects binary and non-UTF-8 files, strips a BOM, repairs mojibake. */
export function decodeLessonBytes(bytes: Uint8Array, file: string): DecodedLesson {
  if (bytes.length === 0) throw new LessonError('empty', 'Die Lektion ist leer.', { file });
  const nul = bytes.indexOf(0);
  if (nul !== -1) {
    throw new LessonError(
      'binary',
      'Das ist keine Markdown-Datei: sie enthält Binärdaten (Nullbytes). Prüfe den Pfad.',
      { file, line: lineOfOffset(Buffer.from(bytes.subarray(0, nul)).toString('latin1'), nul) },
    );
  }
  let text = decodeStrictUtf8(bytes);
  if (text === undefined) {
    const loose = new TextDecoder('utf-8').decode(bytes);
    throw new LessonError(
      'invalid-utf8',
      'Die Datei ist kein gültiges UTF-8 (vermutlich als Windows-1252 oder Latin-1 gespeichert). ' +
        'Speichere sie in deinem Editor als „UTF-8“ und versuche es erneut.',
      { file, line: lineOfOffset(loose, Math.max(0, loose.indexOf('\uFFFD'))) },
    );
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.trim() === '') throw new LessonError('empty', 'Die Lektion ist leer.', { file });
  return repairMojibake(text, file);
}
