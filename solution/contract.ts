import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';

/**
 * The CloudNotes contract as data: a sequence of requests (later ones use the notes earlier ones
 * created) and a normal form of each response with what varies between runs (ids, timestamps, header
 * case, JSON decoder wording) taken out. Used to compare two implementations side by side.
 */

export interface Probe {
  name: string;
  method: string;
  path: string | ((notes: NoteIds) => string);
  body?: string | Uint8Array;
  /** null: send no Content-Type at all. */
  type?: string | null;
  headers?: Record<string, string>;
  /** Remember the created note under this name for later probes. */
  remember?: string;
  /**
   * What of the JSON body counts, taken before normalising (it still sees the real ids): a check
   * against a live API with notes of its own looks only at the notes it created itself.
   */
  select?: (body: unknown, notes: NoteIds) => unknown;
}

export type NoteIds = Record<string, string>;

export interface Observed {
  status: number;
  type: string | null;
  allow: string | null;
  cors: string | null;
  location: string | null;
  body: unknown;
}

const json = (value: unknown) => JSON.stringify(value);
const at =
  (name: string, suffix = '') =>
  (notes: NoteIds) =>
    `/notes/${notes[name] ?? 'fehlt'}${suffix}`;

export const probes: Probe[] = [
  { name: 'GET /', method: 'GET', path: '/' },
  { name: 'GET /health', method: 'GET', path: '/health' },
  { name: 'GET / mit Query', method: 'GET', path: '/?foo=bar' },
  { name: 'GET /notes leer', method: 'GET', path: '/notes' },
  {
    name: 'POST gültig',
    method: 'POST',
    path: '/notes',
    body: json({ title: 'Einkaufsliste', content: 'Milch, Brot, Eier' }),
    remember: 'a',
  },
  {
    name: 'POST Umlaute 200×ä',
    method: 'POST',
    path: '/notes',
    body: json({ title: 'ä'.repeat(200), content: 'Grüße' }),
    remember: 'b',
  },
  {
    name: 'POST 200×Emoji',
    method: 'POST',
    path: '/notes',
    body: json({ title: '😀'.repeat(200), content: 'x' }),
  },
  {
    name: 'POST Zusatzfelder',
    method: 'POST',
    path: '/notes',
    body: json({ id: 'x', created_at: 'y', foo: 1, title: 't', content: 'c' }),
  },
  {
    name: 'POST Leerzeichen-Titel',
    method: 'POST',
    path: '/notes',
    body: json({ title: ' ', content: '\n' }),
  },
  { name: 'POST ohne Titel', method: 'POST', path: '/notes', body: json({ content: 'c' }) },
  { name: 'POST leerer Titel', method: 'POST', path: '/notes', body: json({ title: '', content: 'c' }) },
  {
    name: 'POST Titel 201 Zeichen',
    method: 'POST',
    path: '/notes',
    body: json({ title: 'a'.repeat(201), content: 'c' }),
  },
  { name: 'POST ohne Inhalt', method: 'POST', path: '/notes', body: json({ title: 't' }) },
  { name: 'POST leerer Inhalt', method: 'POST', path: '/notes', body: json({ title: 't', content: '' }) },
  { name: 'POST {}', method: 'POST', path: '/notes', body: '{}' },
  { name: 'POST Titel null', method: 'POST', path: '/notes', body: json({ title: null, content: 'c' }) },
  { name: 'POST Titel Zahl', method: 'POST', path: '/notes', body: json({ title: 123, content: 'c' }) },
  {
    name: 'POST Titel Objekt',
    method: 'POST',
    path: '/notes',
    body: json({ title: { a: 1 }, content: 'c' }),
  },
  { name: 'POST kein JSON', method: 'POST', path: '/notes', body: 'hello' },
  { name: 'POST abgeschnittenes JSON', method: 'POST', path: '/notes', body: '{"title": "t"' },
  { name: 'POST JSON-Liste', method: 'POST', path: '/notes', body: '[1,2]' },
  { name: 'POST JSON-Text', method: 'POST', path: '/notes', body: '"text"' },
  { name: 'POST JSON null', method: 'POST', path: '/notes', body: 'null' },
  { name: 'POST leerer Körper', method: 'POST', path: '/notes', body: '' },
  {
    name: 'POST text/plain',
    method: 'POST',
    path: '/notes',
    body: json({ title: 't', content: 'c' }),
    type: 'text/plain',
  },
  {
    name: 'POST form-urlencoded',
    method: 'POST',
    path: '/notes',
    body: 'title=t&content=c',
    type: 'application/x-www-form-urlencoded',
  },
  {
    name: 'POST charset=utf-8',
    method: 'POST',
    path: '/notes',
    body: json({ title: 't', content: 'c' }),
    type: 'application/json; charset=utf-8',
  },
  {
    name: 'POST vnd.api+json',
    method: 'POST',
    path: '/notes',
    body: json({ title: 't', content: 'c' }),
    type: 'application/vnd.api+json',
  },
  {
    name: 'POST ungültiges UTF-8',
    method: 'POST',
    path: '/notes',
    body: Uint8Array.from([0x7b, 0x22, 0xff, 0x22, 0x7d]),
  },
  { name: 'POST /notes/ (Schrägstrich)', method: 'POST', path: '/notes/', body: '{}' },
  { name: 'GET /notes (neueste zuerst)', method: 'GET', path: '/notes?limit=1&skip=1' },
  { name: 'GET Notiz', method: 'GET', path: at('a') },
  { name: 'GET unbekannte Notiz', method: 'GET', path: '/notes/00000000-0000-4000-8000-000000000000' },
  {
    name: 'GET Notiz in Großbuchstaben',
    method: 'GET',
    path: (notes) => `/notes/${(notes.a ?? '').toUpperCase()}`,
  },
  { name: 'GET /notes/{id}/', method: 'GET', path: at('a', '/') },
  { name: 'PUT nur Titel', method: 'PUT', path: at('a'), body: json({ title: 'A2' }) },
  { name: 'PUT nur Inhalt', method: 'PUT', path: at('a'), body: json({ content: 'neu' }) },
  { name: 'PUT null-Werte', method: 'PUT', path: at('a'), body: json({ title: null, content: null }) },
  { name: 'PUT {}', method: 'PUT', path: at('a'), body: '{}' },
  { name: 'PUT leerer Titel', method: 'PUT', path: at('a'), body: json({ title: '' }) },
  { name: 'PUT Titel Zahl', method: 'PUT', path: at('a'), body: json({ title: 5 }) },
  { name: 'PUT ohne Körper', method: 'PUT', path: at('a') },
  { name: 'PUT unbekannt, gültig', method: 'PUT', path: '/notes/fehlt', body: json({ title: 'x' }) },
  { name: 'PUT unbekannt, ungültig', method: 'PUT', path: '/notes/fehlt', body: json({ title: '' }) },
  { name: 'GET nach PUT', method: 'GET', path: at('a') },
  { name: 'DELETE', method: 'DELETE', path: at('b'), headers: { Origin: 'http://frontend.example' } },
  { name: 'DELETE erneut', method: 'DELETE', path: at('b') },
  { name: 'GET gelöscht', method: 'GET', path: at('b') },
  { name: 'GET unbekannter Pfad', method: 'GET', path: '/unknown' },
  { name: 'GET /NOTES', method: 'GET', path: '/NOTES' },
  { name: 'GET /notes/a/b', method: 'GET', path: '/notes/a/b' },
  { name: 'PATCH /notes/{id}', method: 'PATCH', path: at('a') },
  { name: 'PUT /notes', method: 'PUT', path: '/notes', body: '{}' },
  { name: 'DELETE /', method: 'DELETE', path: '/' },
  { name: 'HEAD /', method: 'HEAD', path: '/' },
  { name: 'OPTIONS ohne Preflight', method: 'OPTIONS', path: '/notes' },
  { name: 'GET /health/', method: 'GET', path: '/health/' },
  { name: 'CORS einfach', method: 'GET', path: '/notes', headers: { Origin: 'http://frontend.example' } },
  { name: 'CORS 404', method: 'GET', path: '/nix', headers: { Origin: 'http://frontend.example' } },
  {
    name: 'CORS Preflight',
    method: 'OPTIONS',
    path: '/notes',
    headers: {
      Origin: 'http://frontend.example',
      'Access-Control-Request-Method': 'POST',
      'Access-Control-Request-Headers': 'content-type',
    },
  },
  {
    name: 'CORS Preflight unbekannter Pfad',
    method: 'OPTIONS',
    path: '/gibt-es-nicht',
    headers: { Origin: 'x', 'Access-Control-Request-Method': 'GET' },
  },
  {
    name: 'CORS Preflight Methode FOO',
    method: 'OPTIONS',
    path: '/notes',
    headers: { Origin: 'x', 'Access-Control-Request-Method': 'FOO' },
  },
  { name: 'GET /docs', method: 'GET', path: '/docs' },
  { name: 'GET /openapi.json', method: 'GET', path: '/openapi.json' },
  // Last: where the solution decides differently, a created note would change every later list.
  {
    name: 'POST ohne Content-Type',
    method: 'POST',
    path: '/notes',
    body: json({ title: 't', content: 'c' }),
    type: null,
  },
  {
    name: 'POST NUL im Titel',
    method: 'POST',
    path: '/notes',
    body: json({ title: 'a\u0000b', content: 'c' }),
  },
];

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;
const TIMESTAMP = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,6})?(Z|[+-]\d\d:\d\d)?$/;

