import type { NoteIds, Probe } from '../solution/contract.ts';

/**
 * The request sequence of the API check: what a client of the CloudNotes API relies on, in the order
 * the lesson tests it (Teil 4.8). It runs against a live API that may hold notes of its own, so lists
 * are narrowed to the notes this sequence created, and error bodies to what a client reads (type and
 * place of each error, not the wording of a pydantic version). Everything created is deleted again.
 */

const json = (value: unknown) => JSON.stringify(value);
const note =
  (name: string) =>
  (notes: NoteIds): string =>
    `/notes/${encodeURIComponent(notes[name] ?? 'nicht-angelegt')}`;

/**
 * The list as a client reads it: the order of the notes this sequence created (by their names in the
 * sequence, newest first) and the fields each note has.
 */
function ownNotes(body: unknown, notes: NoteIds): unknown {
  if (!Array.isArray(body)) return body;
  const names = new Map(Object.entries(notes).map(([name, id]) => [id, name]));
  const own = body.filter(
    (item): item is Record<string, unknown> =>
      Boolean(item) && typeof item === 'object' && names.has(String((item as { id?: unknown }).id)),
  );
  return {
    reihenfolge: own.map((item) => names.get(String(item.id))),
    felder: [...new Set(own.flatMap((item) => Object.keys(item)))].sort(),
  };
}

/** 422 bodies: which error at which place, not the validator's prose. */
function errorKinds(body: unknown): unknown {
  const detail = (body as { detail?: unknown } | null)?.detail;
  if (!Array.isArray(detail)) return body;
  return {
    detail: detail.map((item) => ({
      type: (item as { type?: unknown }).type,
      loc: (item as { loc?: unknown }).loc,
    })),
  };
}

const ORIGIN = { Origin: 'http://frontend.example' };

export const apiCheckProbes: Probe[] = [
  { name: 'GET /', method: 'GET', path: '/' },
  { name: 'GET /health', method: 'GET', path: '/health' },
  { name: 'GET /docs', method: 'GET', path: '/docs' },
  { name: 'GET /openapi.json', method: 'GET', path: '/openapi.json' },
  {
    name: 'POST /notes (anlegen)',
    method: 'POST',
    path: '/notes',
    body: json({ title: 'Prüfnotiz A', content: 'Angelegt von der automatischen Prüfung' }),
    remember: 'A',
  },
  {
    name: 'POST /notes (zweite Notiz)',
    method: 'POST',
    path: '/notes',
    body: json({ title: 'Prüfnotiz B', content: 'Grüße aus der Prüfung' }),
    remember: 'B',
  },
  { name: 'GET /notes (neueste zuerst)', method: 'GET', path: '/notes', select: ownNotes },
  { name: 'GET /notes/{id}', method: 'GET', path: note('A') },
  {
    name: 'PUT /notes/{id} (nur Titel)',
    method: 'PUT',
    path: note('A'),
    body: json({ title: 'Prüfnotiz A2' }),
  },
  { name: 'DELETE /notes/{id}', method: 'DELETE', path: note('A') },
  { name: 'GET /notes/{id} nach dem Löschen (404)', method: 'GET', path: note('A') },
  {
    name: 'POST /notes ohne Titel (422)',
    method: 'POST',
    path: '/notes',
    body: json({ content: 'ohne Titel' }),
    select: errorKinds,
  },
  {
    name: 'POST /notes mit leerem Titel (422)',
    method: 'POST',
    path: '/notes',
    body: json({ title: '', content: 'c' }),
    select: errorKinds,
  },
  { name: 'GET /notes mit Origin (CORS)', method: 'GET', path: '/notes', headers: ORIGIN, select: ownNotes },
  {
    name: 'OPTIONS /notes (CORS-Preflight)',
    method: 'OPTIONS',
    path: '/notes',
    headers: { ...ORIGIN, 'Access-Control-Request-Method': 'POST' },
  },
  { name: 'DELETE /notes/{id} (aufräumen)', method: 'DELETE', path: note('B') },
];

/** What of each response the check compares: status, media type, CORS header and the body. */
export const comparedFields = ['status', 'type', 'cors', 'body'] as const;
