import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { loadLessonFile } from '../../runner/load.ts';
import type { FileStep } from '../../runner/model.ts';
import { isAlive } from '../../runner/session.ts';
import type { RunState } from '../../runner/state.ts';
import { lesson301, repoRoot } from '../helpers.ts';
import { killStartedProcesses, runLessonProcess, startLessonProcess } from '../support/cli-process.ts';
import { demoLessonsDir } from '../support/demo-lesson.ts';
import { type Moto, motoAvailable, startMoto } from '../support/moto.ts';

// A copy of its own: the demo server's port must not collide with another test file's.
const { dir: lessonsDir, port: demoPort } = await demoLessonsDir();
const demo = await loadLessonFile(join(lessonsDir, '90.1-runner-demo.md'), { cwd: repoRoot });
const PLANTED_SECRET = 'planted-Secret-Value-0815';
const PLANTED_KEY_ID = 'AKIAPLANTEDKEY123456';

const haveMoto = motoAvailable();
if (!haveMoto)
  console.warn(
    '\n!!! moto (python3 -m moto.server) fehlt: die Runner-Tests mit AWS werden ÜBERSPRUNGEN. CI installiert es.\n',
  );

/** The process group is gone (its processes may take a moment to be reaped after the runner exits). */
async function goneWithin(pid: number, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (isAlive(pid, true)) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return true;
}

function readState(projectDir: string, id: string): RunState {
  return JSON.parse(readFileSync(join(projectDir, '.lesson', `state-${id}.json`), 'utf8')) as RunState;
}

function logs(projectDir: string): string {
  const dir = join(projectDir, '.lesson', 'logs');
  return readdirSync(dir)
    .map((name) => readFileSync(join(dir, name), 'utf8'))
    .join('\n');
}

