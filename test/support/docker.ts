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

/**
 * A bridge interface named after the engine's folder, with a /24 of its own in 10.200–249.x that no
 * route of this machine covers yet (the machine's own network stays as it is).
 */
function createBridge(work: string): string {
  const hash = createHash('sha256').update(work).digest();
  const name = `lwb${hash.toString('hex').slice(0, 8)}`;
  spawnSync('ip', ['link', 'delete', name], { stdio: 'ignore' });
  const taken = usedIpv4Ranges();
  let subnet: number | undefined;
  for (let i = 0; i < 50 * 256 && subnet === undefined; i++) {
    const slot = ((hash.readUInt16BE(4) + i) % (50 * 256)) as number;
    const candidate = ((10 << 24) | ((200 + Math.floor(slot / 256)) << 16) | ((slot % 256) << 8)) >>> 0;
    if (!taken.some(([base, bits]) => overlaps(candidate, 24, base, bits))) subnet = candidate;
  }
  if (subnet === undefined) throw new Error('Kein freies /24 in 10.200.0.0–10.249.255.0 für die Test-Bridge');
  const gateway = [24, 16, 8, 0].map((shift) => ((subnet as number) >>> shift) & 255);
  gateway[3] = 1;
  for (const args of [
    ['link', 'add', 'name', name, 'type', 'bridge'],
    ['addr', 'add', `${gateway.join('.')}/24`, 'dev', name],
    ['link', 'set', name, 'up'],
  ]) {
    const result = spawnSync('ip', args, { encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`ip ${args.join(' ')}: ${result.stderr || result.error}`);
  }
  return name;
}

/** Every IPv4 range this machine routes (`ip -4 route`, all tables), as [base address, prefix bits]. */
function usedIpv4Ranges(): Array<[number, number]> {
  const routes = spawnSync('ip', ['-4', 'route', 'show', 'table', 'all'], { encoding: 'utf8' }).stdout ?? '';
  const ranges: Array<[number, number]> = [];
  for (const match of routes.matchAll(/(?:^|\s)(\d+)\.(\d+)\.(\d+)\.(\d+)(?:\/(\d+))?/gm)) {
    const [, a, b, c, d, bits] = match;
    const base = ((Number(a) << 24) | (Number(b) << 16) | (Number(c) << 8) | Number(d)) >>> 0;
    ranges.push([base, bits === undefined ? 32 : Number(bits)]);
  }
  return ranges;
}

function overlaps(a: number, aBits: number, b: number, bBits: number): boolean {
  const bits = Math.min(aBits, bBits);
  if (bits === 0) return false; // the default route covers everything and says nothing
  const mask = (0xffffffff << (32 - bits)) >>> 0;
  return (a & mask) >>> 0 === (b & mask) >>> 0;
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