/** Takes out what differs from run to run and from server to server without a client noticing. */
export function normaliseBody(value: unknown): unknown {
  if (typeof value === 'string') return TIMESTAMP.test(value) ? '<Zeitpunkt>' : value.replace(UUID, '<id>');
  if (Array.isArray(value)) return value.map(normaliseBody);
  if (value && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    // JSON decoder wording and offsets are the parser's own (Python json vs. JSON.parse).
    if (record.type === 'json_invalid')
      return { type: 'json_invalid', loc: ['body', '<Position>'], msg: record.msg, input: record.input };
    return Object.fromEntries(Object.entries(record).map(([key, item]) => [key, normaliseBody(item)]));
  }
  return value;
}

export function describeObserved(
  status: number,
  header: (name: string) => string | null,
  text: string,
  path: string,
): Observed {
  let body: unknown = text;
  const type = header('content-type')?.split(';')[0]?.trim() ?? null;
  if (type === 'application/json' && text !== '') {
    try {
      body = normaliseBody(JSON.parse(text));
    } catch {
      body = text;
    }
  }
  // Pages and documents are compared by what a client checks, not byte by byte.
  if (path === '/docs')
    body = /swagger-ui/i.test(text) && /openapi\.json/.test(text) ? '<Swagger-UI-Seite>' : text.slice(0, 80);
  if (path === '/openapi.json' && body && typeof body === 'object') {
    const spec = body as {
      openapi?: string;
      info?: { title?: string; version?: string };
      paths?: Record<string, unknown>;
    };
    body = {
      openapi: spec.openapi,
      title: spec.info?.title,
      version: spec.info?.version,
      paths: Object.keys(spec.paths ?? {}).sort(),
    };
  }
  return {
    status,
    type,
    allow: header('allow'),
    cors: header('access-control-allow-origin'),
    location:
      header('location')
        ?.replace(/^https?:\/\/[^/]+/, '')
        .replace(UUID, '<id>') ?? null,
    body,
  };
}

