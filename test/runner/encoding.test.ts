import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import iconv from 'iconv-lite';
import { decodeLessonBytes, repairMojibake } from '../../runner/encoding.ts';
import { LessonError } from '../../runner/errors.ts';
import { loadLessonFile } from '../../runner/load.ts';
import type { Lesson } from '../../runner/model.ts';
import { parseLesson } from '../../runner/parse/lesson.ts';
import { fixtures, lesson301, repoRoot } from '../helpers.ts';

const clean = readFileSync(lesson301, 'utf8');
const originalFile = join(fixtures, 'lesson-30.1.original.md');

/** What a Windows tool does to UTF-8 bytes: read as Windows-1252 (undefined bytes pass through as Latin-1). */
function asWindows1252(text: string): string {
  const bytes = Buffer.from(text, 'utf8');
  return [...bytes]
    .map((byte) => {
      const char = iconv.decode(Buffer.from([byte]), 'windows-1252');
      return char === '\uFFFD' ? String.fromCharCode(byte) : char;
    })
    .join('');
}

/** Everything that depends on the file, not on the lesson, set aside for comparison. */
function withoutSource(lesson: Lesson): Omit<Lesson, 'file' | 'overlay' | 'diagnostics'> {
  const { file: _file, overlay: _overlay, diagnostics: _diagnostics, ...rest } = lesson;
  return rest;
}

describe('double-encoded lessons', () => {
  it('the original 30.1 is Mac Roman mojibake and repairs to exactly the clean file', () => {
    const bytes = readFileSync(originalFile);
    assert.match(bytes.toString('utf8'), /√úbersicht/);
    const decoded = decodeLessonBytes(bytes, 'original.md');
    assert.deepEqual(decoded.repairs, ['mac-roman']);
    assert.equal(decoded.text, clean);
  });

  it('loading the original gives exactly the same model as the clean file, with a German warning', async () => {
    const original = await loadLessonFile(originalFile, { cwd: repoRoot });
    const reference = parseLesson(clean, 'lessons/30.1-aws-sandbox-ecr.md', { id: '30.1' });
    assert.deepEqual(withoutSource(original), withoutSource(reference));
    assert.equal(original.diagnostics.length, 1);
    assert.equal(original.diagnostics[0]?.code, 'mojibake-repaired');
    assert.match(original.diagnostics[0]?.message ?? '', /doppelt kodiert \(UTF-8 als Mac Roman gelesen/);
  });

  it('repairs Windows-1252 and Latin-1 mojibake of the whole lesson, emoji included', () => {
    const cp1252 = asWindows1252(clean);
    assert.match(cp1252, /Ãœbersicht/);
    assert.deepEqual(repairMojibake(cp1252, 'x.md'), { text: clean, repairs: ['windows-1252'] });
    const latin1 = Buffer.from(clean, 'utf8').toString('latin1');
    assert.deepEqual(repairMojibake(latin1, 'x.md'), { text: clean, repairs: ['windows-1252'] });
  });

  it('undoes two layers of damage', () => {
    const twice = asWindows1252(asWindows1252('Schritt für Schritt: Übersicht 📦'));
    assert.deepEqual(repairMojibake(twice, 'x.md'), {
      text: 'Schritt für Schritt: Übersicht 📦',
      repairs: ['windows-1252', 'windows-1252'],
    });
  });

  it('leaves clean text alone, including a sentence that quotes one mojibake example', () => {
    assert.deepEqual(repairMojibake(clean, 'x.md'), { text: clean, repairs: [] });
    const explains = 'Kaputte Umlaute sehen so aus: „Ã¼“ statt „ü“, oder `√§` statt `ä`.';
    assert.deepEqual(repairMojibake(explains, 'x.md'), { text: explains, repairs: [] });
  });

  it('refuses partly damaged text that cannot be repaired exactly, naming the line', () => {
    const lines = clean.split('\n');
    const damagedLine = 22;
    lines[damagedLine - 1] = asWindows1252(lines[damagedLine - 1] as string);
    assert.throws(
      () => repairMojibake(lines.join('\n'), 'lessons/x.md'),
      (error: unknown) =>
        error instanceof LessonError &&
        error.code === 'mojibake' &&
        error.place?.line === damagedLine &&
        /doppelt kodierte Umlaute .* nicht verlustfrei reparieren/.test(error.message),
    );
  });
});

describe('reading lesson bytes', () => {
  it('strips a byte order mark', () => {
    assert.equal(decodeLessonBytes(Buffer.from('\uFEFF# Titel\n', 'utf8'), 'x.md').text, '# Titel\n');
  });

  it('refuses binary files, invalid UTF-8 and empty files in German', () => {
    const cases: Array<[Uint8Array, string, RegExp, number | undefined]> = [
      [Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00]), 'binary', /Binärdaten/, 3],
      [Buffer.from('# Titel\n\nGr\xfc\xdfe\n', 'latin1'), 'invalid-utf8', /kein gültiges UTF-8/, 3],
      [Buffer.alloc(0), 'empty', /leer/, undefined],
      [Buffer.from('  \n\n'), 'empty', /leer/, undefined],
    ];
    for (const [bytes, code, message, line] of cases) {
      assert.throws(
        () => decodeLessonBytes(bytes, 'kaputt.md'),
        (error: unknown) =>
          error instanceof LessonError &&
          error.code === code &&
          message.test(error.message) &&
          error.place?.line === line,
        code,
      );
    }
  });
});
