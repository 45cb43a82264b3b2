/** Where in a source file something is; lines and columns are 1-based. */
export interface SourcePlace {
  file: string;
  line?: number;
  column?: number;
}

export type LessonErrorCode =
  | 'not-found'
  | 'unknown-lesson'
  | 'empty'
  | 'binary'
  | 'invalid-utf8'
  | 'mojibake'
  | 'frontmatter'
  | 'unterminated-fence'
  | 'structure'
  | 'overlay'
  | 'usage';

/**
 * The one error type the lesson tools throw for bad input. `message` is German and meant for the
 * learner; `place` lets the CLI print `file:line:column` in front of it.
 */
export class LessonError extends Error {
  readonly code: LessonErrorCode;
  readonly place: SourcePlace | undefined;

  constructor(code: LessonErrorCode, message: string, place?: SourcePlace) {
    super(message);
    this.name = 'LessonError';
    this.code = code;
    this.place = place;
  }
}

export function formatPlace(place: SourcePlace): string {
  let text = place.file;
  if (place.line !== undefined) {
    text += `:${place.line}`;
    if (place.column !== undefined) text += `:${place.column}`;
  }
  return text;
}

/** `file:line:column: message`, the form editors and terminals turn into links. */
export function formatLessonError(error: LessonError): string {
  return error.place ? `${formatPlace(error.place)}: ${error.message}` : error.message;
}
