import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateRepositoryCommand, ECRClient, PutImageCommand } from '@aws-sdk/client-ecr';
import { freePort } from './net.ts';

/** moto's server as the AWS API (STS, ECR), on a free loopback port, the way offline-stand-ins.md runs it. */
export interface Moto {
  url: string;
  /** Environment for the aws CLI and the SDK: endpoint, dummy keys, region, temporary config files. */
  env: Record<string, string>;
  stop(): Promise<void>;
}

export function motoAvailable(): boolean {
  return spawnSync('python3', ['-c', 'import moto.server'], { stdio: 'ignore' }).status === 0;
}

export async function startMoto(): Promise<Moto> {
  const port = await freePort();
  const child: ChildProcess = spawn('python3', ['-m', 'moto.server', '-H', '127.0.0.1', '-p', String(port)], {
    stdio: 'ignore',
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 15_000;
  for (;;) {
    try {
      const response = await fetch(`${url}/moto-api/`);
      if (response.ok) break;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`moto antwortete nicht auf ${url}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const dir = mkdtempSync(join(tmpdir(), 'moto-aws-'));
  writeFileSync(join(dir, 'config'), '[default]\nregion = eu-central-1\n');
  writeFileSync(join(dir, 'credentials'), '[default]\n');
  return {
    url,
    env: {
      AWS_ENDPOINT_URL: url,
      AWS_ACCESS_KEY_ID: 'AKIAMOTOTESTKEY00001',
      AWS_SECRET_ACCESS_KEY: 'moto-secret-access-key-for-tests',
      AWS_REGION: 'eu-central-1',
      AWS_DEFAULT_REGION: 'eu-central-1',
      AWS_CONFIG_FILE: join(dir, 'config'),
      AWS_SHARED_CREDENTIALS_FILE: join(dir, 'credentials'),
      AWS_MAX_ATTEMPTS: '1',
    },
    async stop() {
      child.kill('SIGTERM');
      await new Promise((resolve) => {
        if (child.exitCode !== null) resolve(undefined);
        else child.once('exit', resolve);
      });
    },
  };
}

/** An ECR client on moto, as the tests' own hands (not the code under test). */
export function motoEcr(moto: Pick<Moto, 'url'>): ECRClient {
  return new ECRClient({
    endpoint: moto.url,
    region: 'eu-central-1',
    credentials: { accessKeyId: 'AKIAMOTOTESTKEY00001', secretAccessKey: 'x' },
  });
}

/** The lesson's repository, with the settings of its Teil 3.2 table. */
export async function createLessonRepository(ecr: ECRClient): Promise<void> {
  await ecr.send(
    new CreateRepositoryCommand({
      repositoryName: 'cloudnotes-api',
      imageScanningConfiguration: { scanOnPush: true },
    }),
  );
}

/** One made-up manifest under the given tags (moto stores it; nothing is pushed). */
export async function putTestImage(ecr: ECRClient, tags: string[], seed = 'a'): Promise<void> {
  const manifest = JSON.stringify({
    schemaVersion: 2,
    mediaType: 'application/vnd.docker.distribution.manifest.v2+json',
    config: {
      mediaType: 'application/vnd.docker.container.image.v1+json',
      size: 2,
      digest: `sha256:${seed.repeat(64)}`,
    },
    layers: [],
  });
  for (const imageTag of tags)
    await ecr.send(
      new PutImageCommand({ repositoryName: 'cloudnotes-api', imageTag, imageManifest: manifest }),
    );
}
