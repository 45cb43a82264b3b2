import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import knex from 'knex';
import apiResponds, { referenceSettings } from '../../checks/api-responds.ts';
import { runChecks } from '../../checks/run.ts';
import { knexConfig } from '../../solution/db.ts';
import { type RunningServer, startServer } from '../../solution/server.ts';

// A file of its own: the reference run is kept for the whole process once it has succeeded.

let learnerApi: RunningServer;
before(async () => {
  learnerApi = await startServer({ databaseUrl: 'sqlite:///:memory:', host: '127.0.0.1', port: 0 });
});
after(async () => learnerApi?.close());

it('when the reference solution cannot start, the API is "not checked", not failed, and nothing reaches stdout', async () => {
  referenceSettings.databaseUrl = 'sqlite:////gibt-es-nicht-ordner/notes.db';
  const written: string[] = [];
  const write = process.stdout.write.bind(process.stdout);
  process.stdout.write = ((chunk: string | Uint8Array, ...rest: never[]) => {
    written.push(String(chunk));
    return write(chunk, ...rest);
  }) as typeof process.stdout.write;
  try {
    const [result] = await runChecks([apiResponds], {
      env: {},
      region: 'eu-central-1',
      apiUrl: learnerApi.url,
      remote: false,
    });
    assert.equal(result?.status, 'skip');
    assert.equal(
      result?.message,
      'Nicht geprüft: die Referenzlösung, mit der die API verglichen wird, startete nicht (Cannot open database because the directory does not exist).',
    );
    assert.match(result?.hint ?? '', /^Das liegt nicht an deiner API\. .*npm ci/);
  } finally {
    process.stdout.write = write;
    referenceSettings.databaseUrl = 'sqlite:///:memory:';
  }
  // knex logs "Acquire connection error …" on the way; by default it would print that on stdout.
  // (The test runner's own messages travel over stdout as well, hence the filter.)
  assert.deepEqual(
    written.filter((chunk) => /Knex|Acquire connection|directory does not exist/.test(chunk)),
    [],
  );
});

it("knex's own messages (here: a missing driver) go to the given log, not to console.log", () => {
  const logged: string[] = [];
  const config = knexConfig({ client: 'better-sqlite3', filename: ':memory:' }, (message) => {
    logged.push(message);
  });
  // mysql is a dialect knex knows, but its driver is not installed.
  assert.throws(() => knex({ ...config, client: 'mysql' }), /Cannot find module 'mysql'/);
  assert.match(logged.join('\n'), /Knex: run\n\$ npm install mysql --save/);
});
