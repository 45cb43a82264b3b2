import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { Knex } from 'knex';
import { ValidationError } from 'objection';
import { openDatabase } from '../../solution/db.ts';
import { Note } from '../../solution/models/note.ts';

let db: Knex;
before(async () => {
  db = await openDatabase({ client: 'better-sqlite3', filename: ':memory:' });
});
after(async () => db?.destroy());

const record = {
  id: '7b0c6c1e-3d2a-4f5e-9a8b-1c2d3e4f5a6b',
  title: 'Notiz',
  content: 'Inhalt',
  created_at: '2026-12-05T00:30:00.000Z',
};

it('the Note model validates what it stores with the precompiled schema: inserts, and patches without "required"', async () => {
  await assert.rejects(
    async () => Note.query(db).insert({ ...record, created_at: 'gestern' }),
    (error: unknown) =>
      error instanceof ValidationError && /created_at must match format "date-time"/.test(error.message),
  );
  await assert.rejects(
    async () => Note.query(db).insert({ id: record.id, title: 'ohne Inhalt' } as Partial<Note>),
    (error: unknown) =>
      error instanceof ValidationError && /must have required property 'content'/.test(error.message),
  );
  const stored = await Note.query(db).insertAndFetch(record);
  assert.deepEqual(stored.toResponse(), record);
  await assert.rejects(
    async () => Note.query(db).patchAndFetchById(record.id, { title: 5 } as unknown as Partial<Note>),
    (error: unknown) => error instanceof ValidationError && /\/title must be string/.test(error.message),
  );
  const patched = await Note.query(db).patchAndFetchById(record.id, { title: 'Neu' });
  assert.equal(patched.title, 'Neu');
  assert.equal(patched.content, 'Inhalt');
});
