import knex, { type Knex } from 'knex';
import type { Database } from './config.ts';
import { migrationSource } from './migrations/index.ts';

/** knex configuration keyed by client: SQLite in WAL mode with a busy timeout, a pool for PostgreSQL. */
export function knexConfig(database: Database): Knex.Config {
  if (database.client === 'pg') {
    return {
      client: 'pg',
      connection: { connectionString: database.connectionString },
      pool: { min: 0, max: 15, idleTimeoutMillis: 30_000 },
      acquireConnectionTimeout: 10_000,
    };
  }
  return {
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

export async function openDatabase(database: Database): Promise<Knex> {
  const db = knex(knexConfig(database));
  await db.migrate.latest({ migrationSource });
  return db;
}
