import { type ChildProcess, execFileSync, spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '../helpers.ts';

/**
 * A private Docker engine (Debian's dockerd) for the tests, as offline-stand-ins.md runs it: its own
 * socket, data and exec roots, stopped by PID. Without `bridge`, containers have no network of their
 * own (`--network host` works); with it, the engine gets a bridge interface of its own (never the
 * machine's docker0) and publishes ports (`-p 127.0.0.1::8000`) through docker-proxy, without iptables.
 */
export interface DockerEngine {
  env: Record<string, string>;
  docker(args: string[], timeoutMs?: number): { status: number | null; stdout: string; stderr: string };
  stop(): void;
}

export function dockerAvailable(): boolean {
  return (
    process.getuid?.() === 0 &&
    spawnSync('dockerd', ['--version'], { stdio: 'ignore' }).status === 0 &&
    spawnSync('debootstrap', ['--version'], { stdio: 'ignore' }).status === 0
  );
}

/** The work folder is kept between test runs on one machine (base image, build cache). */
export const dockerWork = join('/tmp', 'lesson-workbooks-docker');

/** `work` holds the engine's socket, data and exec roots: one engine per folder. */
export async function startDocker(
  work = dockerWork,
  options: { bridge?: boolean } = {},
): Promise<DockerEngine> {
  const dockerWork = work;
  const bridge = options.bridge ? createBridge(work) : undefined;
  mkdirSync(dockerWork, { recursive: true });
  const socket = join(dockerWork, 'docker.sock');
  const config = join(dockerWork, 'daemon.json');
  writeFileSync(config, JSON.stringify({ 'deprecated-key-path': join(dockerWork, 'key.json') }));
  const log = openSync(join(dockerWork, 'dockerd.log'), 'a');
  const daemon: ChildProcess = spawn(
    'dockerd',
    [
      '--config-file',
      config,
      '--data-root',
      join(dockerWork, 'data'),
      '--exec-root',
      join(dockerWork, 'exec'),
      '--pidfile',
      join(dockerWork, 'dockerd.pid'),
      '--storage-driver=overlay2',
      '--iptables=false',
      '--ip6tables=false',
      `--bridge=${bridge ?? 'none'}`,
      '--exec-opt',
      'native.cgroupdriver=cgroupfs',
      '--host',
      `unix://${socket}`,
    ],
    { stdio: ['ignore', log, log] },
  );
  const env = { DOCKER_HOST: `unix://${socket}`, DOCKER_CONFIG: join(dockerWork, 'config') };
  const docker = (args: string[], timeoutMs = 600_000) => {
    const result = spawnSync('docker', args, {
      env: { ...process.env, ...env },
      encoding: 'utf8',
      timeout: timeoutMs,
      cwd: repoRoot,
    });
    return { status: result.status, stdout: result.stdout ?? '', stderr: result.stderr ?? '' };
  };
  const deadline = Date.now() + 20_000;
  while (docker(['version', '--format', '{{.Server.Version}}'], 5000).status !== 0) {
    if (daemon.exitCode !== null || Date.now() > deadline)
      throw new Error(`dockerd startete nicht (siehe ${join(dockerWork, 'dockerd.log')})`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return {
    env,
    docker,
    stop() {
      daemon.kill('SIGTERM');
      const until = Date.now() + 15_000;
      while (
        daemon.exitCode === null &&
        spawnSync('kill', ['-0', String(daemon.pid)]).status === 0 &&
        Date.now() < until
      ) {
        spawnSync('sleep', ['0.1']);
      }
      const netns = join(dockerWork, 'exec', 'netns', 'default');
      if (existsSync(netns)) spawnSync('umount', [netns], { stdio: 'ignore' });
      if (bridge) spawnSync('ip', ['link', 'delete', bridge], { stdio: 'ignore' });
    },
  };
}

/** A bridge interface named after the engine's folder, with a /24 of its own in 10.200–249.x. */
function createBridge(work: string): string {
  const hash = createHash('sha256').update(work).digest();
  const name = `lwb${hash.toString('hex').slice(0, 8)}`;
  const subnet = `10.${200 + ((hash[4] ?? 0) % 50)}.${hash[5] ?? 0}`;
  spawnSync('ip', ['link', 'delete', name], { stdio: 'ignore' });
  for (const args of [
    ['link', 'add', 'name', name, 'type', 'bridge'],
    ['addr', 'add', `${subnet}.1/24`, 'dev', name],
    ['link', 'set', name, 'up'],
  ]) {
    const result = spawnSync('ip', args, { encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`ip ${args.join(' ')}: ${result.stderr || result.error}`);
  }
  return name;
}

/**
 * A tiny image named like the lesson's, from busybox (nothing can be pulled here); `marker` makes two
 * builds differ. `EXPOSE 8000` like the lesson's Dockerfile; by default it serves HTTP on port 8000
 * (busybox httpd), `cmd` replaces that (a broken image).
 */
export function importBusyboxImage(
  engine: DockerEngine,
  tag = 'cloudnotes-api:v1.0',
  marker = '',
  cmd = 'mkdir -p /www && echo CloudNotes > /www/index.html && exec httpd -f -p 8000 -h /www',
): void {
  const root = mkdtempSync(join(tmpdir(), 'busybox-root-'));
  mkdirSync(join(root, 'bin'));
  copyFileSync(execFileSync('which', ['busybox']).toString().trim(), join(root, 'bin', 'busybox'));
  chmodSync(join(root, 'bin', 'busybox'), 0o755);
  for (const tool of ['sh', 'sleep', 'mkdir', 'echo', 'httpd'])
    symlinkSync('busybox', join(root, 'bin', tool));
  if (marker) writeFileSync(join(root, 'marker'), marker);
  const imported = spawnSync(
    'bash',
    ['-c', `tar -C ${root} -c . | docker import -c 'EXPOSE 8000' -c "$CMD_JSON" - ${tag}`],
    {
      env: { ...process.env, ...engine.env, CMD_JSON: `CMD ${JSON.stringify(['sh', '-c', cmd])}` },
      encoding: 'utf8',
    },
  );
  if (imported.status !== 0) throw new Error(`docker import: ${imported.stderr}`);
}
