import { randomUUID } from 'node:crypto';
import type Router from '@koa/router';
import type { Knex } from 'knex';
import type { Context } from 'koa';
import { readObjectBody } from '../body.ts';
import { noteNotFound, sendJson, unprocessable } from '../errors.ts';
import { Note } from '../models/note.ts';
import type { NoteInput } from '../schemas.ts';
import { issuesFromAjv, unstorableIssues } from '../validation.ts';
import { validateCreate, validateUpdate } from '../validators.ts';

async function validBody(ctx: Context, validate: typeof validateCreate): Promise<NoteInput> {
  const body = await readObjectBody(ctx);
  const issues = validate(body) ? unstorableIssues(body) : issuesFromAjv(validate.errors ?? [], body);
  if (issues.length > 0) throw unprocessable(issues);
  return body as NoteInput;
}

export function register(router: Router, db: Knex): void {
  /** Alle Notizen abrufen – newest first; notes of the same millisecond by creation order. */
  router.get('listNotes', '/notes', async (ctx) => {
    const notes = await Note.query(db).orderBy([
      { column: 'created_at', order: 'desc' },
      { column: 'seq', order: 'desc' },
    ]);
    sendJson(
      ctx,
      200,
      notes.map((note) => note.toResponse()),
    );
  });

  /** Neue Notiz erstellen – id and created_at are the server's; extra fields are ignored. */
  router.post('createNote', '/notes', async (ctx) => {
    const input = await validBody(ctx, validateCreate);
    const note = await Note.query(db).insertAndFetch({
      id: randomUUID(),
      title: input.title as string,
      content: input.content as string,
      created_at: new Date().toISOString(),
    });
    sendJson(ctx, 201, note.toResponse());
  });

  /** Eine Notiz nach ID abrufen – any string is an id; unknown ones are 404, never 422. */
  router.get('getNote', '/notes/:id', async (ctx) => {
    const note = await Note.query(db).findById(ctx.params.id as string);
    if (!note) throw noteNotFound();
    sendJson(ctx, 200, note.toResponse());
  });

  /** Eine Notiz aktualisieren – partial: null means "not given"; the body is checked before the id. */
  router.put('updateNote', '/notes/:id', async (ctx) => {
    const input = await validBody(ctx, validateUpdate);
    const changes: Partial<Pick<Note, 'title' | 'content'>> = {};
    if (typeof input.title === 'string') changes.title = input.title;
    if (typeof input.content === 'string') changes.content = input.content;
    const id = ctx.params.id as string;
    const note =
      Object.keys(changes).length > 0
        ? await Note.query(db).patchAndFetchById(id, changes)
        : await Note.query(db).findById(id);
    if (!note) throw noteNotFound();
    sendJson(ctx, 200, note.toResponse());
  });

  /** Eine Notiz löschen – 204 with an empty body. */
  router.delete('deleteNote', '/notes/:id', async (ctx) => {
    const deleted = await Note.query(db).deleteById(ctx.params.id as string);
    if (deleted === 0) throw noteNotFound();
    ctx.status = 204;
  });
}
