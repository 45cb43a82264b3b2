import type { Context } from 'koa';
import { HttpError, unprocessable } from './errors.ts';

/**
 * Reads a request body the way the lesson's FastAPI app interprets it: JSON only for
 * `application/json` or `application/*+json` (case-insensitive, parameters ignored) or when no
 * Content-Type is sent (as FastAPI 0.115, the lesson's pinned version, does); anything else is not
 * an object; invalid UTF-8 is a 400. Bodies above the limit are a 413 (the FastAPI app has none).
 */
export const BODY_LIMIT_BYTES = 2 * 1024 * 1024;

export type RequestBody = { kind: 'object'; value: Record<string, unknown> };

function isJsonType(contentType: string | undefined): boolean {
  if (contentType === undefined || contentType.trim() === '') return true;
  const media = (contentType.split(';')[0] ?? '').trim().toLowerCase();
  return media === 'application/json' || /^application\/[^/]+\+json$/.test(media);
}

async function readRaw(ctx: Context): Promise<Buffer> {
  const declared = Number(ctx.get('Content-Length') || 0);
  if (declared > BODY_LIMIT_BYTES) throw tooLarge();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of ctx.req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > BODY_LIMIT_BYTES) throw tooLarge();
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

function tooLarge(): HttpError {
  return new HttpError(413, 'Request Entity Too Large');
}

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/** The body as an object, or the 4xx the lesson's app answers for it. */
export async function readObjectBody(ctx: Context): Promise<Record<string, unknown>> {
  const raw = await readRaw(ctx);
  let text: string;
  try {
    text = utf8.decode(raw);
  } catch {
    throw new HttpError(400, 'There was an error parsing the body');
  }
  if (raw.length === 0) {
    throw unprocessable([{ type: 'missing', loc: ['body'], msg: 'Field required', input: null }]);
  }
  if (!isJsonType(ctx.get('Content-Type') || undefined)) {
    throw unprocessable([
      {
        type: 'model_attributes_type',
        loc: ['body'],
        msg: 'Input should be a valid dictionary or object to extract fields from',
        input: text,
      },
    ]);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const position = Number(
      /position (\d+)/.exec(message)?.[1] ?? (/end of JSON/i.test(message) ? text.length : 0),
    );
    throw unprocessable([
      {
        type: 'json_invalid',
        loc: ['body', position],
        msg: 'JSON decode error',
        input: {},
        ctx: { error: message },
      },
    ]);
  }
  if (value === null) {
    throw unprocessable([{ type: 'missing', loc: ['body'], msg: 'Field required', input: null }]);
  }
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw unprocessable([
      {
        type: 'model_attributes_type',
        loc: ['body'],
        msg: 'Input should be a valid dictionary or object to extract fields from',
        input: value,
      },
    ]);
  }
  return value as Record<string, unknown>;
}
