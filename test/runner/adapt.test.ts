import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { adaptFile, loadAdaptationFiles, loadAdaptations } from '../../runner/adapt.ts';
import { loadLessonFile } from '../../runner/load.ts';
import { lesson301, repoRoot } from '../helpers.ts';

const lesson = await loadLessonFile(lesson301, { cwd: repoRoot });
const write = (text: string) => {
  const file = join(mkdtempSync(join(tmpdir(), 'adapt-')), 'anpassung.yaml');
  writeFileSync(file, text);
  return file;
};
const load = (text: string, env: NodeJS.ProcessEnv = {}) => loadAdaptations(write(text), lesson, env);

describe('adaptation files (--adapt)', () => {
  it("the offline CI's file: every effect bound to the lesson's steps", () => {
    const adaptations = loadAdaptations(
      join(repoRoot, '.ci', 'lesson-ci', '30.1-offline.adapt.yaml'),
      lesson,
      {
        LESSON_CI_MOTO_URL: 'http://127.0.0.1:5055',
        LESSON_CI_AWS_ACCESS_KEY_ID: 'AKIA',
        LESSON_CI_AWS_SECRET_ACCESS_KEY: 'geheim',
      },
    );
    assert.equal(adaptations.env.AWS_ENDPOINT_URL, 'http://127.0.0.1:5055');
    assert.equal(adaptations.env.PIP_RETRIES, '0');
    assert.deepEqual([...adaptations.after.keys()], [40]);
    const pins = adaptations.list.find((adaptation) => adaptation.id === 'requirements-pins');
    const requirements = lesson.steps.find(
      (step) => step.kind === 'file' && step.name === 'requirements.txt',
    );
    assert.ok(pins && requirements?.kind === 'file');
    assert.equal(
      adaptFile(requirements.content, pins),
      'fastapi\nuvicorn\nsqlalchemy<2.1\npydantic\npython-dotenv\npsycopg[binary]\n',
    );
  });

  it('the solution variant replaces the app steps and nothing else', () => {
    const adaptations = loadAdaptationFiles([join(repoRoot, 'solution', '30.1.adapt.yaml')], lesson, {});
    const replaced = [...adaptations.replace.keys()].sort((a, b) => a - b);
    assert.deepEqual(replaced, [15, 16, 19, 20, 21, 22, 23, 24, 26, 27, 28]);
    const docker = lesson.steps.find(
      (step) => step.kind === 'command' && step.code.startsWith('docker build'),
    );
    assert.ok(docker && !adaptations.replace.has(docker.number));
  });

  it('refuses what would be silently wrong, in German', () => {
    const base = 'lesson: "30.1"\ndescription: Test\nadaptations:\n';
    assert.throws(() => load(`${base}  - id: x\n    reason: nichts\n`), /Anpassung „x“ tut nichts/);
    assert.throws(
      () => load(`${base}  - id: x\n    reason: r\n    env: { A: "\${FEHLT}" }\n`),
      /braucht die Variable FEHLT, sie ist nicht gesetzt/,
    );
    assert.throws(
      () => load(`${base}  - id: x\n    reason: r\n    after: { match: gibt es nicht, run: "true" }\n`),
      /kein Schritt passt zu „gibt es nicht“/,
    );
    assert.throws(
      () =>
        load(
          `${base}  - id: x\n    reason: r\n    file: { path: backend/fehlt.txt, replace: [{ pattern: a, with: b }] }\n`,
        ),
      /die Lektion schreibt keine Datei backend\/fehlt\.txt/,
    );
    assert.throws(
      () =>
        load('lesson: "31.2"\ndescription: T\nadaptations:\n  - id: x\n    reason: r\n    byHarness: true\n'),
      /gehört zu Lektion 31\.2, nicht zu 30\.1/,
    );
    assert.throws(
      () => load(`${base}  - id: Gross\n    reason: r\n    byHarness: true\n`),
      /\/adaptations\/0\/id/,
    );
    assert.throws(() => load('lesson: [unclosed'), /kein gültiges YAML/);
  });

  it('a replacement that no longer matches the lesson says so instead of writing the file unchanged', () => {
    const [adaptation] = load(
      'lesson: "30.1"\ndescription: T\nadaptations:\n  - id: pins\n    reason: r\n    file:\n      path: cloudnotes/backend/requirements.txt\n      replace: [{ pattern: "^flask==.*$", with: flask }]\n',
    ).list;
    assert.ok(adaptation);
    assert.throws(
      () => adaptFile('fastapi==0.115.12\n', adaptation),
      /„\^flask==\.\*\$“ kommt in cloudnotes\/backend\/requirements\.txt nicht \(mehr\) vor/,
    );
  });
});
