import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { loadLessonFile, overlayFileFor } from '../../runner/load.ts';
import type { CommandStep, FileStep } from '../../runner/model.ts';
import { fixtures } from '../helpers.ts';

// Another lesson in the same style (S3 instead of ECR, other files, other placeholder, no overlay):
// the parser must understand it without knowing anything about 30.1.
const file = join(fixtures, 'lessons', '31.2-s3-static-website.md');
const lesson = await loadLessonFile(file, { cwd: fixtures });
const commands = lesson.steps.filter((step): step is CommandStep => step.kind === 'command');

describe('a second lesson in the same style', () => {
  it('has no overlay and still parses completely', () => {
    assert.equal(overlayFileFor(file), undefined);
    assert.equal(lesson.overlay, null);
    assert.equal(lesson.meta.id, '31.2');
    assert.deepEqual(lesson.meta.tags, ['AWS', 'S3']);
    assert.deepEqual(lesson.diagnostics, []);
    assert.deepEqual(
      lesson.blocks.filter((block) => block.role === 'unknown'),
      [],
    );
  });

  it('finds its parts, times, minimal path and done-when', () => {
    assert.deepEqual(
      lesson.parts.map((part) => [part.id, part.minutes, part.minimal]),
      [
        ['teil-1', 15, true],
        ['teil-2', 20, true],
        ['teil-3', 5, false],
      ],
    );
    assert.equal(lesson.parts[1]?.doneWhen, 'die Seite unter der Website-URL des Buckets erscheint');
    assert.equal(lesson.meta.totalTime, 'ca. 40 Minuten');
  });

  it('finds its own files in its own working directory, including a sub-folder', () => {
    const files = lesson.steps.filter((step): step is FileStep => step.kind === 'file');
    assert.deepEqual(
      files.map((step) => step.path),
      ['website/index.html', 'website/assets/style.css', 'website/bucket-policy.json'],
    );
  });

  it('finds its own placeholder, server, expectations and variants', () => {
    assert.deepEqual(
      lesson.placeholders.map((placeholder) => [placeholder.token, placeholder.steps.length]),
      [['<dein-bucket-name>', 5]],
    );
    assert.match(lesson.placeholders[0]?.hint ?? '', /weltweit eindeutigen Namen/);
    const server = commands.find((step) => step.longRunning);
    assert.equal(server?.code, 'python3 -m http.server 8080');
    assert.equal(server?.readyUrl, 'http://localhost:8080/index.html');
    const mb = commands.find((step) => step.code.startsWith('aws s3 mb'));
    assert.deepEqual(
      mb?.expected.map((expected) => [expected.text, expected.match]),
      [['make_bucket: <dein-bucket-name>', 'substring']],
    );
    const sync = commands.find((step) => step.code.startsWith('aws s3 sync'));
    assert.equal(sync?.expected[0]?.match, 'exact');
    const policy = commands.filter((step) => step.code.includes('put-bucket-policy'));
    assert.deepEqual(
      policy.map((step) => step.platform),
      ['posix', 'windows-powershell'],
    );
    assert.equal(policy[0]?.variantGroup, policy[1]?.variantGroup);
    assert.equal(commands.find((step) => step.code.includes('s3 rb'))?.optional, true);
  });

  it('finds its quizzes, manual step, warning and checklist', () => {
    assert.equal(lesson.quizzes.length, 2);
    assert.match(lesson.quizzes[1]?.answer ?? '', /s3:GetObject/);
    const manual = lesson.steps.filter((step) => step.kind === 'manual');
    assert.deepEqual(
      manual.map((step) => step.section),
      ['2.4 Website-Hosting in der Console'],
    );
    assert.deepEqual(
      lesson.content.admonitions.map((admonition) => admonition.title),
      ['Öffentlicher Bucket'],
    );
    assert.deepEqual(
      lesson.checklist.map((item) => item.checked),
      [false, false, true],
    );
  });
});
