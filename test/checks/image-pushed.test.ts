import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CreateRepositoryCommand, ECRClient } from '@aws-sdk/client-ecr';
import imagePushed from '../../checks/image-pushed.ts';
import { runChecks } from '../../checks/run.ts';
import type { CheckResult } from '../../checks/types.ts';
import { type DockerEngine, dockerAvailable, importBusyboxImage, startDocker } from '../support/docker.ts';
import { type Moto, motoAvailable, startMoto } from '../support/moto.ts';
import { type Registry, registerPushed, registryAvailable, startRegistry } from '../support/registry.ts';

const haveBusybox = spawnSync('busybox', ['true'], { stdio: 'ignore' }).status === 0;
const ready = dockerAvailable() && haveBusybox && motoAvailable() && registryAvailable();
if (!ready)
  console.warn(
    '\n!!! dockerd, docker-registry, busybox oder moto fehlt: die Prüfung „Image gepusht“ wird ÜBERSPRUNGEN. CI installiert sie.\n',
  );

describe('image-pushed: ECR (moto) against the local image pushed to a real registry', {
  skip: !ready,
  timeout: 180_000,
}, () => {
  let engine: DockerEngine;
  let moto: Moto;
  let registry: Registry;
  let ecr: ECRClient;
  const check = async (options: { remote?: boolean; pollMs?: number } = {}): Promise<CheckResult> => {
    const [result] = await runChecks([{ ...imagePushed, pollMs: options.pollMs ?? 0 }], {
      env: { ...process.env, ...engine.env, ...moto.env },
      region: 'eu-central-1',
      remote: options.remote ?? false,
    });
    assert.ok(result);
    return result;
  };

  const build = (marker: string) => importBusyboxImage(engine, 'cloudnotes-api:v1.0', marker);
  const push = (tag: string) => {
    const target = `${registry.host}/cloudnotes-api:${tag}`;
    assert.equal(engine.docker(['tag', 'cloudnotes-api:v1.0', target]).status, 0);
    const pushed = engine.docker(['push', target], 60_000);
    assert.equal(pushed.status, 0, pushed.stderr);
  };
  const register = (tag: string) => registerPushed(ecr, registry.host, tag);

  before(async () => {
    [engine, moto, registry] = await Promise.all([
      startDocker(mkdtempSync(join(tmpdir(), 'lesson-docker-pushed-'))),
      startMoto(),
      startRegistry(),
    ]);
    ecr = new ECRClient({
      endpoint: moto.url,
      region: 'eu-central-1',
      credentials: { accessKeyId: 'a', secretAccessKey: 'b' },
    });
    await ecr.send(
      new CreateRepositoryCommand({
        repositoryName: 'cloudnotes-api',
        imageScanningConfiguration: { scanOnPush: true },
      }),
    );
    build('eins');
  });
  after(async () => {
    engine?.stop();
    await Promise.all([moto?.stop(), registry?.stop()]);
  });

  it('nothing pushed yet: names the tags that are missing and how to push them', async () => {
    const result = await check();
    assert.equal(result.status, 'fail');
    assert.equal(result.message, 'Erwartet die Tags v1.0 und latest in ECR, gefunden: keine.');
    assert.match(result.hint ?? '', /Teil 6\.2 bis 6\.4/);
  });

  it("a push still arriving is waited for (polling), then both tags on the local image's digest pass", async () => {
    push('v1.0');
    push('latest');
    const pending = check({ pollMs: 8000 });
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const digest = await register('v1.0');
    assert.equal(await register('latest'), digest);
    const result = await pending;
    assert.equal(result.status, 'pass', result.message);
    assert.ok(result.durationMs >= 1000, 'it asked again instead of failing at once');
    const local = engine.docker([
      'image',
      'inspect',
      'cloudnotes-api:v1.0',
      '--format',
      '{{json .RepoDigests}}',
    ]).stdout;
    assert.ok(local.includes(digest), `${local} enthält ${digest}`);
    assert.equal(
      result.message,
      `ECR hat v1.0 und latest auf demselben Image (${digest.slice(7, 19)}), gleich dem lokalen cloudnotes-api:v1.0.`,
    );
  });

  it('instructor mode compares the two tags only', async () => {
    const result = await check({ remote: true });
    assert.equal(result.status, 'pass');
    assert.doesNotMatch(result.message, /lokal/);
  });

  it('a rebuilt local image that was not pushed again: says pushed is not what was built', async () => {
    engine.docker(['rmi', `${registry.host}/cloudnotes-api:v1.0`, `${registry.host}/cloudnotes-api:latest`]);
    build('zwei');
    const result = await check();
    assert.equal(result.status, 'fail');
    assert.match(
      result.message,
      /^In ECR liegt [0-9a-f]{12}, das lokale Image cloudnotes-api:v1\.0 hat aber keinen Registry-Digest\.$/,
    );
  });

  it('latest on another image than v1.0 fails with both digests', async () => {
    push('latest');
    const other = await register('latest');
    const result = await check();
    assert.equal(result.status, 'fail');
    assert.match(
      result.message,
      new RegExp(`gefunden: v1\\.0 auf [0-9a-f]{12}, latest auf ${other.slice(7, 19)}\\.$`),
    );
  });
});