export interface ProbeOptions {
  signal?: AbortSignal;
  /** Per request; a request that takes longer fails the run with a TimeoutError. */
  timeoutMs?: number;
}

export async function runProbes(
  base: string,
  list: Probe[] = probes,
  options: ProbeOptions = {},
): Promise<Array<{ probe: Probe; observed: Observed }>> {
  const notes: NoteIds = {};
  const results: Array<{ probe: Probe; observed: Observed }> = [];
  for (const probe of list) {
    const path = typeof probe.path === 'function' ? probe.path(notes) : probe.path;
    const headers: Record<string, string> = { ...probe.headers };
    let body: Uint8Array | undefined;
    if (probe.body !== undefined) {
      body = typeof probe.body === 'string' ? new TextEncoder().encode(probe.body) : probe.body;
      if (probe.type !== null) headers['Content-Type'] = probe.type ?? 'application/json';
    }
    const signals = [options.signal, options.timeoutMs ? AbortSignal.timeout(options.timeoutMs) : undefined];
    const active = signals.filter((signal): signal is AbortSignal => signal !== undefined);
    let answer: Answer;
    try {
      answer = await send(new URL(`${base.replace(/\/+$/, '')}${path}`), probe.method, headers, body, active);
    } catch (error) {
      throw new ProbeError(probe, results.length, error, options.timeoutMs);
    }
    let text = answer.text;
    const header = (name: string) => {
      const value = answer.headers[name];
      return value === undefined ? null : Array.isArray(value) ? value.join(', ') : value;
    };
    if (probe.remember && answer.status === 201) {
      const id = parseJson(text) as { id?: unknown } | undefined;
      if (typeof id?.id === 'string' || typeof id?.id === 'number') notes[probe.remember] = String(id.id);
    }
    if (probe.select && /json/.test(header('content-type') ?? '')) {
      const parsed = parseJson(text);
      if (parsed !== undefined) text = JSON.stringify(probe.select(parsed, notes));
    }
    results.push({
      probe,
      observed: describeObserved(answer.status, header, text, path.split('?')[0] ?? path),
    });
  }
  return results;
}

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
}

