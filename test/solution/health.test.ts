import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, request, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { createApp } from '../../solution/app.ts';
import { openDatabase } from '../../solution/db.ts';
import { answerHealthDirectly, HEALTH_TTL_MS, HealthMonitor } from '../../solution/health.ts';

/**
 * `/health` is answered in the request listener before Koa while the database's last answer holds.
 * These tests prove that shortcut changes nothing a client sees: the same request, once through the
 * shortcut and once through Koa alone, gets the same status, headers and body.
 */

interface Raw {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** node:http keeps the headers as sent (no fetch normalisation), so any difference shows. */
function get(base: string, path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const req = request(`${base}${path}`, { method, headers, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        body += chunk;
      });
      res.on('end', () => {
        const { date: _date, ...rest } = res.headers;
        resolve({ status: res.statusCode ?? 0, headers: rest, body });
      });
    });
    req.on('error', reject);
    req.end();
  });
}

function listen(server: Server): Promise<string> {
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () =>
      resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`),
    );
  });
}

describe('/health answered before Koa', () => {
  const db = openDatabase({ client: 'better-sqlite3', filename: ':memory:' });
  let health: HealthMonitor;
  let direct = 0;
  let viaShortcut: Server;
  let koaOnly: Server;
  let shortcutUrl = '';
  let koaUrl = '';

  before(async () => {
    const knex = await db;
    health = new HealthMonitor(knex);
    const handle = createApp({ db: knex, health }).callback();
    viaShortcut = createServer((req: IncomingMessage, res: ServerResponse) => {
      if (answerHealthDirectly(health, req, res)) direct++;
      else handle(req, res);
    });
    koaOnly = createServer(createApp({ db: knex, health }).callback());
    [shortcutUrl, koaUrl] = await Promise.all([listen(viaShortcut), listen(koaOnly)]);
  });
  after(async () => {
    viaShortcut.close();
    koaOnly.close();
    await (await db).destroy();
  });

  it('gives the same status, headers and body as the Koa route, with and without Origin', async () => {
    const before = direct;
    // The first request finds no answer of the database yet: Koa asks it.
    assert.equal((await get(shortcutUrl, '/health')).status, 200);
    assert.equal(direct, before, 'the first /health must go through Koa');
    for (const headers of [{}, { Origin: 'http://localhost:3000' }]) {
      const shortcut = await get(shortcutUrl, '/health', headers);
      const koa = await get(koaUrl, '/health', headers);
      assert.deepEqual(shortcut, koa, JSON.stringify(headers));
      assert.equal(shortcut.body, '{"status":"healthy"}');
    }
    assert.equal(direct, before + 2, 'the two requests after it were answered before Koa');
  });

  it('leaves everything else to Koa: query, HEAD, other paths, trailing slash, empty Origin, preflight', async () => {
    await get(shortcutUrl, '/health');
    const cases: Array<[string, Record<string, string>, string]> = [
      ['/health?full=1', {}, 'GET'],
      ['/health', {}, 'HEAD'],
      ['/health/', {}, 'GET'],
      ['/healthz', {}, 'GET'],
      ['/health', { Origin: '' }, 'GET'],
      ['/health', { Origin: 'http://a.example', 'Access-Control-Request-Method': 'GET' }, 'OPTIONS'],
    ];
    for (const [path, headers, method] of cases) {
      const before = direct;
      const shortcut = await get(shortcutUrl, path, headers, method);
      const koa = await get(koaUrl, path, headers, method);
      assert.equal(direct, before, `${method} ${path} ${JSON.stringify(headers)} must go through Koa`);
      // Only the Location of the redirect names the host (and with it the port).
      assert.deepEqual(
        { ...shortcut, headers: { ...shortcut.headers, location: undefined } },
        { ...koa, headers: { ...koa.headers, location: undefined } },
      );
    }
  });
});

describe('HealthMonitor', () => {
  it('asks the database at most once per TTL, one query at a time, and forgets a failure', async () => {
    let now = 1_000_000;
    let queries = 0;
    let reachable = true;
    const fakeDb = {
      raw: () => {
        queries++;
        return reachable ? Promise.resolve([]) : Promise.reject(new Error('weg'));
      },
    };
    const monitor = new HealthMonitor(fakeDb as never, () => now);
    assert.equal(monitor.fresh(), undefined);
    const [a, b] = await Promise.all([monitor.check(), monitor.check()]);
    assert.deepEqual([a, b, queries], [true, true, 1]);
    assert.equal(monitor.fresh(), true);
    now += HEALTH_TTL_MS;
    assert.equal(monitor.fresh(), true);
    now += 1;
    assert.equal(monitor.fresh(), undefined);
    reachable = false;
    assert.equal(await monitor.check(), false);
    // A failure holds for no time: the next request asks again.
    assert.equal(monitor.fresh(), undefined);
    reachable = true;
    assert.equal(await monitor.check(), true);
    assert.equal(queries, 3);
  });

  it('the shortcut answers only while "reachable" holds', () => {
    const calls: unknown[] = [];
    const res = {
      writeHead: (...args: unknown[]) => calls.push(args),
      end: () => calls.push('end'),
    } as unknown as ServerResponse;
    const req = { url: '/health', method: 'GET', headers: {} } as IncomingMessage;
    const state = { fresh: () => false as boolean | undefined } as HealthMonitor;
    assert.equal(answerHealthDirectly(state, req, res), false, 'unhealthy goes to Koa (503)');
    state.fresh = () => undefined;
    assert.equal(answerHealthDirectly(state, req, res), false, 'stale goes to Koa (asks the database)');
    state.fresh = () => true;
    assert.equal(answerHealthDirectly(state, req, res), true);
    assert.equal(calls.length, 2);
  });
});
