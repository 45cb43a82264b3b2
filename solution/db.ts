import knex, { type Knex } from 'knex';
import type { Database } from './config.ts';
import { migrationSource } from './migrations/index.ts';

/** Where knex's own warnings go: a server's diagnostics belong on stderr, never on stdout. */
export type DatabaseLog = (message: string) => void;

const toStderr: DatabaseLog = (message) => {
  process.stderr.write(`${message}\n`);
};

/** knex's logger without its default, console.log (stdout: it would end up in `npm run grade --json`). */
function knexLog(log: DatabaseLog): Knex.Logger {
  const write = (message: unknown) => log(typeof message === 'string' ? message : String(message));
  return { warn: write, error: write, deprecate: write, debug: write };
}

/** knex configuration keyed by client: SQLite in WAL mode with a busy timeout, a pool for PostgreSQL. */
export function knexConfig(database: Database, log: DatabaseLog = toStderr): Knex.Config {
  if (database.client === 'pg') {
    return {
      log: knexLog(log),
      client: 'pg',
      connection: { connectionString: database.connectionString },
      pool: { min: 0, max: 15, idleTimeoutMillis: 30_000 },
      acquireConnectionTimeout: 10_000,
    };
  }
  return {
    log: knexLog(log),
    client: 'better-sqlite3',
    connection: { filename: database.filename },
    useNullAsDefault: true,
    pool: {
      min: 1,
      max: 1,
      afterCreate(
        connection: { pragma(source: string): unknown },
        done: (error: Error | null, connection: unknown) => void,
      ) {
        connection.pragma('journal_mode = WAL');
        connection.pragma('busy_timeout = 5000');
        connection.pragma('synchronous = NORMAL');
        done(null, connection);
      },
    },
  };
}

export async function openDatabase(database: Database, log?: DatabaseLog): Promise<Knex> {
  const db = knex(knexConfig(database, log));
  await db.migrate.latest({ migrationSource });
  return db;
}