describe('the runner on real bash, --auto, in a temporary HOME and project folder', {
  skip: !haveMoto,
}, () => {
  let moto: Moto;
  let home: string;
  let env: NodeJS.ProcessEnv;

  before(async () => {
    moto = await startMoto();
    home = mkdtempSync(join(tmpdir(), 'lesson-home-'));
    env = {
      ...process.env,
      ...moto.env,
      HOME: home,
      AWS_ACCESS_KEY_ID: PLANTED_KEY_ID,
      AWS_SECRET_ACCESS_KEY: PLANTED_SECRET,
    };
  });
  after(async () => {
    killStartedProcesses();
    await moto?.stop();
  });

  /** A project folder with Teil 1 done (--auto): demo/ and its venv are there. */
  const afterPart1 = (): string => {
    const project = mkdtempSync(join(tmpdir(), 'lesson-project-'));
    const run = runLessonProcess(
      ['90.1', '--auto', '--lessons-dir', lessonsDir, '--dir', project, '--part', '1'],
      env,
    );
    assert.equal(run.status, 0, run.stdout);
    return project;
  };

  /** Teil 2 interactively, answers through a pipe: Enter to the three consents (server.py, .env, the server). */
  const startPart2Consenting = async (project: string) => {
    const run = startLessonProcess(
      ['90.1', '--lessons-dir', lessonsDir, '--dir', project, '--part', '2'],
      env,
    );
    for (let answered = 1; answered <= 3; answered++) {
      await run.waitFor(new RegExp(`(\\[Enter/s/q\\][\\s\\S]*){${answered}}`));
      run.child.stdin.write('\n');
    }
    return run;
  };

  /** An "old" server on the demo lesson's port, as if still running in another terminal. */
  /** Teil 2 with --auto in a project where Teil 1 is done. */
  const runPart2Auto = (project: string) =>
    runLessonProcess(['90.1', '--auto', '--lessons-dir', lessonsDir, '--dir', project, '--part', '2'], env);

  const holdDemoPort = async () => {
    const old = createServer((_request, response) => response.end('{"status":"alt"}'));
    await new Promise<void>((resolve) => old.listen(demoPort, '127.0.0.1', resolve));
    return { close: () => new Promise((resolve) => old.close(resolve)) };
  };

  it('runs the demo lesson: directory and venv carry over, server started and stopped, placeholder from a real command', async () => {
    const project = mkdtempSync(join(tmpdir(), 'lesson-project-'));
    const run = runLessonProcess(['90.1', '--auto', '--lessons-dir', lessonsDir, '--dir', project], env);
    assert.equal(run.status, 0, run.stdout + run.stderr);
    const state = readState(project, '90.1');
    // venv activation carried from step 3 to step 5: python's prefix is the venv in demo/.
    assert.equal(state.steps['5']?.status, 'ok');
    assert.deepEqual(
      state.steps['5']?.expectations?.map((expectation) => expectation.verdict),
      ['pass'],
    );
    assert.match(run.stdout, new RegExp(`${project}/demo/venv\\n`));
    assert.equal(state.cwd, 'demo');
    assert.equal(state.env.VIRTUAL_ENV, join(project, 'demo', 'venv'));
    // "Stelle sicher, dass du im demo/ Ordner bist": the cd is dropped, not failed.
    assert.equal(state.steps['6']?.status, 'ok');
    assert.match(run.stdout, /Du bist schon in demo\/ – „cd demo“ entfällt\./);
    // The server answered, the curl step saw its answer, and the whole group is gone.
    const pid = Number(/Prozessgruppe (\d+)\); wird am Ende/.exec(run.stdout)?.[1]);
    assert.ok(pid > 0);
    assert.equal(state.steps['10']?.expectations?.[0]?.verdict, 'pass');
    assert.match(run.stdout, new RegExp(`Hintergrund-Server \\(Prozessgruppe ${pid}\\) gestoppt`));
    assert.equal(await goneWithin(pid, 3000), true, 'Prozessgruppe des Servers läuft noch');
    // The account id came from `aws sts get-caller-identity` against moto.
    assert.equal(state.placeholders['deine-account-id'], '123456789012');
    assert.match(run.stdout, /echo "Konto: 123456789012"/);
    // Files are byte-identical to the lesson's blocks.
    for (const step of demo.steps.filter((candidate): candidate is FileStep => candidate.kind === 'file')) {
      assert.equal(readFileSync(join(project, step.path), 'utf8'), step.content, step.path);
    }
    assert.match(run.stdout, /Zusammenfassung Lektion 90\.1/);
  });

  it('never writes planted secrets to the state file or the log', () => {
    const project = mkdtempSync(join(tmpdir(), 'lesson-project-'));
    const run = runLessonProcess(['90.1', '--auto', '--lessons-dir', lessonsDir, '--dir', project], {
      ...env,
      GITHUB_TOKEN: 'ghp_plantedTokenValue42',
    });
    assert.equal(run.status, 0, run.stdout);
    // The learner's own terminal shows what the command prints (as a terminal would) …
    assert.match(run.stdout, new RegExp(`Schlüssel: ${PLANTED_SECRET}`));
    // … but nothing on disk does.
    const onDisk = readFileSync(join(project, '.lesson', 'state-90.1.json'), 'utf8') + logs(project);
    for (const secret of [
      PLANTED_SECRET,
      PLANTED_KEY_ID,
      'ghp_plantedTokenValue42',
      'geheim-aus-der-lektion-123',
    ]) {
      assert.ok(!onDisk.includes(secret), `${secret} steht auf der Platte`);
    }
    assert.match(logs(project), /Schlüssel: «geheim»/);
    assert.match(logs(project), /Datei demo\/\.env: written \(Inhalt nicht protokolliert\)/);
  });

  it("never overwrites a file the learner changed: the lesson's version goes beside it", () => {
    const project = mkdtempSync(join(tmpdir(), 'lesson-project-'));
    mkdirSync(join(project, 'demo'), { recursive: true });
    const mine = '# meine Fassung\nprint("eigener Server")\n';
    writeFileSync(join(project, 'demo', 'server.py'), mine);
    const run = runLessonProcess(
      ['90.1', '--auto', '--lessons-dir', lessonsDir, '--dir', project, '--part', '1'],
      env,
    );
    assert.equal(run.status, 0, run.stdout);
    const second = runLessonProcess(
      ['90.1', '--auto', '--lessons-dir', lessonsDir, '--dir', project, '--from', '7'],
      env,
    );
    assert.equal(readFileSync(join(project, 'demo', 'server.py'), 'utf8'), mine);
    const lessonVersion = (
      demo.steps.find((step) => step.kind === 'file' && step.name === 'server.py') as FileStep
    ).content;
    assert.equal(readFileSync(join(project, 'demo', 'server.py.lektion-90.1'), 'utf8'), lessonVersion);
    assert.match(
      second.stdout,
      /Die Datei gibt es schon und sie unterscheidet sich:\n=+\n--- .*server\.py \(deine Fassung\)\n\+\+\+ .*server\.py \(Lektion\)\n@@ /,
    );
    assert.match(second.stdout, /\n-# meine Fassung\n/);
    assert.match(second.stdout, /deine Fassung bleibt; die der Lektion liegt in .*server\.py\.lektion-90\.1/);
    // Its own server.py does not serve, so the run stops there, at that step and line.
    assert.equal(second.status, 1);
    assert.match(
      second.stderr,
      /^Fehler: .*90\.1-runner-demo\.md:113: Schritt 9 ist fehlgeschlagen \(Der Server hat sich beendet/,
    );
  });

  it('does not start a server whose port is taken (an old one would answer in its place), and says why', async () => {
    const project = afterPart1();
    const old = await holdDemoPort();
    try {
      const second = runPart2Auto(project);
      assert.equal(second.status, 1, second.stdout);
      assert.doesNotMatch(second.stdout, /Läuft im Hintergrund/);
      assert.match(
        second.stderr,
        new RegExp(
          `Schritt 9 ist fehlgeschlagen \\(Der Server wurde nicht gestartet: Port ${demoPort} ist schon belegt\\. Läuft der Server noch aus einem früheren Versuch`,
        ),
      );
    } finally {
      await old.close();
    }
  });

  it('a leftover of a killed run that cannot be told apart is left alone, and named when the port is taken', async () => {
    const project = afterPart1();
    // Some process of its own group where the state says a server of step 9 ran: not a python, so
    // the runner cannot be sure it is that server and must not kill it.
    const stranger = spawn('sleep', ['60'], { detached: true, stdio: 'ignore' });
    const state = readState(project, '90.1');
    state.servers = [{ pid: stranger.pid as number, step: 9, command: 'python server.py' }];
    writeFileSync(join(project, '.lesson', 'state-90.1.json'), JSON.stringify(state));
    const old = await holdDemoPort();
    try {
      const run = runPart2Auto(project);
      assert.equal(run.status, 1, run.stdout);
      assert.match(
        run.stdout,
        new RegExp(`Hinweis: Prozessgruppe ${stranger.pid} aus dem letzten Lauf läuft noch`),
      );
      assert.equal(isAlive(stranger.pid as number, true), true, 'der fremde Prozess wurde beendet');
      assert.match(
        run.stderr,
        new RegExp(
          `Port ${demoPort} ist schon belegt\\..* Vielleicht hält ihn ein Server aus dem abgebrochenen letzten Lauf \\(Prozess ${stranger.pid}\\); prüfe das und beende ihn dann mit: kill -- -${stranger.pid}`,
        ),
      );
    } finally {
      process.kill(-(stranger.pid as number), 'SIGKILL');
      await old.close();
    }
  });

  it('interactive: a taken port can be retried once the old server is gone; q ends the run although the input stays open', {
    timeout: 120_000,
  }, async () => {
    const project = afterPart1();
    const old = await holdDemoPort();
    const run = await startPart2Consenting(project);
    await run.waitFor(/Port belegt\. \[w = wiederholen/);
    assert.doesNotMatch(run.output, /Läuft im Hintergrund/);
    await old.close();
    run.child.stdin.write('w\n');
    await run.waitFor(/Server antwortet unter http:\/\/127\.0\.0\.1:\d+\/health \(HTTP 200\)/);
    await run.waitFor(/Probier den Server aus/);
    run.child.stdin.write('q\n');
    // The pipe stays open (as when a script feeds the answers): the runner must end all the same.
    assert.equal(await run.exited, 0);
    assert.equal(readState(project, '90.1').steps['9']?.status, 'ok');
  });

  it('resumes a killed run at the first step it had not finished', async () => {
    const project = mkdtempSync(join(tmpdir(), 'lesson-project-'));
    const first = startLessonProcess(['90.1', '--auto', '--lessons-dir', lessonsDir, '--dir', project], env);
    await first.waitFor(/Schritt 5 · Befehl/);
    first.child.kill('SIGKILL');
    await first.exited;
    const saved = readState(project, '90.1');
    const done = new Set(saved.finished);
    const next = demo.steps.find(
      (step) => !done.has(`step:${step.number}`) && step.platform !== 'windows-cmd',
    );
    assert.ok(next, 'es gibt einen offenen Schritt');
    const second = runLessonProcess(['90.1', '--auto', '--lessons-dir', lessonsDir, '--dir', project], env);
    assert.equal(second.status, 0, second.stdout);
    assert.match(second.stdout, /Willkommen zurück/);
    const executed = [...second.stdout.matchAll(/Schritt (\d+) · /g)].map((match) => Number(match[1]));
    assert.equal(executed[0], next.number);
    for (const number of executed) assert.ok(!done.has(`step:${number}`), `Schritt ${number} lief doppelt`);
    assert.equal(readState(project, '90.1').steps['12']?.status, 'ok');
  });

  it('stops the server and saves progress on Ctrl+C (SIGINT) while the server runs', async () => {
    const project = afterPart1();
    const run = await startPart2Consenting(project);
    const pid = Number((await run.waitFor(/Prozessgruppe (\d+)\); wird am Ende/))[1]);
    await run.waitFor(/Probier den Server aus/);
    assert.equal(isAlive(pid, true), true);
    run.child.kill('SIGINT');
    assert.equal(await run.exited, 130);
    assert.match(
      run.output,
      /Abgebrochen \(SIGINT\)\. Alle gestarteten Server sind gestoppt, der Fortschritt ist gespeichert\./,
    );
    assert.equal(await goneWithin(pid, 3000), true, 'Server läuft nach Ctrl+C weiter');
    assert.ok(readState(project, '90.1').finished.includes('step:8'));
  });

  it('walks lesson 30.1 Teil 1 against moto: aws configure not needed, identity checked, install step not needed', async () => {
    const project = mkdtempSync(join(tmpdir(), 'lesson-project-'));
    const run = runLessonProcess(
      ['30.1', '--auto', '--dir', project, '--part', '1', '--platform', 'linux'],
      env,
    );
    assert.equal(run.status, 0, run.stdout + run.stderr);
    const state = readState(project, '30.1');
    const lesson = await loadLessonFile(lesson301, { cwd: repoRoot });
    const number = (code: string) =>
      String(lesson.steps.find((step) => step.kind === 'command' && step.code === code)?.number);
    // The lesson: "Falls aws sts get-caller-identity bei dir bereits funktioniert, … springen."
    assert.equal(state.steps[number('aws configure')]?.status, 'skipped');
    // The identity check (checks/aws-identity.ts) says so, with account and ARN.
    assert.equal(
      state.steps[number('aws configure')]?.reason,
      'nicht nötig: Angemeldet als arn:aws:sts::123456789012:user/moto (Konto 123456789012, Region eu-central-1).',
    );
    // Teil 1 ends with its checkpoints.
    assert.match(
      run.stdout,
      /Checkpoint Teil 1:[\s\S]*✔ Angemeldet als arn:aws:sts::123456789012:user\/moto/,
    );
    // … which the state remembers and the final summary counts.
    assert.equal(state.checks['aws-identity']?.status, 'pass');
    assert.match(run.stdout, /Prüfungen: \d+ von \d+ bestanden/);
    assert.equal(state.steps[number('aws sts get-caller-identity')]?.status, 'ok');
    // This machine's CLI is v1: the lesson wants v2, and the runner says so without failing the step.
    const version = state.steps[number('aws --version')];
    assert.match(
      version?.expectations?.[0]?.message ?? '',
      /^(Gefunden: aws-cli\/2\.|Erwartet aws-cli\/2\.x\.x, gefunden aws-cli\/1\.)/,
    );
    const install = lesson.steps.find(
      (step) => step.kind === 'command' && step.code.includes('sudo ./aws/install'),
    );
    assert.equal(state.steps[String(install?.number)]?.reason, 'nicht nötig: aws ist schon installiert');
    assert.ok(!existsSync(join(project, 'cloudnotes')));
  });

  it('without AWS credentials: aws configure is skipped in --auto with its reason, and the run stops at the identity step with its line', async () => {
    const project = mkdtempSync(join(tmpdir(), 'lesson-project-'));
    const bare = mkdtempSync(join(tmpdir(), 'lesson-bare-aws-'));
    const noCredentials: NodeJS.ProcessEnv = {
      ...process.env,
      HOME: home,
      AWS_CONFIG_FILE: join(bare, 'config'),
      AWS_SHARED_CREDENTIALS_FILE: join(bare, 'credentials'),
      AWS_ENDPOINT_URL: moto.url,
      AWS_DEFAULT_REGION: 'eu-central-1',
      AWS_MAX_ATTEMPTS: '1',
    };
    for (const name of ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_PROFILE'])
      delete noCredentials[name];
    const run = runLessonProcess(
      ['30.1', '--auto', '--dir', project, '--part', '1', '--platform', 'linux'],
      noCredentials,
    );
    assert.equal(run.status, 1, run.stdout);
    const lesson = await loadLessonFile(lesson301, { cwd: repoRoot });
    const configure = lesson.steps.find((step) => step.kind === 'command' && step.code === 'aws configure');
    const identity = lesson.steps.find(
      (step) => step.kind === 'command' && step.code === 'aws sts get-caller-identity',
    );
    const state = readState(project, '30.1');
    assert.match(
      state.steps[String(configure?.number)]?.reason ?? '',
      /^interaktiv; im --auto-Modus kommen die Werte aus der Umgebung/,
    );
    assert.equal(
      run.stderr,
      `Fehler: lessons/30.1-aws-sandbox-ecr.md:241: Schritt ${identity?.number} ist fehlgeschlagen (Exit-Code 255).\n`,
    );
    assert.match(run.stdout, /Unable to locate credentials/);
    assert.doesNotMatch(run.stderr, /Warning/);
  });
});

describe('--dry-run', () => {
  it('shows every command of 30.1 with placeholders filled and runs nothing', () => {
    const project = mkdtempSync(join(tmpdir(), 'lesson-project-'));
    const run = runLessonProcess(['30.1', '--dry-run', '--dir', project, '--platform', 'linux'], {
      ...process.env,
      LESSON_PLACEHOLDER_DEINE_ACCOUNT_ID: '111122223333',
    });
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /Probelauf: es wird nichts ausgeführt/);
    assert.match(
      run.stdout,
      /\$ docker push 111122223333\.dkr\.ecr\.eu-central-1\.amazonaws\.com\/cloudnotes-api:v1\.0/,
    );
    assert.match(
      run.stdout,
      /\$ uvicorn main:app --reload --host 0\.0\.0\.0 --port 8000\n {2}\(läuft im Hintergrund, bereit sobald http:\/\/localhost:8000\/health antwortet\)/,
    );
    assert.doesNotMatch(run.stdout, /<deine-account-id>/);
    assert.deepEqual(readdirSync(project), []);
  });
});
