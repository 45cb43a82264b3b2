import type { Context, Next } from 'koa';
import type { ValidationIssue } from './validation.ts';

/** Everything the API answers with an error, mapped to HTTP in one place (the first middleware). */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly detail: string | ValidationIssue[],
    readonly headers: Record<string, string> = {},
  ) {
    super(typeof detail === 'string' ? detail : 'Validation Error');
  }
}

export const notFound = () => new HttpError(404, 'Not Found');
export const noteNotFound = () => new HttpError(404, 'Notiz nicht gefunden');
export const unprocessable = (issues: ValidationIssue[]) => new HttpError(422, issues);

/** JSON the way the lesson's app writes it: compact, UTF-8 raw, `application/json` without charset. */
export function sendJson(ctx: Context, status: number, body: unknown): void {
  sendJsonText(ctx, status, JSON.stringify(body));
}

/** The same with the JSON already written (answers that never change). */
export function sendJsonText(ctx: Context, status: number, json: string): void {
  const { response } = ctx;
  response.status = status;
  response.set('Content-Type', 'application/json');
  response.body = json;
}

export function errorMiddleware(log: (error: unknown) => void) {
  // Not async: the common case (no error) passes the downstream promise on without wrapping it again.
  return function handleErrors(ctx: Context, next: Next): Promise<void> {
    return next().catch((error: unknown) => {
      if (error instanceof HttpError) {
        sendJson(ctx, error.status, { detail: error.detail });
        for (const [name, value] of Object.entries(error.headers)) ctx.set(name, value);
        return;
      }
      log(error);
      // Like the lesson's app: plain text, and no CORS headers on a 500.
      ctx.status = 500;
      ctx.remove('Access-Control-Allow-Origin');
      ctx.remove('Vary');
      ctx.set('Content-Type', 'text/plain; charset=utf-8');
      ctx.body = 'Internal Server Error';
    });
  };
}
