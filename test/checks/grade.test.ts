import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { XMLParser } from 'fast-xml-parser';
import { type GradeIo, main } from '../../checks/cli.ts';
import type { ClassReport, GradeReport } from '../../checks/report-model.ts';
import { type RunningServer, startServer } from '../../solution/server.ts';
import { repoRoot } from '../helpers.ts';
import {
  createLessonRepository,
  type Moto,
  motoAvailable,
  motoEcr,
  putTestImage,
  startMoto,
} from '../support/moto.ts';
import { freePort } from '../support/net.ts';

const ready = motoAvailable();
const CHROMIUM = '/usr/bin/chromium';
const chromium = existsSync(CHROMIUM);
if (!chromium)
  console.warn(
    '\n!!! Chromium fehlt (apt-get install chromium): der Browser-Test des Klassenberichts wird ÜBERSPRUNGEN.\n',
  );
let classPage: string | undefined;
if (!ready)
  console.warn('\n!!! moto fehlt: die Tests von npm run grade werden ÜBERSPRUNGEN. CI installiert es.\n');

/** Values that must never leave the grader, planted where credentials live. */
const PLANTED = {
  envSecret: 'PLANTED-env-secret-8f2a1c',
  sessionToken: 'PLANTED-session-token-77b1e0',
  profileSecret: 'PLANTED-profile-secret-3d9c44',
};

function compile(name: string) {
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats.default(ajv);
  return ajv.compile(JSON.parse(readFileSync(join(repoRoot, 'schemas', name), 'utf8')));
}

