import type Router from '@koa/router';
import type { Knex } from 'knex';
import { sendJson } from '../errors.ts';

export function register(router: Router, db: Knex): void {
  router.get('root', '/', (ctx) => {
    sendJson(ctx, 200, { message: 'CloudNotes API läuft!', version: '1.0.0' });
  });

  /** Healthy only when the database answers (the lesson's app always says healthy). */
  router.get('health', '/health', async (ctx) => {
    try {
      await db.raw('select 1');
      sendJson(ctx, 200, { status: 'healthy' });
    } catch {
      sendJson(ctx, 503, { status: 'unhealthy', detail: 'Datenbank nicht erreichbar' });
    }
  });
}
