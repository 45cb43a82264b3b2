import type { Knex } from 'knex';

/**
 * The lesson's `notes` table, plus `seq`: notes created in the same millisecond keep their order.
 * SQLite's autoincrement must be the primary key, so `seq` is, and the note's `id` is unique.
 */
export const createNotes = {
  async up(knex: Knex): Promise<void> {
    await knex.schema.createTable('notes', (table) => {
      table.increments('seq');
      table.string('id', 36).notNullable().unique();
      table.string('title', 200).notNullable();
      table.text('content').notNullable();
      if (knex.client.config.client === 'pg') table.timestamp('created_at', { useTz: true }).notNullable();
      else table.string('created_at', 32).notNullable();
      table.index(['created_at', 'seq'], 'notes_newest_first');
    });
  },
  async down(knex: Knex): Promise<void> {
    await knex.schema.dropTable('notes');
  },
};
