import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'dotenv';

/**
 * Settings as the lesson's app takes them: `DATABASE_URL` (default `sqlite:///./notes.db`), also
 * from a `.env` file in the working directory; a variable set in the environment wins over `.env`
 * (python-dotenv's `load_dotenv()` does not override either).
 */
export interface Settings {
  databaseUrl: string;
  port: number;
  host: string;
  /** Where the database layer's warnings go (default: stderr). */
  databaseLog?: (message: string) => void;
}

export function loadSettings(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): Settings {
  const file = resolve(cwd, '.env');
  const fromFile = existsSync(file) ? parse(readFileSync(file)) : {};
  const value = (name: string) => env[name] ?? fromFile[name];
  const port = Number(value('PORT') ?? 8000);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`PORT muss eine Zahl von 0 bis 65535 sein, nicht „${value('PORT')}“.`);
  return {
    databaseUrl: value('DATABASE_URL') ?? 'sqlite:///./notes.db',
    port,
    host: value('HOST') ?? '0.0.0.0',
  };
}

export type Database =
  | { client: 'better-sqlite3'; filename: string }
  | { client: 'pg'; connectionString: string };

/** `sqlite:///./notes.db`, `sqlite:///:memory:`, `postgresql://…`, `postgresql+psycopg://…` (SQLAlchemy style). */
export function parseDatabaseUrl(url: string, cwd = process.cwd()): Database {
  const sqlite = /^sqlite(?:\+\w+)?:\/\/\/(.*)$/.exec(url);
  if (sqlite) {
    const path = sqlite[1] ?? '';
    if (path === '' || path === ':memory:') return { client: 'better-sqlite3', filename: ':memory:' };
    return { client: 'better-sqlite3', filename: resolve(cwd, path) };
  }
  const pg = /^postgres(?:ql)?(?:\+\w+)?(:\/\/.*)$/.exec(url);
  if (pg) return { client: 'pg', connectionString: `postgresql${pg[1]}` };
  throw new Error(
    `DATABASE_URL „${redactUrl(url)}“ wird nicht unterstützt: erwartet sqlite:///… oder postgresql://…`,
  );
}

/** For messages: the password of a URL is never shown. */
export function redactUrl(url: string): string {
  return url.replace(/\/\/([^:/@]+):[^@/]*@/, '//$1:«geheim»@');
}
