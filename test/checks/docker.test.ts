import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { checks } from '../../checks/index.ts';
import { runChecks } from '../../checks/run.ts';
import type { CheckResult } from '../../checks/types.ts';
import { type DockerEngine, dockerAvailable, importBusyboxImage, startDocker } from '../support/docker.ts';

const haveBusybox = spawnSync('busybox', ['true'], { stdio: 'ignore' }).status === 0;
const ready = dockerAvailable() && haveBusybox;
if (!ready)
  console.warn(
    '\n!!! dockerd, debootstrap oder busybox fehlt (oder kein root): die Docker-Prüfungen werden ÜBERSPRUNGEN. CI installiert sie.\n',
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
    engine = await startDocker(mkdtempSync(join(tmpdir(), 'lesson-docker-checks-')));
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

  it('image-built: the image exists and exposes port 8000', async () => {
    const result = (await run(['image-built'])).get('image-built');
    assert.equal(result?.status, 'pass');
    assert.match(
      result?.message ?? '',
      /^Das Image cloudnotes-api:v1\.0 ist da \([0-9a-f]{12}, gibt Port 8000 an\)\.$/,
    );
    engine.docker(['tag', 'cloudnotes-api:v1.0', 'anderes:v1']);
    engine.docker(['rmi', 'cloudnotes-api:v1.0']);
    const missing = (await run(['image-built'])).get('image-built');
    assert.equal(missing?.status, 'fail');
    assert.match(missing?.hint ?? '', /docker build -t cloudnotes-api:v1\.0 \. \(Teil 5\.3\)/);
    engine.docker(['tag', 'anderes:v1', 'cloudnotes-api:v1.0']);
  });

  it('test-container-removed: running, stopped, gone', async () => {
    assert.equal(
      engine.docker([
        'run',
        '-d',
        '--name',
        'cloudnotes-test',
        '--network',
        'host',
        'cloudnotes-api:v1.0',
        'sleep',
        '60',
      ]).status,
      0,
    );
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
