/**
 * The request and response schemas of the CloudNotes API. The same objects are the OpenAPI
 * components (openapi.ts) and what ajv validates requests with (validators.ts).
 */

export const NoteCreate = {
  type: 'object',
  title: 'NoteCreate',
  properties: {
    title: { type: 'string', minLength: 1, maxLength: 200, title: 'Title', examples: ['Einkaufsliste'] },
    content: { type: 'string', minLength: 1, title: 'Content', examples: ['Milch, Brot, Eier'] },
  },
  required: ['title', 'content'],
} as const;

/** `null` means "not given" (the lesson's `str | None = None`); JSON Schema 2020-12 type lists, valid in OpenAPI 3.1. */
export const NoteUpdate = {
  type: 'object',
  title: 'NoteUpdate',
  properties: {
    title: { type: ['string', 'null'], minLength: 1, maxLength: 200, title: 'Title' },
    content: { type: ['string', 'null'], minLength: 1, title: 'Content' },
  },
} as const;

export const NoteResponse = {
  type: 'object',
  title: 'NoteResponse',
  properties: {
    id: { type: 'string', title: 'Id' },
    title: { type: 'string', title: 'Title' },
    content: { type: 'string', title: 'Content' },
    created_at: { type: 'string', format: 'date-time', title: 'Created At' },
  },
  required: ['id', 'title', 'content', 'created_at'],
} as const;

export const ValidationError = {
  type: 'object',
  title: 'ValidationError',
  properties: {
    loc: { type: 'array', title: 'Location', items: { anyOf: [{ type: 'string' }, { type: 'integer' }] } },
    msg: { type: 'string', title: 'Message' },
    type: { type: 'string', title: 'Error Type' },
    input: { title: 'Input' },
    ctx: { type: 'object', title: 'Context' },
  },
  required: ['loc', 'msg', 'type'],
} as const;

export const HTTPValidationError = {
  type: 'object',
  title: 'HTTPValidationError',
  properties: {
    detail: { type: 'array', title: 'Detail', items: { $ref: '#/components/schemas/ValidationError' } },
  },
} as const;

/** The fields in schema order: pydantic reports errors title first, then content. */
export const NOTE_FIELDS = ['title', 'content'] as const;
export type NoteField = (typeof NOTE_FIELDS)[number];

export interface NoteInput {
  title?: string | null;
  content?: string | null;
}

/** A stored note as a patch sees it: the same fields, none of them required. */
export const NotePatch = { ...NoteResponse, title: 'NotePatch', required: [] } as const;

/** RFC 3339 date-time, as `format: date-time` means in NoteResponse (`created_at`). */
export const DATE_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:\d\d)$/i;

/** How ajv reads these schemas, the same at run time (validators.ts) and at build time (scripts/build.ts). */
export const AJV_OPTIONS = { allErrors: true, strict: true, strictTypes: false } as const;

/**
 * Every validator of the solution by its export name: requests (create, update) and the Note model's
 * records (insert, patch). validators.ts compiles them from source; scripts/build.ts makes them
 * standalone code for the bundles.
 */
export const VALIDATED_SCHEMAS = {
  validateCreate: NoteCreate,
  validateUpdate: NoteUpdate,
  validateNote: NoteResponse,
  validateNotePatch: NotePatch,
} as const;