describe('npm run grade against moto and the reference solution', { skip: !ready, timeout: 120_000 }, () => {
  let moto: Moto;
  let api: RunningServer;
  let hanging: Server;
  let hangingUrl: string;
  let dir: string;
  let env: NodeJS.ProcessEnv;

  const grade = async (args: string[], extra: NodeJS.ProcessEnv = {}) => {
    let stdout = '';
    let stderr = '';
    const io: GradeIo = {
      stdout: (text) => {
        stdout += text;
      },
      stderr: (text) => {
        stderr += text;
      },
      cwd: dir,
      env: { ...env, ...extra },
      color: false,
    };
    const code = await main(args, io);
    return { code, stdout, stderr };
  };
  const noSecrets = (text: string, where: string) => {
    for (const secret of Object.values(PLANTED))
      assert.ok(!text.includes(secret), `${where} enthält ein Geheimnis`);
    assert.ok(!text.includes(moto.env.AWS_SECRET_ACCESS_KEY as string), `${where} enthält den Secret Key`);
  };

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'grade-'));
    moto = await startMoto();
    api = await startServer({ databaseUrl: 'sqlite:///:memory:', host: '127.0.0.1', port: 0 });
    hanging = createServer(() => {
      // accepts and never answers: a sandbox that hangs
    });
    await new Promise<void>((resolve) => hanging.listen(0, '127.0.0.1', resolve));
    hangingUrl = `http://127.0.0.1:${(hanging.address() as { port: number }).port}`;
    const ecr = motoEcr(moto);
    await createLessonRepository(ecr);
    await putTestImage(ecr, ['v1.0', 'latest'], 'b');
    // A second student in another account (moto maps assumed-role keys to the role's account).
    const role = await new STSClient({
      endpoint: moto.url,
      region: 'eu-central-1',
      credentials: { accessKeyId: 'AKIAMOTOTESTKEY00001', secretAccessKey: 'x' },
    }).send(
      new AssumeRoleCommand({ RoleArn: 'arn:aws:iam::222222222222:role/student', RoleSessionName: 'ben' }),
    );
    const aws = join(dir, 'aws');
    mkdirSync(aws);
    writeFileSync(
      join(aws, 'config'),
      '[default]\nregion = eu-central-1\n[profile anna]\nregion = eu-central-1\n',
    );
    writeFileSync(
      join(aws, 'credentials'),
      `[anna]\naws_access_key_id = AKIAMOTOTESTKEY00001\naws_secret_access_key = ${PLANTED.profileSecret}\n` +
        `[ben]\naws_access_key_id = ${role.Credentials?.AccessKeyId}\naws_secret_access_key = ${role.Credentials?.SecretAccessKey}\n` +
        `aws_session_token = ${role.Credentials?.SessionToken}\n`,
    );
    env = {
      PATH: process.env.PATH,
      HOME: dir,
      ...moto.env,
      AWS_SECRET_ACCESS_KEY: PLANTED.envSecret,
      AWS_SESSION_TOKEN: PLANTED.sessionToken,
      AWS_CONFIG_FILE: join(aws, 'config'),
      AWS_SHARED_CREDENTIALS_FILE: join(aws, 'credentials'),
      // No Docker engine for these tests: the docker checks fail or are skipped, as they would.
      DOCKER_HOST: 'unix:///nonexistent/docker.sock',
    };
  });
  after(async () => {
    hanging?.closeAllConnections();
    hanging?.close();
    await Promise.all([api?.close(), moto?.stop()]);
  });

  it('learner mode: German table, exit 1 while a required item fails, points and percentage', async () => {
    const result = await grade(['30.1', '--api-url', api.url]);
    assert.equal(result.code, 1, result.stderr);
    assert.match(result.stdout, /^Bewertung Lektion 30\.1: AWS Sandbox & ECR/);
    assert.match(result.stdout, /✓ AWS-Zugang funktioniert\s+bestanden\s+2\/2/);
    assert.match(result.stdout, /✓ CloudNotes-API antwortet\s+bestanden\s+3\/3/);
    assert.match(result.stdout, /✓ Image nach ECR gepusht \(v1\.0 und latest\)\s+bestanden\s+3\/3/);
    assert.match(
      result.stdout,
      /✗ Docker läuft\s+nicht bestanden\s+0\/1\n\s+Erwartet eine laufende Docker-Engine/,
    );
    assert.match(
      result.stdout,
      /Selbst einschätzen \(keine Maschine kann das prüfen\):\n \? Ich kann den Unterschied/,
    );
    assert.match(
      result.stdout,
      /Gesamt: 11 von 15 Punkten \(73,3 %\), Bonus 0\/2\nErgebnis: noch nicht alle Pflichtpunkte erfüllt\.\n$/,
    );
    noSecrets(result.stdout + result.stderr, 'Tabelle');
  });

  it('--json follows the published schema; --junit is valid JUnit with one case per check', async () => {
    const junit = join(dir, 'junit.xml');
    const result = await grade(['30.1', '--json', '--api-url', api.url, '--junit', junit]);
    assert.equal(result.code, 1);
    const report = JSON.parse(result.stdout) as GradeReport;
    const validate = compile('grade-report.schema.json');
    assert.ok(validate(report), JSON.stringify(validate.errors));
    assert.equal(report.passed, false);
    assert.equal(report.total.percent, 73.3);
    assert.deepEqual(
      report.items.map((item) => `${item.list}:${item.index}:${item.status}`),
      [
        'checklist:1:pass',
        'checklist:2:pass',
        'checklist:3:pass',
        'checklist:4:skip',
        'checklist:5:pass',
        'checklist:6:pass',
        'checklist:9:skip',
        'cleanup:1:skip',
        'cleanup:2:pass',
        'cleanup:3:skip',
      ],
    );
    assert.deepEqual(
      report.selfAssessed.map((item) => item.index),
      [7, 8],
    );
    const xml = readFileSync(junit, 'utf8');
    const parsed = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(xml) as {
      testsuites: {
        testsuite: { tests: string; failures: string; testcase: Array<{ name: string; failure?: unknown }> };
      };
    };
    const suite = parsed.testsuites.testsuite;
    assert.equal(Number(suite.tests), report.checks.length);
    assert.equal(Number(suite.failures), report.checks.filter((check) => check.status === 'fail').length);
    assert.ok(suite.testcase.some((test) => test.name === 'docker-engine: Docker läuft' && test.failure));
    noSecrets(result.stdout + xml, 'JSON/JUnit');
  });

  it('the built CLI (dist/grade.mjs, the bundled SDK) as a process grades exactly like the source', {
    skip: existsSync(join(repoRoot, 'dist', 'grade.mjs')) ? false : 'dist/grade.mjs fehlt: npm run build',
  }, async () => {
    const args = ['30.1', '--json', '--api-url', api.url];
    // Asynchronous: the learner's API runs in this process and must keep answering.
    const bundled = await promisify(execFile)(
      process.execPath,
      [join(repoRoot, 'dist', 'grade.mjs'), ...args],
      {
        cwd: dir,
        env: { ...env, LESSON_CACHE_DIR: join(dir, 'cache') },
        encoding: 'utf8',
      },
    ).then(
      (done) => ({ status: 0, ...done }),
      (failed: { code: number; stdout: string; stderr: string }) => ({ ...failed, status: failed.code }),
    );
    assert.equal(bundled.status, 1, bundled.stderr);
    assert.equal(bundled.stderr, '');
    const source = await grade(args);
    const outcome = (report: GradeReport) =>
      report.checks.map(({ id, status, message, hint, skipReason }) => ({
        id,
        status,
        message,
        hint,
        skipReason,
      }));
    const built = JSON.parse(bundled.stdout) as GradeReport;
    assert.deepEqual(outcome(built), outcome(JSON.parse(source.stdout) as GradeReport));
    assert.equal(built.checks.find((check) => check.id === 'aws-identity')?.status, 'pass');
    assert.equal(built.checks.find((check) => check.id === 'image-pushed')?.status, 'pass');
    noSecrets(bundled.stdout, 'JSON des gebündelten CLI');
  });

  it('--markdown: a table and the checklist as task items', async () => {
    const result = await grade(['30.1', '--markdown', '--api-url', api.url]);
    assert.match(result.stdout, /^## Bewertung Lektion 30\.1/);
    assert.match(result.stdout, /\| ✓ \| AWS-Zugang funktioniert \| bestanden \| 2\/2 \|/);
    assert.match(result.stdout, /- \[x\] AWS Sandbox funktioniert/);
    assert.match(result.stdout, /- \[ \] Docker Image `cloudnotes-api:v1\.0` lokal gebaut \(übersprungen\)/);
    noSecrets(result.stdout, 'Markdown');
  });

  it('instructor mode (--profile): local checks skipped with the reason, all else passes, exit 0', async () => {
    const result = await grade(['30.1', '--profile', 'anna', '--api-url', api.url, '--json']);
    const report = JSON.parse(result.stdout) as GradeReport;
    assert.equal(result.code, 0, JSON.stringify(report.checks.filter((check) => check.status !== 'pass')));
    assert.equal(report.mode, 'instructor');
    const local = report.checks.filter((check) => check.skipReason === 'scope').map((check) => check.id);
    assert.deepEqual(local, ['aws-cli', 'docker-engine', 'image-built', 'test-container-removed']);
    assert.match(
      report.checks.find((check) => check.id === 'image-built')?.message ?? '',
      /nur auf dem Rechner der lernenden Person/,
    );
    assert.equal(report.total.percent, 100);
    noSecrets(result.stdout, 'Lehrenden-JSON');
  });

  it('a password inside the API address never shows up in any output', async () => {
    const url = api.url.replace('http://', 'http://anna:PLANTED-url-password-55@');
    const table = await grade(['30.1', '--api-url', url, '--detail']);
    const json = await grade(['30.1', '--api-url', url, '--json']);
    for (const text of [table.stdout, table.stderr, json.stdout])
      assert.ok(!text.includes('PLANTED-url-password-55'));
    assert.match(table.stdout, /anna:«geheim»@127\.0\.0\.1/);
    assert.equal((JSON.parse(json.stdout) as GradeReport).apiUrl?.includes('anna:«geheim»@'), true);
  });

  it('bad input: unknown lesson, bad URL, missing roster file: German message, exit 2', async () => {
    let result = await grade(['99.9']);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /^Fehler: .*99\.9/);
    result = await grade(['30.1', '--api-url', 'localhost:8000']);
    assert.equal(result.code, 2);
    assert.equal(result.stderr, 'Fehler: --api-url erwartet eine http(s)-Adresse, nicht „localhost:8000“.\n');
    result = await grade(['30.1', '--roster', 'fehlt.csv']);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /^Fehler: Datei nicht gefunden: .*fehlt\.csv\n$/);
    result = await grade(['30.1', '--concurrency', '0']);
    assert.equal(result.stderr, 'Fehler: --concurrency erwartet eine ganze Zahl ab 1, nicht „0“.\n');
  });

  it('--roster: a class in parallel; broken and hanging sandboxes do not stop the others; HTML and JSON report', async () => {
    const roster = join(dir, 'klasse.csv');
    writeFileSync(
      roster,
      'name;profile;api_url\n' +
        `Anna Schmidt;anna;${api.url}\n` +
        `Ben Öztürk;ben;http://127.0.0.1:${await freePort()}\n` +
        'Chris <script>alert(1)</script>;gibt-es-nicht;\n' +
        `Dana Hängt;anna;${hangingUrl}\n`,
    );
    const out = join(dir, 'bericht');
    const started = Date.now();
    const result = await grade([
      '30.1',
      '--roster',
      roster,
      '--out',
      out,
      '--concurrency',
      '2',
      '--time-limit',
      '3',
      '--junit',
      join(dir, 'klasse.xml'),
    ]);
    assert.ok(Date.now() - started < 15_000, 'the hanging sandbox is cut off by the time limit');
    assert.equal(result.code, 1, result.stderr);
    assert.match(result.stderr, /\[4\/4\]/);
    assert.match(result.stderr, /4 Personen geprüft in [\d,]+ s, 1 mit allen Pflichtpunkten\./);
    const report = JSON.parse(readFileSync(join(out, 'klasse.json'), 'utf8')) as ClassReport;
    const validate = compile('class-report.schema.json');
    assert.ok(validate(report), JSON.stringify(validate.errors));
    const byName = new Map(report.students.map((student) => [student.student, student]));
    assert.equal(byName.get('Anna Schmidt')?.passed, true);
    const ben = byName.get('Ben Öztürk');
    assert.match(
      ben?.checks.find((check) => check.id === 'aws-identity')?.message ?? '',
      /Konto 222222222222/,
    );
    assert.equal(ben?.checks.find((check) => check.id === 'ecr-repository')?.status, 'fail');
    assert.equal(ben?.checks.find((check) => check.id === 'api-responds')?.status, 'fail');
    const chris = byName.get('Chris <script>alert(1)</script>');
    assert.equal(chris?.checks.find((check) => check.id === 'aws-identity')?.status, 'fail');
    assert.equal(chris?.checks.find((check) => check.id === 'api-responds')?.status, 'skip');
    const dana = byName.get('Dana Hängt');
    assert.equal(dana?.error, 'Zeitlimit von 3 s überschritten.');
    assert.equal(
      dana?.checks.find((check) => check.id === 'api-responds')?.message,
      'Nicht fertig geworden: das Zeitlimit der Bewertung ist abgelaufen.',
    );
    const html = readFileSync(join(out, 'klasse.html'), 'utf8');
    assert.ok(html.includes('Chris &lt;script&gt;alert(1)&lt;/script&gt;'));
    assert.ok(!html.includes('<script>alert(1)'));
    for (const text of [
      html,
      readFileSync(join(out, 'klasse.json'), 'utf8'),
      readFileSync(join(dir, 'klasse.xml'), 'utf8'),
      result.stderr,
    ])
      noSecrets(text, 'Klassenbericht');
    assert.ok(existsSync(join(out, 'klasse.html')));
    classPage = join(out, 'klasse.html');
  });

  it('the class report in headless Chromium: rows, colours, hover text, sorting; screenshot', {
    skip: !chromium,
  }, async () => {
    assert.ok(classPage, 'the roster test wrote the page');
    const { chromium: browserType } = await import('playwright-core');
    const browser = await browserType.launch({
      executablePath: CHROMIUM,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    });
    try {
      const page = await browser.newPage({ viewport: { width: 1500, height: 500 } });
      const offline: string[] = [];
      page.on('request', (request) => {
        if (!request.url().startsWith('file:')) offline.push(request.url());
      });
      await page.goto(`file://${classPage}`);
      const names = await page.locator('#class tbody td.name').allTextContents();
      assert.deepEqual(names, [
        'Anna Schmidt',
        'Ben Öztürk',
        'Chris <script>alert(1)</script>',
        'Dana Hängt',
      ]);
      const columns = await page.locator('#class thead th').allTextContents();
      assert.equal(columns[0], 'Name');
      assert.ok(columns.includes('AWS-Zugang funktioniert') && columns.includes('Bonus: Image-Scan'));
      const cell = (row: number, title: string) =>
        page.locator(`#class tbody tr:nth-child(${row}) td:nth-child(${columns.indexOf(title) + 1})`);
      const background = (row: number, title: string) =>
        cell(row, title).evaluate(
          (element) =>
            (
              globalThis as unknown as { getComputedStyle(e: unknown): { backgroundColor: string } }
            ).getComputedStyle(element).backgroundColor,
        );
      assert.equal(await background(1, 'AWS-Zugang funktioniert'), 'rgb(198, 246, 213)');
      assert.equal(await background(2, 'ECR-Repository cloudnotes-api'), 'rgb(254, 215, 215)');
      assert.equal(await background(1, 'Docker läuft'), 'rgb(226, 232, 240)');
      assert.match(
        (await cell(2, 'ECR-Repository cloudnotes-api').getAttribute('title')) ?? '',
        /Erwartet das ECR-Repository/,
      );
      // Sorting by points: lowest first, then highest first.
      await page.locator('#class thead th', { hasText: 'Punkte' }).click();
      const lowFirst = await page.locator('#class tbody td.name').allTextContents();
      assert.equal(lowFirst.at(-1), 'Anna Schmidt');
      await page.locator('#class thead th', { hasText: 'Punkte' }).click();
      assert.equal((await page.locator('#class tbody td.name').allTextContents())[0], 'Anna Schmidt');
      const shots = join(repoRoot, 'test-results');
      mkdirSync(shots, { recursive: true });
      await page.screenshot({ path: join(shots, 'class-report.png'), fullPage: true });
      assert.ok(readFileSync(join(shots, 'class-report.png')).length > 10_000);
      assert.deepEqual(offline, [], 'the page loads nothing from elsewhere');
    } finally {
      await browser.close();
    }
  });
});

