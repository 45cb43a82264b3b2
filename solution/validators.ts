import { Ajv } from 'ajv';
import { AJV_OPTIONS, NoteCreate, type NoteInput, NoteUpdate } from './schemas.ts';

/**
 * The request validators, compiled once. From source (tests, tsx, the container build) ajv compiles
 * them here; the bundles of scripts/build.ts get the same validators as ajv standalone code made at
 * build time, so `npm run grade`, which starts the reference solution for the API check, does not
 * compile schemas (and ajv's meta-schema) on every run.
 */
const ajv = new Ajv(AJV_OPTIONS);

export const validateCreate = ajv.compile<NoteInput>(NoteCreate);
export const validateUpdate = ajv.compile<NoteInput>(NoteUpdate);
