import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { Ajv } from 'ajv';
import { fixtures, lesson301, repoRoot, runCli } from '../helpers.ts';

const lessonSchema = JSON.parse(readFileSync(join(repoRoot, 'schemas', 'lesson.schema.json'), 'utf8'));

describe('npm run lesson', () => {
  it('lists the available lessons when no id is given', async () => {
    const result = await runCli([]);
    assert.equal(result.code, 0);
    assert.match(
      result.stdout,
      /Verfügbare Lektionen:\n {2}30\.1 {2}AWS Sandbox & ECR: Docker Images in der Cloud {3}\(lessons\/30\.1-aws-sandbox-ecr\.md\)/,
    );
    assert.match(result.stdout, /npm run lesson <id>/);
  });

  it('says which lessons exist for an unknown id', async () => {
    const result = await runCli(['99.9']);
    assert.equal(result.code, 1);
    assert.equal(result.stderr, 'Fehler: Die Lektion „99.9“ gibt es nicht. Verfügbar: 30.1.\n');
    assert.equal(result.stdout, '');
  });

  it('prints the German outline with --plan, minimal path marked', async () => {
    const result = await runCli(['30.1', '--plan']);
    assert.equal(result.code, 0, result.stderr);
    const out = result.stdout;
    assert.match(out, /^Lektion 30\.1: AWS Sandbox & ECR: Docker Images in der Cloud\n/);
    assert.match(out, /Minimalpfad \(wenn du wenig Zeit hast\): Teil 1, Teil 4, Teil 5, Teil 6/);
    assert.match(out, /\n★ Teil 4: CloudNotes Backend bauen · 35 min {3}\[Zeile 466\]\n/);
    assert.match(out, /\n {2}Teil 2: Was ist ECR\? Konzept & Vergleich · 15 min/);
    assert.match(out, /Datei {3}cloudnotes\/backend\/main\.py \(88 Zeilen\)/);
    assert.match(out, /Befehl {2}aws configure {3}\[Zeile 226\]\n\s+interaktiv/);
    assert.match(
      out,
      /uvicorn main:app --reload --host 0\.0\.0\.0 --port 8000 {3}\[Zeile 736\]\n\s+läuft im Hintergrund, bereit unter http:\/\/localhost:8000\/health/,
    );
    assert.match(out, /Von Hand {2}3\.2 Repository erstellen \(Console\) \(3 Handgriffe\)/);
    assert.match(out, /\? {2}Wissensfrage 8: Was ist der Unterschied zwischen einem Image-Tag/);
    assert.match(out, /Checkliste \(9 Punkte\)/);
    assert.match(
      out,
      /\[ \] 7\. Ich kann den Unterschied zwischen Docker Hub und ECR erklären {2}→ Selbsteinschätzung/,
    );
    assert.match(out, /Aufräumen \(3 Punkte\)/);
    assert.doesNotMatch(out, /Hinweis: Das Ausführen/);
  });

  it('prints the model with --json, valid against the published schema', async () => {
    const result = await runCli(['30.1', '--json']);
    assert.equal(result.code, 0, result.stderr);
    const model = JSON.parse(result.stdout) as { meta: { id: string }; steps: unknown[] };
    const validate = new Ajv({ strict: true, allErrors: true }).compile(lessonSchema);
    assert.ok(validate(model), JSON.stringify(validate.errors, null, 2));
    assert.equal(model.meta.id, '30.1');
    assert.equal(model.steps.length, 45);
  });

  it('the schema rejects a model that breaks it', () => {
    const validate = new Ajv({ strict: true }).compile(lessonSchema);
    assert.equal(validate({ schemaVersion: 1 }), false);
  });

  it('loads a lesson from anywhere with --file and warns about repaired mojibake', async () => {
    const result = await runCli(['--file', join(fixtures, 'lesson-30.1.original.md'), '--plan'], fixtures);
    assert.equal(result.code, 0, result.stderr);
    assert.match(
      result.stderr,
      /^Warnung: lesson-30\.1\.original\.md: Die Datei war doppelt kodiert \(UTF-8 als Mac Roman gelesen/,
    );
    assert.match(result.stdout, /^Lektion 30\.1: AWS Sandbox & ECR/);
    assert.match(result.stdout, /Übung: Push-Befehle anzeigen/);
  });

  it('answers unknown options in German with exit code 2', async () => {
    const result = await runCli(['30.1', '--planx']);
    assert.equal(result.code, 2);
    assert.equal(result.stderr, 'Fehler: Unbekannte Option „--planx“.\nHilfe: npm run lesson -- --help\n');
  });
});

describe('bad input: a German error naming file and line, never a stack trace', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'lesson-bad-'));
  });

  const cases: Array<[string, string | Buffer, RegExp]> = [
    ['leer.md', '', /^Fehler: leer\.md: Die Lektion ist leer\.\n$/],
    [
      'bild.md',
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x01]),
      /^Fehler: bild\.md:1: Das ist keine Markdown-Datei: sie enthält Binärdaten/,
    ],
    [
      'offen.md',
      '---\ntitle: "1.1: Test"\n---\n# Test\n\n## Teil 1: Start\n\nText\n\n```bash\necho hallo\n\nweiter\n',
      /^Fehler: offen\.md:10:1: Der Codeblock, der hier mit ``` beginnt, wird nie geschlossen\./,
    ],
    [
      'frontmatter.md',
      '---\ntitle: "1.1: Test\ntags: [a\n---\n# Test\n\n## Teil 1: Start\n',
      /^Fehler: frontmatter\.md:3:9: Der Frontmatter ist kein gültiges YAML: ein schließendes Zeichen fehlt/,
    ],
    [
      'ohne-ende.md',
      '---\ntitle: "1.1: Test"\n# Test\n\n## Teil 1: Start\n',
      /^Fehler: ohne-ende\.md:1:1: Der Frontmatter-Block, der hier mit „---“ beginnt, wird nie mit „---“ geschlossen\./,
    ],
    [
      'ohne-teile.md',
      '# Nur ein Titel\n\nText.\n',
      /^Fehler: ohne-teile\.md:1: Die Lektion hat keine Nummer/,
    ],
    [
      '2.1-ohne-teile.md',
      '# Nur ein Titel\n\nText.\n',
      /^Fehler: 2\.1-ohne-teile\.md:1: Die Lektion hat keine Teile: erwartet werden Überschriften wie „## Teil 1: …“\./,
    ],
    [
      'details.md',
      '---\ntitle: "1.1: Test"\n---\n## Teil 1: A\n\n<details markdown>\n<summary>Hilfe</summary>\n\nText\n',
      /^Fehler: details\.md:6: Die <details>-Box „Hilfe“ wird nie mit <\/details> geschlossen\./,
    ],
  ];

  for (const [name, content, expected] of cases) {
    it(name, async () => {
      writeFileSync(join(dir, name), content);
      const result = await runCli(['--file', join(dir, name), '--plan'], dir);
      assert.equal(result.code, 1);
      assert.match(result.stderr, expected);
      assert.doesNotMatch(result.stderr, /\n\s+at /);
      assert.equal(result.stdout, '');
    });
  }

  it('a file that does not exist', async () => {
    const result = await runCli(['--file', join(dir, 'fehlt.md')], dir);
    assert.equal(result.code, 1);
    assert.equal(result.stderr, 'Fehler: fehlt.md: Die Datei gibt es nicht.\n');
  });

  const overlayCases: Array<[string, RegExp]> = [
    [
      'lesson: "30.1"\nsteps:\n  - match: aws --version\n    chekcs: [aws-cli]\n',
      /overlay\.yaml:3:5: Das Overlay ist ungültig: „steps\.0“ kennt den Schlüssel „chekcs“ nicht\./,
    ],
    ['lesson: "30.1"\nsteps:\n  - match: docker\n', /overlay\.yaml:3:12: „docker“ passt auf \d+ Schritte \(/],
    [
      'lesson: "30.1"\nchecklist:\n  - item: 2\n    text: Etwas anderes\n',
      /overlay\.yaml:4:11: Punkt 2 der Checkliste beginnt nicht mit „Etwas anderes“ \(sondern „ECR Repository `cloudnotes-api` existiert“\)/,
    ],
    ['lesson: 30.1\n', /overlay\.yaml:1:9: Das Overlay ist ungültig: „lesson“ muss vom Typ string sein\./],
    [
      'lesson: "30.1"\n  steps: [\n',
      /overlay\.yaml:2:1: Das Overlay ist kein gültiges YAML: die Einrückung passt nicht/,
    ],
  ];

  for (const [index, [overlay, expected]] of overlayCases.entries()) {
    it(`invalid overlay ${index + 1}`, async () => {
      const lessonDir = mkdtempSync(join(dir, 'overlay-'));
      copyFileSync(lesson301, join(lessonDir, '30.1-aws-sandbox-ecr.md'));
      writeFileSync(join(lessonDir, '30.1-aws-sandbox-ecr.overlay.yaml'), overlay);
      const result = await runCli(['30.1', '--plan', '--lessons-dir', lessonDir], lessonDir);
      assert.equal(result.code, 1);
      assert.match(result.stderr, new RegExp(`^Fehler: 30\\.1-aws-sandbox-ecr\\.${expected.source}`));
    });
  }
});

describe('the built CLI (dist/lesson.mjs) as a real process', () => {
  const bundle = join(repoRoot, 'dist', 'lesson.mjs');

  it('is built (npm ci runs npm run build)', () => {
    assert.ok(existsSync(bundle), 'dist/lesson.mjs fehlt: npm run build');
  });

  it('prints the same outline as the source and validates the overlay with the standalone validator', async () => {
    const built = spawnSync(process.execPath, [bundle, '30.1', '--plan'], {
      cwd: repoRoot,
      encoding: 'utf8',
    });
    assert.equal(built.status, 0, built.stderr);
    const fromSource = await runCli(['30.1', '--plan']);
    assert.equal(built.stdout, fromSource.stdout);
  });

  it('caches the parsed lesson by content: same output from the cache, a changed lesson parses again', () => {
    const cacheDir = mkdtempSync(join(tmpdir(), 'lesson-cache-'));
    const lessonDir = mkdtempSync(join(tmpdir(), 'lesson-cached-'));
    copyFileSync(lesson301, join(lessonDir, '30.1-aws-sandbox-ecr.md'));
    copyFileSync(
      lesson301.replace(/\.md$/, '.overlay.yaml'),
      join(lessonDir, '30.1-aws-sandbox-ecr.overlay.yaml'),
    );
    const run = (...extra: string[]) =>
      spawnSync(process.execPath, [bundle, '30.1', '--plan', '--lessons-dir', lessonDir, ...extra], {
        cwd: lessonDir,
        encoding: 'utf8',
        env: { ...process.env, LESSON_CACHE_DIR: cacheDir },
      });
    const entries = () => readdirSync(cacheDir).filter((name) => name.endsWith('.json'));
    const first = run();
    assert.equal(first.status, 0, first.stderr);
    assert.equal(entries().length, 1);
    const cached = run();
    assert.equal(cached.stdout, first.stdout);
    // A corrupt entry is a miss, not an error.
    writeFileSync(join(cacheDir, entries()[0] as string), '{kaputt');
    assert.equal(run().stdout, first.stdout);
    // Editing the lesson changes the key: the edit shows.
    const file = join(lessonDir, '30.1-aws-sandbox-ecr.md');
    writeFileSync(
      file,
      readFileSync(file, 'utf8').replace('## Teil 2: Was ist ECR?', '## Teil 2: Was ist ECR wirklich?'),
    );
    const edited = run();
    assert.match(edited.stdout, /Teil 2: Was ist ECR wirklich\?/);
    assert.equal(entries().length, 2);
    // Editing the overlay changes it too.
    const overlay = join(lessonDir, '30.1-aws-sandbox-ecr.overlay.yaml');
    writeFileSync(
      overlay,
      readFileSync(overlay, 'utf8').replace('checks: [aws-cli]', 'checks: [aws-cli-v2]'),
    );
    assert.match(run().stdout, /Prüfung: aws-cli-v2/);
    const before = entries().length;
    assert.equal(run('--no-cache').status, 0);
    assert.equal(entries().length, before);
  });

  it('runs through a symlink, as npx and npm link start it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lesson-bin-'));
    symlinkSync(bundle, join(dir, 'lesson'));
    const linked = spawnSync(process.execPath, [join(dir, 'lesson'), '30.1', '--plan'], {
      cwd: repoRoot,
      encoding: 'utf8',
    });
    assert.equal(linked.status, 0, linked.stderr);
    assert.match(linked.stdout, /^Lektion 30\.1: /);
  });

  it('fails on a broken overlay with exit code 1 and one German line, no stack trace', () => {
    const lessonDir = mkdtempSync(join(tmpdir(), 'lesson-built-'));
    copyFileSync(lesson301, join(lessonDir, '30.1-aws-sandbox-ecr.md'));
    writeFileSync(join(lessonDir, '30.1-aws-sandbox-ecr.overlay.yaml'), 'lesson: "30.1"\nextra: 1\n');
    const built = spawnSync(process.execPath, [bundle, '30.1', '--lessons-dir', lessonDir], {
      cwd: lessonDir,
      encoding: 'utf8',
    });
    assert.equal(built.status, 1);
    assert.equal(
      built.stderr,
      'Fehler: 30.1-aws-sandbox-ecr.overlay.yaml:1:1: Das Overlay ist ungültig: Die Datei kennt den Schlüssel „extra“ nicht.\n',
    );
  });
});
