import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { it } from 'node:test';
import { startServer } from '../../solution/server.ts';
import { repoRoot } from '../helpers.ts';
import { freePort } from '../support/net.ts';

it('when the database is gone: /health says 503 unhealthy, other routes a plain-text 500 without CORS', async () => {
  const server = await startServer({ databaseUrl: 'sqlite:///:memory:', port: 0, host: '127.0.0.1' });
  const errors: unknown[] = [];
  try {
    assert.equal((await fetch(`${server.url}/health`)).status, 200);
    await server.db.destroy();
    // /health asks the database at most once a second.
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const health = await fetch(`${server.url}/health`);
    assert.equal(health.status, 503);
    assert.equal(await health.text(), '{"status":"unhealthy","detail":"Datenbank nicht erreichbar"}');
    const original = console.error;
    console.error = (error: unknown) => errors.push(error);
    try {
      const list = await fetch(`${server.url}/notes`, { headers: { Origin: 'http://x' } });
      assert.equal(list.status, 500);
      assert.equal(list.headers.get('content-type'), 'text/plain; charset=utf-8');
      assert.equal(list.headers.get('access-control-allow-origin'), null);
      assert.equal(await list.text(), 'Internal Server Error');
    } finally {
      console.error = original;
    }
    assert.equal(errors.length, 1, 'der Fehler wird einmal protokolliert');
  } finally {
    await new Promise<void>((resolve) => server.server.close(() => resolve()));
  }
});

it('npm run solution: starts on PORT, and SIGTERM ends it cleanly within 2 s', async () => {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', join(repoRoot, 'solution', 'server.ts')], {
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATABASE_URL: 'sqlite:///:memory:' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (data: Buffer) => {
    output += data.toString();
  });
  const deadline = Date.now() + 30_000;
  while (!output.includes('läuft auf')) {
    if (Date.now() > deadline || child.exitCode !== null) throw new Error(`Server startete nicht: ${output}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  assert.match(
    output,
    new RegExp(`CloudNotes API läuft auf http://127\\.0\\.0\\.1:${port} \\(Datenbank: sqlite:///:memory:\\)`),
  );
  // A keep-alive connection stays open: shutdown must not wait for it.
  assert.equal((await fetch(`http://127.0.0.1:${port}/notes`)).status, 200);
  const started = Date.now();
  child.kill('SIGTERM');
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  assert.equal(code, 0);
  assert.ok(Date.now() - started < 2000, `Beenden dauerte ${Date.now() - started} ms`);
});

it('refuses a DATABASE_URL it does not know, without showing the password', async () => {
  await assert.rejects(
    startServer({ databaseUrl: 'mysql://user:geheim@host/db', port: 0, host: '127.0.0.1' }),
    /DATABASE_URL „mysql:\/\/user:«geheim»@host\/db“ wird nicht unterstützt: erwartet sqlite:\/\/\/… oder postgresql:\/\/…/,
  );
});