describe('class list (--roster CSV)', () => {
  it('reads comma or semicolon lists, names the line of a bad row, refuses an empty list', async () => {
    const { parseRoster } = await import('../../checks/roster.ts');
    assert.deepEqual(
      parseRoster('\uFEFFName;Profile;API URL\nAnna;anna;http://10.0.0.5:8000\n\n"Ben\nB.";ben;\n'),
      [
        { name: 'Anna', line: 2, profile: 'anna', apiUrl: 'http://10.0.0.5:8000' },
        { name: 'Ben\nB.', line: 5, profile: 'ben' },
      ],
    );
    assert.throws(() => parseRoster('name,profile\n'), /nennt niemanden/);
    assert.throws(
      () => parseRoster('name,profile\nAnna,a\n,b\n'),
      /^RosterError: Zeile 3 der Klassenliste hat keinen Namen\.$/,
    );
    assert.throws(
      () => parseRoster('name\nAnna\nAnna\n'),
      /„Anna“ steht zweimal in der Klassenliste \(Zeile 3\)/,
    );
    assert.throws(
      () => parseRoster('name,api_url\nAnna,localhost:8000\n'),
      /Zeile 2: „localhost:8000“ ist keine http\(s\)-Adresse/,
    );
    assert.throws(
      () => parseRoster('vorname,profil\nAnna,a\n'),
      /fehlt die Spalte „name“ \(gefunden: vorname, profil\)/,
    );
  });
});
