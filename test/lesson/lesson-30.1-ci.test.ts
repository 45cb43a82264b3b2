import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { XMLParser } from 'fast-xml-parser';
import { lesson301, repoRoot } from '../helpers.ts';

/**
 * Lesson CI: the whole of lesson 30.1, unattended, against the real stand-ins in a private network
 * namespace (.ci/lesson-ci/run.sh): moto, Debian's dockerd and docker-registry, base images built
 * offline, the local pip mirror. Then deliberately broken copies of the lesson, which must fail at
 * exactly the broken step, with its line.
 */

const tools = ['unshare', 'ip', 'dockerd', 'docker-registry', 'htpasswd', 'debootstrap', 'curl'];
const missing = tools.filter((tool) => spawnSync('sh', ['-c', `command -v ${tool}`]).status !== 0);
if (spawnSync('python3', ['-c', 'import moto.server']).status !== 0) missing.push('moto');
if (process.getuid?.() !== 0) missing.push('root');
if (!existsSync(join(repoRoot, 'dist', 'lesson.mjs'))) missing.push('dist/lesson.mjs (npm run build)');
if (missing.length > 0)
  console.warn(`\n!!! Lesson-CI wird ÜBERSPRUNGEN, es fehlt: ${missing.join(', ')}. CI installiert alles.\n`);

interface CiRun {
  code: number | null;
  output: string;
  summary: string;
  junit: string;
  stoppedPids: number[];
}

function runLessonCi(args: string[]): CiRun {
  const dir = mkdtempSync(join(tmpdir(), 'lesson-ci-test-'));
  const report = join(dir, 'bericht');
  const result = spawnSync(
    'bash',
    [join(repoRoot, '.ci', 'lesson-ci', 'run.sh'), '--report', report, '--work', join(dir, 'work'), ...args],
    { encoding: 'utf8', timeout: 480_000, env: { ...process.env, NO_COLOR: '1' } },
  );
  const output = `${result.stdout}${result.stderr}`;
  return {
    code: result.status,
    output,
    summary: existsSync(`${report}.md`) ? readFileSync(`${report}.md`, 'utf8') : '',
    junit: existsSync(`${report}.xml`) ? readFileSync(`${report}.xml`, 'utf8') : '',
    stoppedPids: [...output.matchAll(/gestoppt: PID (\d+)/g)].map((match) => Number(match[1])),
  };
}

/** Every daemon the harness started is gone (checked by PID, from outside the namespace). */
function assertDaemonsStopped(run: CiRun): void {
  assert.equal(run.stoppedPids.length, 3, `moto, registry, dockerd: ${run.output.slice(-1500)}`);
  for (const pid of run.stoppedPids)
    assert.notEqual(spawnSync('kill', ['-0', String(pid)]).status, 0, `PID ${pid} läuft noch`);
  assert.doesNotMatch(run.output, /läuft noch!/);
}

/** A copy of the lesson (and its overlay) with one change, which must really change it. */
function brokenCopy(from: string, to: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'lesson-broken-'));
  const file = join(dir, '30.1-aws-sandbox-ecr.md');
  const text = readFileSync(lesson301, 'utf8');
  const changed = text.replace(from, to);
  assert.notEqual(changed, text);
  writeFileSync(file, changed);
  copyFileSync(lesson301.replace(/\.md$/, '.overlay.yaml'), join(dir, '30.1-aws-sandbox-ecr.overlay.yaml'));
  return file;
}

const lineOf = (text: string) =>
  readFileSync(lesson301, 'utf8')
    .split('\n')
    .findIndex((line) => line.includes(text)); // the fence's line (1-based: index of the command line)

