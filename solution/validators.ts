import { Ajv, type ValidateFunction } from 'ajv';
import { AJV_OPTIONS, DATE_TIME, type NoteInput, VALIDATED_SCHEMAS } from './schemas.ts';

/**
 * The solution's validators, compiled once. From source (tests, tsx, the container build) ajv compiles
 * them here; the bundles of scripts/build.ts get the same validators as ajv standalone code made at
 * build time, so `npm run grade`, which starts the reference solution for the API check, does not
 * compile schemas (and ajv's meta-schema) on every run.
 */
const ajv = new Ajv(AJV_OPTIONS).addFormat('date-time', DATE_TIME);
const compile = (name: keyof typeof VALIDATED_SCHEMAS): ValidateFunction<unknown> =>
  ajv.compile(VALIDATED_SCHEMAS[name]);

export const validateCreate = compile('validateCreate') as ValidateFunction<NoteInput>;
export const validateUpdate = compile('validateUpdate') as ValidateFunction<NoteInput>;
/** A note as the Note model stores it (objection validates before insert), and as a patch. */
export const validateNote = compile('validateNote');
export const validateNotePatch = compile('validateNotePatch');
