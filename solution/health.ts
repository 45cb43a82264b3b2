import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Knex } from 'knex';

/** How long an answer of the database holds: load balancers ask many times a second. */
export const HEALTH_TTL_MS = 1000;

export const HEALTHY_JSON = JSON.stringify({ status: 'healthy' });
export const UNHEALTHY_JSON = JSON.stringify({ status: 'unhealthy', detail: 'Datenbank nicht erreichbar' });

/**
 * Whether the database answers, asked at most once per `HEALTH_TTL_MS` and one query at a time.
 * A failure is not kept: the next request asks again.
 */
export class HealthMonitor {
  #checked = 0;
  #known: boolean | undefined;
  #pending: Promise<boolean> | undefined;

  constructor(
    private readonly db: Knex,
    private readonly now: () => number = Date.now,
  ) {}

  /** The last answer while it holds, otherwise `undefined` (then `check()` asks). No promise, no query. */
  fresh(): boolean | undefined {
    if (this.#known === undefined || this.now() - this.#checked > HEALTH_TTL_MS) return undefined;
    return this.#known;
  }

  check(): Promise<boolean> {
    this.#checked = this.now();
    this.#pending ??= this.db.raw('select 1').then(
      () => true,
      () => false,
    );
    return this.#pending.then((reachable) => {
      this.#pending = undefined;
      this.#known = reachable;
      if (!reachable) this.#checked = 0;
      return reachable;
    });
  }
}

const HEALTHY_BODY = Buffer.from(HEALTHY_JSON);
const PLAIN_HEADERS = { 'Content-Type': 'application/json', 'Content-Length': HEALTHY_BODY.length };
// What @koa/cors adds to a simple request with an Origin (origin '*', no credentials).
const CORS_HEADERS = { Vary: 'Origin', 'Access-Control-Allow-Origin': '*', ...PLAIN_HEADERS };

/**
 * `GET /health` while the database's last answer "reachable" holds, answered in the server's request
 * listener before Koa: the same status, headers and body as the Koa route (test/solution/health.test.ts
 * compares the two), without the middleware chain. Returns false for everything else, which Koa then
 * handles: other paths and methods, a query string, a preflight, a stale or unhealthy answer.
 */
export function answerHealthDirectly(
  monitor: HealthMonitor,
  req: IncomingMessage,
  res: ServerResponse,
): boolean {
  if (req.url !== '/health' || req.method !== 'GET' || monitor.fresh() !== true) return false;
  const { origin } = req.headers;
  if (origin === '') return false; // @koa/cors: Vary without Allow-Origin; rare enough for Koa
  res.writeHead(200, origin === undefined ? PLAIN_HEADERS : CORS_HEADERS);
  res.end(HEALTHY_BODY);
  return true;
}
