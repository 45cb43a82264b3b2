import cors from '@koa/cors';
import Router from '@koa/router';
import type { Knex } from 'knex';
import Koa, { type Context, type Next } from 'koa';
import * as docs from './docs.ts';
import { errorMiddleware, HttpError, notFound } from './errors.ts';
import { HealthMonitor } from './health.ts';
import * as notes from './routes/notes.ts';
import * as root from './routes/root.ts';

/** Wires the CloudNotes API; exported without `listen`, so tests and the API check can mount it. */
export interface AppOptions {
  db: Knex;
  /** Shared with the server's request listener, which answers a healthy `/health` before Koa. */
  health?: HealthMonitor;
  log?: (error: unknown) => void;
}

const CORS_METHODS = ['DELETE', 'GET', 'HEAD', 'OPTIONS', 'PATCH', 'POST', 'PUT'];
const ALLOW_ORDER = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'];

/** @koa/cors, with the lesson's preflight answer: 200 `OK` for any path, 400 for a method it does not allow. */
function corsMiddleware() {
  const handle = cors({ origin: '*', allowMethods: CORS_METHODS, maxAge: 600, credentials: false });
  return function corsWithLessonPreflight(ctx: Context, next: Next): Promise<void> {
    // Like Starlette: without an Origin there is nothing to answer for CORS.
    if (ctx.req.headers.origin === undefined) return next();
    return withCors(ctx, next);
  };
  async function withCors(ctx: Context, next: Next): Promise<void> {
    const preflight = ctx.method === 'OPTIONS' && ctx.get('Access-Control-Request-Method') !== '';
    await handle(ctx, next);
    if (!preflight) return;
    const allowed = CORS_METHODS.includes(ctx.get('Access-Control-Request-Method').toUpperCase());
    ctx.status = allowed ? 200 : 400;
    ctx.type = 'text/plain; charset=utf-8';
    ctx.body = allowed ? 'OK' : 'Disallowed CORS method';
  }
}

/**
 * GET routes without parameters (`/`, `/health`, `/notes`, `/docs`, `/openapi.json`) found with one
 * Map lookup before @koa/router walks its list of layers: the same handlers, the same exact matching
 * (case-sensitive, trailing slash is another path). Load balancers ask `/health` many times a second.
 */
function exactGetRoutes(router: Router): Koa.Middleware {
  // A path with more than one GET layer (a middleware chain) stays with the router.
  const counts = new Map<string, number>();
  for (const layer of router.stack)
    if (typeof layer.path === 'string' && layer.methods.includes('GET'))
      counts.set(layer.path, (counts.get(layer.path) ?? 0) + 1);
  const table = new Map<string, Koa.Middleware>();
  for (const layer of router.stack) {
    const [handler, ...more] = layer.stack;
    if (typeof layer.path !== 'string' || layer.paramNames.length > 0 || !layer.methods.includes('GET'))
      continue;
    if (!handler || more.length > 0 || counts.get(layer.path) !== 1) continue;
    table.set(layer.path, handler as Koa.Middleware);
  }
  return (ctx, next) => {
    const handler = ctx.method === 'GET' ? table.get(ctx.path) : undefined;
    return handler ? handler(ctx, next) : next();
  };
}

export function createApp(options: AppOptions): Koa {
  const app = new Koa();
  // FastAPI matches paths case-sensitively and treats a trailing slash as another path (→ 307 below).
  const router = new Router({ sensitive: true, strict: true });
  root.register(router, options.health ?? new HealthMonitor(options.db));
  notes.register(router, options.db);
  docs.register(router);

  /**
   * No route matched. A path that exists without its trailing slash is redirected there (307,
   * absolute, from Host); a known path with another method is 405 with every method it allows (the
   * lesson's app names only one); anything else is 404. Only requests that miss pay for this.
   */
  const fallback = async (ctx: Context) => {
    if (ctx.path.length > 1 && ctx.path.endsWith('/')) {
      const target = ctx.path.replace(/\/+$/, '');
      if (router.match(target, ctx.method).path.length > 0) {
        ctx.status = 307;
        ctx.set('Location', `${ctx.protocol}://${ctx.get('Host')}${target}${ctx.search}`);
        ctx.body = '';
        ctx.remove('Content-Type');
        return;
      }
    }
    const layers = router.match(ctx.path, ctx.method).path;
    if (layers.length === 0) throw notFound();
    const methods = ALLOW_ORDER.filter((method) => layers.some((layer) => layer.methods.includes(method)));
    throw new HttpError(405, 'Method Not Allowed', { Allow: methods.join(', ') });
  };

  app.use(errorMiddleware(options.log ?? ((error) => console.error(error))));
  app.use(corsMiddleware());
  app.use(exactGetRoutes(router));
  app.use(router.routes());
  app.use(fallback);
  return app;
}
