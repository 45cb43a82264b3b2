import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type RunningServer, startServer } from '../../solution/server.ts';
import { type Postgres, postgresAvailable, startPostgres } from '../support/postgres.ts';

/**
 * 32 concurrent clients mix create, list, get, update and delete (and malformed requests) for 30 s
 * (LESSON_RELIABILITY_SECONDS); afterwards the database holds exactly the notes the clients believe
 * exist, with the contents they last wrote: nothing lost, nothing twice, and never a 5xx.
 */
const SECONDS = Number(process.env.LESSON_RELIABILITY_SECONDS ?? 30);
const CLIENTS = 32;

interface Tally {
  requests: number;
  serverErrors: string[];
  mismatches: string[];
}

async function client(
  base: string,
  index: number,
  deadline: number,
  tally: Tally,
  expected: Map<string, string>,
) {
  const mine: string[] = [];
  let counter = 0;
  const call = async (method: string, path: string, body?: string, type = 'application/json') => {
    const response = await fetch(`${base}${path}`, {
      method,
      ...(body === undefined ? {} : { body, headers: { 'Content-Type': type } }),
    });
    tally.requests++;
    const text = await response.text();
    if (response.status >= 500)
      tally.serverErrors.push(`${method} ${path} → ${response.status} ${text.slice(0, 80)}`);
    return { status: response.status, text };
  };
  while (Date.now() < deadline) {
    const roll = Math.random();
    if (roll < 0.4 || mine.length === 0) {
      const title = `c${index}-${counter++}`;
      const created = await call('POST', '/notes', JSON.stringify({ title, content: `Inhalt von ${title}` }));
      if (created.status === 201) {
        const note = JSON.parse(created.text) as { id: string; title: string };
        mine.push(note.id);
        expected.set(note.id, title);
      } else tally.mismatches.push(`POST → ${created.status}`);
    } else if (roll < 0.55) {
      const id = mine[Math.floor(Math.random() * mine.length)] as string;
      const got = await call('GET', `/notes/${id}`);
      if (got.status !== 200 || (JSON.parse(got.text) as { title: string }).title !== expected.get(id)) {
        tally.mismatches.push(
          `GET ${id} → ${got.status} ${got.text.slice(0, 60)} (erwartet ${expected.get(id)})`,
        );
      }
    } else if (roll < 0.75) {
      const id = mine[Math.floor(Math.random() * mine.length)] as string;
      const title = `c${index}-${counter++}-neu`;
      const updated = await call('PUT', `/notes/${id}`, JSON.stringify({ title }));
      if (updated.status === 200) expected.set(id, title);
      else tally.mismatches.push(`PUT ${id} → ${updated.status}`);
    } else if (roll < 0.88) {
      const id = mine.splice(Math.floor(Math.random() * mine.length), 1)[0] as string;
      const deleted = await call('DELETE', `/notes/${id}`);
      if (deleted.status === 204) expected.delete(id);
      else tally.mismatches.push(`DELETE ${id} → ${deleted.status}`);
    } else if (roll < 0.94) {
      const listed = await call('GET', '/notes');
      if (listed.status !== 200) tally.mismatches.push(`GET /notes → ${listed.status}`);
    } else {
      // Malformed input must be a 4xx, and the server must stay up.
      const bad = [
        () => call('POST', '/notes', '{"title": '),
        () => call('POST', '/notes', 'x'.repeat(3 * 1024 * 1024)),
        () => call('POST', '/notes', '[]'),
        () => call('PUT', '/notes/x', 'kein json', 'text/plain'),
      ][Math.floor(Math.random() * 4)] as () => Promise<{ status: number }>;
      const answer = await bad();
      if (answer.status < 400 || answer.status >= 500)
        tally.mismatches.push(`ungültige Anfrage → ${answer.status}`);
    }
  }
}

function reliability(name: string, databaseUrl: () => Promise<string>) {
  it(`${CLIENTS} clients for ${SECONDS} s on ${name}: no 5xx, no lost or duplicated writes`, {
    timeout: (SECONDS + 60) * 1000,
  }, async () => {
    const server: RunningServer = await startServer({
      databaseUrl: await databaseUrl(),
      port: 0,
      host: '127.0.0.1',
    });
    try {
      const tally: Tally = { requests: 0, serverErrors: [], mismatches: [] };
      const expected = new Map<string, string>();
      const deadline = Date.now() + SECONDS * 1000;
      await Promise.all(
        Array.from({ length: CLIENTS }, (_, index) => client(server.url, index, deadline, tally, expected)),
      );
      assert.deepEqual(tally.serverErrors, []);
      assert.deepEqual(tally.mismatches, []);
      const final = JSON.parse(await (await fetch(`${server.url}/notes`)).text()) as Array<{
        id: string;
        title: string;
        content: string;
      }>;
      const ids = final.map((note) => note.id);
      assert.equal(new Set(ids).size, ids.length, 'eine Notiz steht doppelt in der Liste');
      assert.equal(final.length, expected.size, 'Anzahl der Notizen stimmt nicht');
      for (const note of final) assert.equal(note.title, expected.get(note.id), `Notiz ${note.id}`);
      console.log(`  ${name}: ${tally.requests} Anfragen in ${SECONDS} s, ${final.length} Notizen am Ende`);
      assert.ok(tally.requests > CLIENTS * 10, 'zu wenige Anfragen, um etwas zu beweisen');
    } finally {
      await server.close();
    }
  });
}

describe('reliability under concurrent load', () => {
  reliability('SQLite (Datei, WAL)', async () => {
    const { mkdtempSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    return `sqlite:///${join(mkdtempSync(join(tmpdir(), 'lesson-sqlite-')), 'notes.db')}`;
  });

  const pgReady = postgresAvailable();
  if (!pgReady) console.warn('\n!!! PostgreSQL fehlt: der Lasttest auf PostgreSQL wird ÜBERSPRUNGEN.\n');
  describe('PostgreSQL', { skip: !pgReady }, () => {
    let postgres: Postgres | undefined;
    before(async () => {
      postgres = await startPostgres();
    });
    after(() => postgres?.stop());
    reliability('PostgreSQL', async () => {
      postgres?.createDatabase('last');
      return postgres?.url('last') as string;
    });
  });
});
