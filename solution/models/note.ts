import { type JSONSchema, Model, Validator, type ValidatorArgs } from 'objection';
import { NoteResponse } from '../schemas.ts';
import { validateNote, validateNotePatch } from '../validators.ts';

/**
 * The model's jsonSchema checked with the validators compiled once (standalone in the bundles), not
 * with the two Ajv instances objection would build and compile on the first insert of every process.
 */
class NoteValidator extends Validator {
  override validate({ json, options }: ValidatorArgs): object {
    const validate = options.patch ? validateNotePatch : validateNote;
    if (!validate(json)) {
      throw Note.createValidationError({
        type: 'ModelValidation',
        message: (validate.errors ?? []).map((error) => `${error.instancePath} ${error.message}`).join(', '),
        data: validate.errors,
      });
    }
    return json;
  }
}

export class Note extends Model {
  id!: string;
  title!: string;
  content!: string;
  created_at!: string;
  seq?: number;

  static override tableName = 'notes';
  static override idColumn = 'id';
  static override jsonSchema = NoteResponse as unknown as JSONSchema;

  static override createValidator(): Validator {
    return new NoteValidator();
  }

  /** PostgreSQL gives `timestamptz` back as a Date; SQLite keeps the ISO text it was given. */
  override $parseDatabaseJson(json: Record<string, unknown>): Record<string, unknown> {
    const parsed = super.$parseDatabaseJson(json);
    if (parsed.created_at instanceof Date) parsed.created_at = parsed.created_at.toISOString();
    return parsed;
  }

  /** The wire format: the lesson's key order, nothing else. */
  toResponse(): { id: string; title: string; content: string; created_at: string } {
    return { id: this.id, title: this.title, content: this.content, created_at: this.created_at };
  }
}
