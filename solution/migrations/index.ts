import type { Knex } from 'knex';
import { createNotes } from './001-create-notes.ts';

/**
 * Migrations live in code, not in a folder knex scans: the same list runs from source, from the
 * bundled server and inside the container image.
 */
const migrations: Record<string, Knex.Migration> = { '001-create-notes': createNotes };

export const migrationSource: Knex.MigrationSource<string> = {
  getMigrations: async () => Object.keys(migrations),
  getMigrationName: (name) => name,
  getMigration: async (name) => migrations[name] as Knex.Migration,
};