describe('Lesson CI on lesson 30.1 (offline, real stand-ins)', {
  skip: missing.length > 0,
  timeout: 900_000,
}, () => {
  it('runs every part of the lesson unattended: all steps and required checks pass, adaptations listed', () => {
    const run = runLessonCi([]);
    assert.equal(run.code, 0, run.output.slice(-4000));
    assertDaemonsStopped(run);
    const junit = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(run.junit) as {
      testsuites: {
        failures: string;
        testsuite: Array<{
          id: string;
          testcase: Array<{ name: string; skipped?: unknown }> | { name: string };
        }>;
      };
    };
    assert.equal(junit.testsuites.failures, '0');
    const suites = new Map(junit.testsuites.testsuite.map((suite) => [suite.id, [suite.testcase].flat()]));
    for (const part of ['teil-1', 'teil-3', 'teil-4', 'teil-5', 'teil-6', 'teil-7', 'bonus'])
      assert.ok(suites.has(part), part);
    // The Docker and ECR chain ran for real, not skipped.
    const names = [...suites.values()]
      .flat()
      .filter((test) => !('skipped' in test))
      .map((test) => test.name);
    for (const command of [
      'docker build -t cloudnotes-api:v1.0 .',
      'docker run -d --name cloudnotes-test -p 8000:8000 cloudnotes-api:v1.0',
      'curl http://localhost:8000/',
      'aws ecr get-login-password --region eu-central-1',
      'docker push <deine-account-id>.dkr.ecr.eu-central-1.amazonaws.com/cloudnotes-api:latest',
      'aws ecr describe-images --repository-name cloudnotes-api --region eu-central-1',
      'uvicorn main:app --reload --host 0.0.0.0 --port 8000',
    ])
      assert.ok(
        names.some((name) => name.includes(command)),
        `${command} lief nicht`,
      );
    for (const check of [
      'aws-identity',
      'ecr-repository',
      'api-responds',
      'image-built',
      'test-container-removed',
      'image-pushed',
    ])
      assert.match(run.summary, new RegExp(`^- [✓•] ${check}: `, 'm'), check);
    assert.match(
      run.summary,
      /^- ✓ image-pushed: ECR hat v1\.0 und latest auf demselben Image \([0-9a-f]{12}\), gleich dem lokalen cloudnotes-api:v1\.0\.$/m,
    );
    // The lesson's own image (FastAPI on python:3.11-slim) answers on port 8000 from a container.
    assert.match(
      run.summary,
      /^- ✓ image-built: Das Image cloudnotes-api:v1\.0 ist da \([0-9a-f]{12}\) und antwortet auf Port 8000 \(GET \/ → 200, (Probe-Container|laufender Container cloudnotes-test)\)\.$/m,
    );
    assert.match(run.summary, /^# Lauf von Lektion 30\.1: bestanden$/m);
    for (const id of [
      'aws-endpoint-moto',
      'pip-local-mirror',
      'requirements-pins',
      'ecr-registry-host',
      'base-images-offline',
      'ecr-describe-images',
    ])
      assert.match(run.summary, new RegExp(`^- \\*\\*${id}\\*\\* \\(angewandt`, 'm'), id);
    // No secret of the run in the report.
    assert.ok(
      !run.summary.includes('lesson-ci-secret-access-key') &&
        !run.junit.includes('lesson-ci-secret-access-key'),
    );
  });

  it('a typo in main.py fails the run at the server step, with its line, command and output', () => {
    const file = brokenCopy(
      'from schemas import NoteCreate, NoteUpdate, NoteResponse',
      'from schemas import NoteCreate, NoteUpdate, NoteRespons',
    );
    const run = runLessonCi(['--lesson-file', file, '--', '--part', '4']);
    assert.equal(run.code, 1, run.output.slice(-3000));
    assertDaemonsStopped(run);
    const line = lineOf('uvicorn main:app --reload');
    assert.match(
      run.output,
      new RegExp(
        `Fehler: .*30\\.1-aws-sandbox-ecr\\.md:${line}: Schritt 26 ist fehlgeschlagen \\(Der Server meldet einen Fehler: ImportError: cannot import name 'NoteRespons'`,
      ),
    );
    assert.match(
      run.summary,
      new RegExp(`\\*\\*Schritt 26\\*\\*, .*:${line} – Der Server meldet einen Fehler`),
    );
    assert.match(
      run.summary,
      /\$ uvicorn main:app --reload --host 0\.0\.0\.0 --port 8000\n[\s\S]*NoteRespons/,
    );
  });

  it('a wrong tag in docker push fails the run at exactly that step', () => {
    const wrong = 'docker push <deine-account-id>.dkr.ecr.eu-central-1.amazonaws.com/cloudnotes-api:v1.0';
    const line = lineOf(wrong);
    const file = brokenCopy(wrong, wrong.replace(/:v1\.0$/, ':v1.1'));
    const run = runLessonCi(['--lesson-file', file]);
    assert.equal(run.code, 1, run.output.slice(-3000));
    assertDaemonsStopped(run);
    assert.match(
      run.output,
      new RegExp(
        `Fehler: .*30\\.1-aws-sandbox-ecr\\.md:${line}: Schritt 38 ist fehlgeschlagen \\(Exit-Code 1\\)`,
      ),
    );
    assert.match(run.summary, new RegExp(`\\*\\*Schritt 38\\*\\*, .*:${line} – Exit-Code 1`));
    assert.match(
      run.summary,
      /\$ docker push 123456789012\.dkr\.ecr\.eu-central-1\.amazonaws\.com\/cloudnotes-api:v1\.1\n[\s\S]*(tag does not exist|An image does not exist)/,
    );
    // Steps after the failure did not run.
    assert.match(run.summary, /\| 40 \| \d+ \| docker push .* \| nicht erreicht \|/);
  });

  it('--solution: Teil 4 with the reference solution in place of the FastAPI app passes the API check', () => {
    const run = runLessonCi(['--', '--solution', '--part', '4']);
    assert.equal(run.code, 0, run.output.slice(-3000));
    assertDaemonsStopped(run);
    assert.match(
      run.summary,
      /^- ✓ api-responds: Die API unter http:\/\/localhost:8000 antwortet wie die Referenzlösung/m,
    );
    assert.match(
      run.summary,
      /^- \*\*solution-server\*\* \(angewandt\): Statt uvicorn startet npm run solution/m,
    );
  });
});
