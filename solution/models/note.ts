import { type JSONSchema, Model } from 'objection';
import { NoteResponse } from '../schemas.ts';

export class Note extends Model {
  id!: string;
  title!: string;
  content!: string;
  created_at!: string;
  seq?: number;

  static override tableName = 'notes';
  static override idColumn = 'id';
  static override jsonSchema = NoteResponse as unknown as JSONSchema;

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
