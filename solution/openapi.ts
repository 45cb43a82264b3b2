import { HTTPValidationError, NoteCreate, NoteResponse, NoteUpdate, ValidationError } from './schemas.ts';

/** OpenAPI 3.1 of the CloudNotes API, with the lesson's German descriptions. Built once. */

const json = (schema: unknown) => ({ 'application/json': { schema } });
const validation = {
  '422': {
    description: 'Validation Error',
    content: json({ $ref: '#/components/schemas/HTTPValidationError' }),
  },
};
const noteId = [
  { name: 'note_id', in: 'path', required: true, schema: { type: 'string', title: 'Note Id' } },
];
const note = json({ $ref: '#/components/schemas/NoteResponse' });
const notFound = {
  '404': {
    description: 'Notiz nicht gefunden',
    content: json({ type: 'object', properties: { detail: { type: 'string' } } }),
  },
};

export const openApiDocument = {
  openapi: '3.1.0',
  info: {
    title: 'CloudNotes API',
    description: 'Eine einfache Notiz-API, deployed in der AWS Cloud',
    version: '1.0.0',
  },
  paths: {
    '/': {
      get: {
        summary: 'Root',
        operationId: 'root__get',
        responses: { '200': { description: 'Successful Response', content: json({}) } },
      },
    },
    '/health': {
      get: {
        summary: 'Health Check',
        description: 'Meldet, ob die Datenbank erreichbar ist',
        operationId: 'health_check_health_get',
        responses: {
          '200': { description: 'Successful Response', content: json({}) },
          '503': { description: 'Datenbank nicht erreichbar', content: json({}) },
        },
      },
    },
    '/notes': {
      get: {
        summary: 'Get Notes',
        description: 'Alle Notizen abrufen',
        operationId: 'get_notes_notes_get',
        responses: {
          '200': {
            description: 'Successful Response',
            content: json({
              type: 'array',
              items: { $ref: '#/components/schemas/NoteResponse' },
              title: 'Response Get Notes Notes Get',
            }),
          },
        },
      },
      post: {
        summary: 'Create Note',
        description: 'Neue Notiz erstellen',
        operationId: 'create_note_notes_post',
        requestBody: { required: true, content: json({ $ref: '#/components/schemas/NoteCreate' }) },
        responses: { '201': { description: 'Successful Response', content: note }, ...validation },
      },
    },
    '/notes/{note_id}': {
      get: {
        summary: 'Get Note',
        description: 'Eine Notiz nach ID abrufen',
        operationId: 'get_note_notes__note_id__get',
        parameters: noteId,
        responses: {
          '200': { description: 'Successful Response', content: note },
          ...notFound,
          ...validation,
        },
      },
      put: {
        summary: 'Update Note',
        description: 'Eine Notiz aktualisieren',
        operationId: 'update_note_notes__note_id__put',
        parameters: noteId,
        requestBody: { required: true, content: json({ $ref: '#/components/schemas/NoteUpdate' }) },
        responses: {
          '200': { description: 'Successful Response', content: note },
          ...notFound,
          ...validation,
        },
      },
      delete: {
        summary: 'Delete Note',
        description: 'Eine Notiz löschen',
        operationId: 'delete_note_notes__note_id__delete',
        parameters: noteId,
        responses: { '204': { description: 'Successful Response' }, ...notFound, ...validation },
      },
    },
  },
  components: { schemas: { HTTPValidationError, NoteCreate, NoteResponse, NoteUpdate, ValidationError } },
};

export const openApiJson = JSON.stringify(openApiDocument);
