import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './net.ts';

/** A real PostgreSQL server: a temporary cluster on a free loopback port (offline-stand-ins.md). */
export interface Postgres {
  url: (database?: string) => string;
  createDatabase(name: string): void;
  stop(): void;
}

function binDir(): string | undefined {
  const base = '/usr/lib/postgresql';
  if (!existsSync(base)) return undefined;
  const versions = readdirSync(base).sort((a, b) => Number(a) - Number(b));
  const bin = versions.length > 0 ? join(base, versions[versions.length - 1] as string, 'bin') : undefined;
  return bin && existsSync(join(bin, 'initdb')) ? bin : undefined;
}

export function postgresAvailable(): boolean {
  return binDir() !== undefined && spawnSync('id', ['postgres'], { stdio: 'ignore' }).status === 0;
}

function asPostgres(command: string, args: string[]): void {
  const wrapped =
    process.getuid?.() === 0
      ? (['runuser', ['-u', 'postgres', '--', command, ...args]] as const)
      : ([command, args] as const);
  execFileSync(wrapped[0], [...wrapped[1]], { stdio: 'pipe' });
}

export async function startPostgres(): Promise<Postgres> {
  const bin = binDir() as string;
  const dir = mkdtempSync(join(tmpdir(), 'lesson-pg-'));
  if (process.getuid?.() === 0)
    chownSync(
      dir,
      Number(execFileSync('id', ['-u', 'postgres']).toString()),
      Number(execFileSync('id', ['-g', 'postgres']).toString()),
    );
  const port = await freePort();
  const data = join(dir, 'data');
  asPostgres(join(bin, 'initdb'), ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync']);
  asPostgres(join(bin, 'pg_ctl'), [
    '-D',
    data,
    '-l',
    join(dir, 'server.log'),
    '-w',
    '-o',
    `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=100`,
    'start',
  ]);
  const url = (database = 'postgres') => `postgresql://postgres@127.0.0.1:${port}/${database}`;
  return {
    url,
    createDatabase(name) {
      execFileSync(
        join(bin, 'psql'),
        ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', '-c', `create database "${name}"`],
        { stdio: 'pipe' },
      );
    },
    stop() {
      try {
        asPostgres(join(bin, 'pg_ctl'), ['-D', data, '-m', 'fast', '-w', 'stop']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
