import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { serveSettings } from '../../checks/image-built.ts';
import { checks } from '../../checks/index.ts';
import { runChecks } from '../../checks/run.ts';
import type { CheckResult } from '../../checks/types.ts';
import { type DockerEngine, dockerAvailable, importBusyboxImage, startDocker } from '../support/docker.ts';

const haveBusybox = spawnSync('busybox', ['true'], { stdio: 'ignore' }).status === 0;
const ready = dockerAvailable() && haveBusybox && spawnSync('ip', ['-V'], { stdio: 'ignore' }).status === 0;
if (!ready)
  console.warn(
    '\n!!! dockerd, debootstrap, busybox oder ip fehlt (oder kein root): die Docker-Prüfungen werden ÜBERSPRUNGEN. CI installiert sie.\n',
  );

describe('Docker checks on a real engine', { skip: !ready, timeout: 120_000 }, () => {
  let engine: DockerEngine;
  const run = async (ids: string[], env: NodeJS.ProcessEnv = { ...process.env, ...engine.env }) =>
    new Map(
      (
        await runChecks(
          checks,
          { env, region: 'eu-central-1', apiUrl: 'http://127.0.0.1:1', remote: false },
          ids,
        )
      ).map((result: CheckResult) => [result.id, result]),
    );

  before(async () => {
    engine = await startDocker(mkdtempSync(join(tmpdir(), 'lesson-docker-checks-')), { bridge: true });
    importBusyboxImage(engine);
  });
  after(() => {
    engine?.docker(['rm', '-f', 'cloudnotes-test'], 20_000);
    engine?.stop();
  });

  it('docker-engine: answers with its version; without an engine it says to start Docker Desktop', async () => {
    assert.equal((await run(['docker-engine'])).get('docker-engine')?.status, 'pass');
    const down = await run(['docker-engine', 'image-built'], {
      ...process.env,
      DOCKER_HOST: 'unix:///nonexistent/docker.sock',
    });
    assert.equal(down.get('docker-engine')?.status, 'fail');
    assert.match(down.get('docker-engine')?.hint ?? '', /Starte Docker Desktop/);
    assert.equal(down.get('image-built')?.status, 'skip');
  });

  /** The lesson's `docker run -d --name cloudnotes-test …` (Teil 5.4). */
  const startTestContainer = (options: string[], command: string[] = []) =>
    engine.docker(['run', '-d', '--name', 'cloudnotes-test', ...options, 'cloudnotes-api:v1.0', ...command])
      .status;
  const containers = () => engine.docker(['ps', '-a', '--format', '{{.Names}}']).stdout.trim();
  /** The check removes its probe container in the background: wait (at most 10 s) until it is gone. */
  const onlyLeft = async (expected: string) => {
    for (let i = 0; i < 100 && containers() !== expected; i++)
      await new Promise((resolve) => setTimeout(resolve, 100));
    return containers();
  };

  it('image-built: the image exists, exposes port 8000 and answers there from a container it removes again', async () => {
    const result = (await run(['image-built'])).get('image-built');
    assert.equal(result?.status, 'pass', result?.message);
    assert.match(
      result?.message ?? '',
      /^Das Image cloudnotes-api:v1\.0 ist da \([0-9a-f]{12}\) und antwortet auf Port 8000 \(GET \/ → 200, Probe-Container\)\.$/,
    );
    assert.equal(await onlyLeft(''), '', 'the probe container is gone');

    // A probe container of a check running elsewhere right now stays; one left long ago goes.
    assert.equal(
      engine.docker(['create', '--name', 'cloudnotes-check-alt', 'cloudnotes-api:v1.0']).status,
      0,
    );
    assert.equal((await run(['image-built'])).get('image-built')?.status, 'pass');
    assert.equal(await onlyLeft('cloudnotes-check-alt'), 'cloudnotes-check-alt');
    serveSettings.staleAfterMs = 0;
    try {
      assert.equal((await run(['image-built'])).get('image-built')?.status, 'pass');
      assert.equal(await onlyLeft(''), '', 'the leftover is gone');
    } finally {
      serveSettings.staleAfterMs = 120_000;
    }
    engine.docker(['tag', 'cloudnotes-api:v1.0', 'anderes:v1']);
    engine.docker(['rmi', 'cloudnotes-api:v1.0']);
    const missing = (await run(['image-built'])).get('image-built');
    assert.equal(missing?.status, 'fail');
    assert.match(missing?.hint ?? '', /docker build -t cloudnotes-api:v1\.0 \. \(Teil 5\.3\)/);
    engine.docker(['tag', 'anderes:v1', 'cloudnotes-api:v1.0']);
  });

  it("image-built: asks a running container that publishes 8000 (the lesson's cloudnotes-test) instead of starting one", async () => {
    assert.equal(startTestContainer(['-p', '127.0.0.1::8000']), 0);
    try {
      let result: CheckResult | undefined;
      // httpd needs a moment; the check does not wait for a container it did not start.
      for (let i = 0; i < 20 && result?.status !== 'pass'; i++) {
        result = (await run(['image-built'])).get('image-built');
        if (result?.status !== 'pass') await new Promise((resolve) => setTimeout(resolve, 100));
      }
      assert.match(result?.message ?? '', /laufender Container cloudnotes-test/);
      assert.equal(
        await onlyLeft('cloudnotes-test'),
        'cloudnotes-test',
        'no probe container was started or left',
      );
    } finally {
      engine.docker(['rm', '-f', 'cloudnotes-test'], 20_000);
    }
  });

  it('image-built: a container that ends at once, and one that answers on another port, each fail with the right hint', async () => {
    engine.docker(['tag', 'cloudnotes-api:v1.0', 'gut:v1']);
    try {
      importBusyboxImage(
        engine,
        'cloudnotes-api:v1.0',
        'kaputt',
        'echo "ModuleNotFoundError: No module named fastapi" >&2; exit 3',
      );
      const exited = (await run(['image-built'])).get('image-built');
      assert.equal(exited?.status, 'fail');
      assert.match(exited?.message ?? '', /beendete sich gleich nach dem Start \(Exit-Code 3\)/);
      assert.match(exited?.hint ?? '', /docker run --rm -p 8000:8000 cloudnotes-api:v1\.0 \(Teil 5\.4\)/);
      assert.match(exited?.detail ?? '', /ModuleNotFoundError: No module named fastapi/);
      assert.equal(await onlyLeft(''), '');

      importBusyboxImage(
        engine,
        'cloudnotes-api:v1.0',
        'falscher-port',
        'mkdir -p /www && echo x > /www/index.html && exec httpd -f -p 8080 -h /www',
      );
      serveSettings.waitMs = 2000;
      const silent = (await run(['image-built'])).get('image-built');
      assert.equal(silent?.status, 'fail');
      assert.match(
        silent?.message ?? '',
        /Erwartet eine Antwort auf Port 8000 im Container, gefunden: keine in 2 s\./,
      );
      assert.match(silent?.hint ?? '', /--host 0\.0\.0\.0 --port 8000 \(Teil 5\.1\)/);
      assert.equal(await onlyLeft(''), '');
    } finally {
      serveSettings.waitMs = 25_000;
      engine.docker(['tag', 'gut:v1', 'cloudnotes-api:v1.0']);
    }
  });

  it('test-container-removed: running, stopped, gone', async () => {
    assert.equal(startTestContainer(['--network', 'host'], ['sleep', '60']), 0);
    let result = (await run(['test-container-removed'])).get('test-container-removed');
    assert.equal(result?.status, 'fail');
    assert.match(result?.message ?? '', /gefunden: er läuft noch/);
    assert.match(result?.hint ?? '', /docker stop cloudnotes-test && docker rm cloudnotes-test/);
    engine.docker(['stop', '-t', '1', 'cloudnotes-test'], 30_000);
    result = (await run(['test-container-removed'])).get('test-container-removed');
    assert.match(result?.message ?? '', /gefunden: gestoppt, aber nicht entfernt/);
    engine.docker(['rm', 'cloudnotes-test']);
    result = (await run(['test-container-removed'])).get('test-container-removed');
    assert.equal(result?.status, 'pass');
  });
});

describe('aws-cli', () => {
  it('finds the CLI and its major version; without it, says how to install it', async () => {
    const found = (
      await runChecks(checks, { env: process.env, region: 'eu-central-1', apiUrl: '', remote: false }, [
        'aws-cli',
      ])
    )[0];
    const here = spawnSync('aws', ['--version'], { encoding: 'utf8' });
    if (here.status === 0) {
      const major = /aws-cli\/(\d)/.exec(`${here.stdout}${here.stderr}`)?.[1];
      assert.equal(found?.status, major === '2' ? 'pass' : 'warn');
    }
    const none = (
      await runChecks(
        checks,
        {
          env: { PATH: mkdtempSync(join(tmpdir(), 'empty-path-')) },
          region: 'eu-central-1',
          apiUrl: '',
          remote: false,
        },
        ['aws-cli'],
      )
    )[0];
    assert.equal(none?.status, 'fail');
    assert.match(none?.hint ?? '', /Teil 1\.2/);
  });
});
