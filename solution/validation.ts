import type { ErrorObject } from 'ajv';
import { NOTE_FIELDS, type NoteField } from './schemas.ts';

/**
 * ajv's errors in the wire format of the lesson's FastAPI app (pydantic v2):
 * `{"type","loc","msg","input","ctx"}`, all errors at once, in field order.
 */
export interface ValidationIssue {
  type: string;
  loc: Array<string | number>;
  msg: string;
  input: unknown;
  ctx?: Record<string, unknown>;
}

export function issuesFromAjv(errors: ErrorObject[], body: Record<string, unknown>): ValidationIssue[] {
  const byField = new Map<NoteField, ValidationIssue>();
  for (const error of errors) {
    const field = (
      error.keyword === 'required'
        ? (error.params as { missingProperty: string }).missingProperty
        : error.instancePath.slice(1)
    ) as NoteField;
    if (!NOTE_FIELDS.includes(field) || byField.has(field)) continue;
    const input = body[field];
    switch (error.keyword) {
      case 'required':
        byField.set(field, { type: 'missing', loc: ['body', field], msg: 'Field required', input: body });
        break;
      case 'type':
        byField.set(field, {
          type: 'string_type',
          loc: ['body', field],
          msg: 'Input should be a valid string',
          input,
        });
        break;
      case 'minLength': {
        const limit = (error.params as { limit: number }).limit;
        byField.set(field, {
          type: 'string_too_short',
          loc: ['body', field],
          msg: `String should have at least ${limit} character${limit === 1 ? '' : 's'}`,
          input,
          ctx: { min_length: limit },
        });
        break;
      }
      case 'maxLength': {
        const limit = (error.params as { limit: number }).limit;
        byField.set(field, {
          type: 'string_too_long',
          loc: ['body', field],
          msg: `String should have at most ${limit} characters`,
          input,
          ctx: { max_length: limit },
        });
        break;
      }
      default:
        byField.set(field, {
          type: error.keyword,
          loc: ['body', field],
          msg: error.message ?? 'Invalid',
          input,
        });
    }
  }
  return NOTE_FIELDS.flatMap((field) => byField.get(field) ?? []);
}

/**
 * Characters no database stores the same way: NUL (PostgreSQL refuses it, the FastAPI app then
 * answers 500) and lone surrogates (not encodable as UTF-8). Rejected as 422 on every database.
 */
export function unstorableIssues(body: Record<string, unknown>): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  for (const field of NOTE_FIELDS) {
    const value = body[field];
    if (typeof value !== 'string') continue;
    if (value.includes('\u0000')) {
      issues.push({
        type: 'string_pattern_mismatch',
        loc: ['body', field],
        msg: "String should match pattern '^[^\\x00]*$'",
        input: value,
        ctx: { pattern: '^[^\\x00]*$' },
      });
    } else if (!value.isWellFormed()) {
      issues.push({
        type: 'string_unicode',
        loc: ['body', field],
        msg: 'Input should be a valid string, unable to parse raw data as a unicode string',
        input: value.toWellFormed(),
      });
    }
  }
  return issues;
}
