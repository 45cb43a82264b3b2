import type { YAMLError } from 'yaml';

/** German wording for the yaml library's error codes; the library's English detail follows in brackets. */
const GERMAN: Partial<Record<YAMLError['code'], string>> = {
  BAD_INDENT: 'die Einrückung passt nicht',
  TAB_AS_INDENT: 'Tabulatoren sind als Einrückung nicht erlaubt',
  MISSING_CHAR: 'ein schließendes Zeichen fehlt (Anführungszeichen oder Klammer)',
  MULTILINE_IMPLICIT_KEY: 'ein Schlüssel geht über mehrere Zeilen (fehlt ein Anführungszeichen?)',
  BLOCK_AS_IMPLICIT_KEY: 'hier steht ein Block, wo ein Schlüssel erwartet wird',
  DUPLICATE_KEY: 'ein Schlüssel steht doppelt',
  UNEXPECTED_TOKEN: 'unerwartetes Zeichen',
  BAD_SCALAR_START: 'ein Wert beginnt mit einem Zeichen, das Anführungszeichen braucht',
  BAD_DQ_ESCAPE: 'ungültige Escape-Sequenz in Anführungszeichen',
  MULTIPLE_DOCS: 'mehrere YAML-Dokumente in einer Datei',
};

export interface YamlProblem {
  message: string;
  line?: number;
  column?: number;
}

export function yamlProblem(error: YAMLError): YamlProblem {
  const detail = (error.message.split(/\r?\n/)[0] ?? error.message).replace(
    / at line \d+, column \d+:?$/,
    '',
  );
  const german = GERMAN[error.code];
  const problem: YamlProblem = { message: german ? `${german} (${detail})` : detail };
  const place = error.linePos?.[0];
  if (place) {
    problem.line = place.line;
    problem.column = place.col;
  }
  return problem;
}
