import type Router from '@koa/router';
import type { Knex } from 'knex';
import type { Context } from 'koa';
import { sendJson, sendJsonText } from '../errors.ts';

const HEALTH_TTL_MS = 1000;

export function register(router: Router, db: Knex): void {
  router.get('root', '/', (ctx) => {
    sendJson(ctx, 200, { message: 'CloudNotes API läuft!', version: '1.0.0' });
  });

  /**
   * Healthy only when the database answers (the lesson's app always says healthy). Load balancers
   * ask many times a second: the database is asked at most once per second, one query at a time,
   * and the answer holds until then.
   */
  let checked = 0;
  let known: boolean | undefined;
  let pending: Promise<boolean> | undefined;
  const ask = (): Promise<boolean> => {
    checked = Date.now();
    pending ??= db.raw('select 1').then(
      () => true,
      () => false,
    );
    return pending.then((reachable) => {
      pending = undefined;
      known = reachable;
      if (!reachable) checked = 0; // a failure is asked again at the next request
      return reachable;
    });
  };
  const healthy = JSON.stringify({ status: 'healthy' });
  const unhealthy = JSON.stringify({ status: 'unhealthy', detail: 'Datenbank nicht erreichbar' });
  const answer = (ctx: Context, reachable: boolean) => {
    if (reachable) sendJsonText(ctx, 200, healthy);
    else sendJsonText(ctx, 503, unhealthy);
  };
  router.get('health', '/health', (ctx) => {
    // Within a second of the last answer: no database, no promise.
    if (known !== undefined && Date.now() - checked <= HEALTH_TTL_MS) {
      answer(ctx, known);
      return;
    }
    return ask().then((reachable) => answer(ctx, reachable));
  });
}