/**
 * One request through node:http(s), redirects not followed, the body read whole as UTF-8. Not fetch:
 * its first use loads undici (~25 ms of every `npm run grade`), and each answer passes web streams.
 * A kept-alive connection the server had already closed (uvicorn does after a 500) is reset before
 * anything was answered: then the request goes once more on a new connection, as Node's docs advise.
 */
function send(
  url: URL,
  method: string,
  headers: Record<string, string>,
  body: Uint8Array | undefined,
  signals: AbortSignal[],
  retried = false,
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const request = (url.protocol === 'https:' ? httpsRequest : httpRequest)(
      url,
      {
        method,
        headers: body ? { ...headers, 'Content-Length': String(body.byteLength) } : headers,
        ...(signals.length > 0
          ? { signal: signals.length === 1 ? signals[0] : AbortSignal.any(signals) }
          : {}),
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('error', reject);
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            headers: response.headers,
            text: Buffer.concat(chunks).toString('utf8'),
          }),
        );
      },
    );
    request.on('error', (error: NodeJS.ErrnoException) => {
      if (!retried && request.reusedSocket && error.code === 'ECONNRESET')
        resolve(send(url, method, headers, body, signals, true));
      else reject(error);
    });
    request.end(body);
  });
}

/** A request of the sequence got no answer: which one, and why (refused, reset, timed out). */
export class ProbeError extends Error {
  constructor(
    readonly probe: Probe,
    readonly index: number,
    cause: unknown,
    timeoutMs?: number,
  ) {
    const error = cause as { name?: string; code?: string; message?: string; cause?: { name?: string } };
    const reason =
      cause instanceof Error
        ? error.cause?.name === 'TimeoutError'
          ? `keine Antwort in ${Math.round((timeoutMs ?? 0) / 1000)} s`
          : (error.code ?? error.message ?? String(cause))
        : String(cause);
    super(reason, { cause });
    this.name = 'ProbeError';
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** Differences the reference solution makes on purpose (solution/README.md), by probe name and field. */
export const deliberateDifferences: Record<string, Array<keyof Observed>> = {
  'HEAD /': ['status', 'allow', 'type', 'body'],
  'PATCH /notes/{id}': ['allow'],
  'PUT /notes': ['allow'],
  'DELETE /': ['allow'],
  'OPTIONS ohne Preflight': ['allow'],
  'POST NUL im Titel': ['status', 'body'],
  'POST ohne Content-Type': ['status', 'body'],
  DELETE: ['type'],
};

export interface Difference {
  probe: string;
  field: keyof Observed;
  lesson: unknown;
  solution: unknown;
  deliberate: boolean;
}

export function compareRuns(
  lesson: Array<{ probe: Probe; observed: Observed }>,
  solution: Array<{ probe: Probe; observed: Observed }>,
): Difference[] {
  const differences: Difference[] = [];
  for (const [index, { probe, observed }] of lesson.entries()) {
    const other = solution[index]?.observed;
    if (!other) continue;
    for (const field of Object.keys(observed) as Array<keyof Observed>) {
      if (JSON.stringify(observed[field]) === JSON.stringify(other[field])) continue;
      differences.push({
        probe: probe.name,
        field,
        lesson: observed[field],
        solution: other[field],
        deliberate: deliberateDifferences[probe.name]?.includes(field) ?? false,
      });
    }
  }
  return differences;
}
