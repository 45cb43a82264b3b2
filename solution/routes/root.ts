import type Router from '@koa/router';
import type { Context } from 'koa';
import { sendJson, sendJsonText } from '../errors.ts';
import { HEALTHY_JSON, type HealthMonitor, UNHEALTHY_JSON } from '../health.ts';

export function register(router: Router, health: HealthMonitor): void {
  router.get('root', '/', (ctx) => {
    sendJson(ctx, 200, { message: 'CloudNotes API läuft!', version: '1.0.0' });
  });

  /** Healthy only when the database answers (the lesson's app always says healthy). */
  router.get('health', '/health', (ctx) => {
    const known = health.fresh();
    if (known !== undefined) {
      answer(ctx, known);
      return;
    }
    return health.check().then((reachable) => answer(ctx, reachable));
  });
}

function answer(ctx: Context, reachable: boolean): void {
  if (reachable) sendJsonText(ctx, 200, HEALTHY_JSON);
  else sendJsonText(ctx, 503, UNHEALTHY_JSON);
}
