import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, openSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ECRClient, PutImageCommand } from '@aws-sdk/client-ecr';
import { stringify } from 'yaml';
import { freePort } from './net.ts';

/**
 * Debian's docker-registry (the Distribution registry) on loopback, as offline-stand-ins.md runs it:
 * plain HTTP (dockerd treats 127.0.0.0/8 as insecure), optionally with htpasswd logins.
 */
export interface Registry {
  /** host:port, the name images are tagged with. */
  host: string;
  pid: number;
  stop(): Promise<void>;
}

export function registryAvailable(): boolean {
  return spawnSync('docker-registry', ['--version'], { stdio: 'ignore' }).status === 0;
}

export async function startRegistry(
  options: { address?: string; users?: Record<string, string>; dir?: string } = {},
): Promise<Registry> {
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'lesson-registry-'));
  mkdirSync(join(dir, 'data'), { recursive: true });
  const address = options.address ?? `127.0.0.1:${await freePort()}`;
  const config: Record<string, unknown> = {
    version: 0.1,
    log: { level: 'warn' },
    storage: { filesystem: { rootdirectory: join(dir, 'data') }, delete: { enabled: true } },
    http: { addr: address },
  };
  if (options.users) {
    const lines = Object.entries(options.users).map(([user, password]) => {
      const answer = spawnSync('htpasswd', ['-Bbn', user, password], { encoding: 'utf8' });
      if (answer.status !== 0) throw new Error(`htpasswd: ${answer.stderr}`);
      return answer.stdout.trim();
    });
    writeFileSync(join(dir, 'htpasswd'), `${lines.join('\n')}\n`);
    config.auth = { htpasswd: { realm: 'registry', path: join(dir, 'htpasswd') } };
  }
  writeFileSync(join(dir, 'registry.yml'), stringify(config));
  const log = openSync(join(dir, 'registry.log'), 'a');
  const child: ChildProcess = spawn('docker-registry', ['serve', join(dir, 'registry.yml')], {
    stdio: ['ignore', log, log],
  });
  const deadline = Date.now() + 15_000;
  for (;;) {
    try {
      const response = await fetch(`http://${address}/v2/`);
      if (response.status === 200 || response.status === 401) break;
    } catch {
      // starting
    }
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`docker-registry startete nicht (siehe ${join(dir, 'registry.log')})`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    host: address,
    pid: child.pid ?? 0,
    async stop() {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
    },
  };
}

/** The manifest of a pushed tag, as the registry serves it, with its digest. */
export async function fetchManifest(
  registry: string,
  name: string,
  tag: string,
): Promise<{ body: string; digest: string; mediaType: string }> {
  const response = await fetch(`http://${registry}/v2/${name}/manifests/${tag}`, {
    headers: { Accept: 'application/vnd.docker.distribution.manifest.v2+json' },
  });
  if (!response.ok) throw new Error(`Manifest ${name}:${tag}: HTTP ${response.status}`);
  return {
    body: await response.text(),
    digest: response.headers.get('docker-content-digest') ?? '',
    mediaType: response.headers.get('content-type') ?? '',
  };
}

/**
 * What the lesson CI's harness does for moto, which has no registry API: the pushed manifest is
 * registered in ECR under the tag with its real digest. Returns the digest.
 */
export async function registerPushed(ecr: ECRClient, registry: string, tag: string): Promise<string> {
  const manifest = await fetchManifest(registry, 'cloudnotes-api', tag);
  await ecr.send(
    new PutImageCommand({
      repositoryName: 'cloudnotes-api',
      imageTag: tag,
      imageManifest: manifest.body,
      imageManifestMediaType: manifest.mediaType,
      imageDigest: manifest.digest,
    }),
  );
  return manifest.digest;
}
