import type { ExpectedOutput } from './model.ts';

/**
 * Compares what a step printed with what the lesson shows, the way a reader would: JSON examples by
 * shape (their values are examples), an "Erwartete Antwort" exactly, `Login Succeeded` as a substring,
 * `aws-cli/2.x.x` as a version pattern, sample output loosely. Pure; the text is German.
 */
export interface ExpectationResult {
  /** pass: matches; fail: does not; info: a sample output that only partly matches (not an error). */
  verdict: 'pass' | 'fail' | 'info';
  message: string;
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export function checkExpectation(
  expected: ExpectedOutput,
  output: string,
  fill: (text: string) => string,
): ExpectationResult {
  const want = fill(expected.text).trim();
  switch (expected.match) {
    case 'exact':
      return exact(want, output);
    case 'json-shape':
      return jsonShape(want, output);
    case 'substring':
      return output.includes(want)
        ? { verdict: 'pass', message: `Ausgabe enthält „${want}“.` }
        : { verdict: 'fail', message: `Erwartet „${want}“ in der Ausgabe, gefunden: ${excerpt(output)}.` };
    case 'pattern':
      return versionPattern(want, output);
    case 'sample':
      return sample(want, output);
  }
}

function exact(want: string, output: string): ExpectationResult {
  const wantJson = parseJson(want);
  const gotJson = wantJson === undefined ? undefined : firstJson(output);
  if (wantJson !== undefined && gotJson !== undefined) {
    const difference = firstDifference(wantJson, gotJson, '');
    return difference
      ? { verdict: 'fail', message: `Antwort weicht ab: ${difference}.` }
      : { verdict: 'pass', message: 'Antwort stimmt genau mit der Lektion überein.' };
  }
  if (output.trim() === want)
    return { verdict: 'pass', message: 'Ausgabe stimmt genau mit der Lektion überein.' };
  return { verdict: 'fail', message: `Erwartet genau ${excerpt(want)}, gefunden ${excerpt(output)}.` };
}

function jsonShape(want: string, output: string): ExpectationResult {
  const wantJson = parseJson(want);
  if (wantJson === undefined) return sample(want, output);
  const got = firstJson(output);
  if (got === undefined)
    return { verdict: 'fail', message: `Erwartet eine JSON-Antwort, gefunden ${excerpt(output)}.` };
  const difference = shapeDifference(wantJson, got, '');
  return difference
    ? { verdict: 'fail', message: `Die JSON-Antwort hat eine andere Form: ${difference}.` }
    : { verdict: 'pass', message: 'JSON-Antwort hat die erwartete Form (Werte der Lektion sind Beispiele).' };
}

/** `aws-cli/2.x.x`: each `x` stands for a number. */
function versionPattern(want: string, output: string): ExpectationResult {
  const source = want
    .split(/(?<=^|[./-])x(?=[./-]|$)/)
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('\\d+');
  const found = new RegExp(source).exec(output);
  if (found) return { verdict: 'pass', message: `Gefunden: ${found[0]} (erwartet: ${want}).` };
  const prefix = want.split(/[0-9x]/)[0] ?? '';
  const near = prefix
    ? new RegExp(`${prefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\S*`).exec(output)?.[0]
    : undefined;
  return {
    verdict: 'fail',
    message: near
      ? `Erwartet ${want}, gefunden ${near}.`
      : `Erwartet etwas wie ${want}, gefunden ${excerpt(output)}.`,
  };
}

/** Normalises lines of build and push logs: step counters, hex ids and digests vary from run to run. */
function normaliseLine(line: string): string {
  return line
    .replace(/^\s*(\[\d+\/\d+\]|Step \d+\/\d+ :|#\d+ \[[^\]]*\])\s*/, '')
    .replace(/sha256:[0-9a-f.]+/g, 'sha256:<digest>')
    .replace(/\b[0-9a-f]{12}\b/g, '<id>')
    .replace(/\b\d{12}\b/g, '<account>')
    .replace(/size: \d+/g, 'size: <n>')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Sample output with `...`: the recognisable lines should appear; a partial match is only information. */
function sample(want: string, output: string): ExpectationResult {
  const lines = want
    .split(/\r?\n/)
    .map(normaliseLine)
    .filter((line) => line !== '' && !/^(\.\.\.|…)$/.test(line));
  const got = output.split(/\r?\n/).map(normaliseLine);
  const found = lines.filter((line) =>
    got.some((candidate) => candidate.includes(line.replace(/\.\.\.|…/g, '').trim())),
  );
  if (lines.length === 0 || found.length === lines.length) {
    return { verdict: 'pass', message: 'Die Ausgabe sieht aus wie das Beispiel der Lektion.' };
  }
  const missing = lines.filter((line) => !found.includes(line));
  return {
    verdict: 'info',
    message: `${found.length} von ${lines.length} Beispielzeilen wiedererkannt (Beispielausgabe, kein Fehler); nicht gesehen: „${missing[0]}“.`,
  };
}

function parseJson(text: string): Json | undefined {
  try {
    return JSON.parse(text) as Json;
  } catch {
    return undefined;
  }
}

/** The first JSON value in a command's output (the CLI may print other lines around it). */
function firstJson(output: string): Json | undefined {
  const whole = parseJson(output.trim());
  if (whole !== undefined) return whole;
  const start = output.search(/[[{]/);
  if (start === -1) return undefined;
  for (
    let end = output.length;
    end > start;
    end = output.lastIndexOf(output[start] === '{' ? '}' : ']', end - 1)
  ) {
    const candidate = parseJson(output.slice(start, end));
    if (candidate !== undefined) return candidate;
    if (end <= start + 1) break;
  }
  return undefined;
}

function kind(value: Json): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'Liste';
  if (typeof value === 'object') return 'Objekt';
  const names: Record<string, string> = { string: 'Text', number: 'Zahl', boolean: 'Wahrheitswert' };
  return names[typeof value] ?? typeof value;
}

function shapeDifference(want: Json, got: Json, path: string): string | undefined {
  if (kind(want) !== kind(got)) return `${path || 'Wurzel'}: erwartet ${kind(want)}, gefunden ${kind(got)}`;
  if (Array.isArray(want) && Array.isArray(got)) {
    if (want.length > 0 && got.length === 0)
      return `${path || 'Wurzel'}: erwartet mindestens einen Eintrag, gefunden eine leere Liste`;
    const [first] = want;
    if (first === undefined) return undefined;
    for (const [index, item] of got.entries()) {
      const difference = shapeDifference(first, item, `${path}[${index}]`);
      if (difference) return difference;
    }
    return undefined;
  }
  if (kind(want) === 'Objekt') {
    const wantObject = want as Record<string, Json>;
    const gotObject = got as Record<string, Json>;
    for (const [key, value] of Object.entries(wantObject)) {
      const where = path ? `${path}.${key}` : key;
      if (!(key in gotObject)) return `„${where}“ fehlt`;
      const difference = shapeDifference(value, gotObject[key] as Json, where);
      if (difference) return difference;
    }
  }
  return undefined;
}

function firstDifference(want: Json, got: Json, path: string): string | undefined {
  const where = path || 'Wurzel';
  if (kind(want) !== kind(got)) return `${where}: erwartet ${kind(want)}, gefunden ${kind(got)}`;
  if (Array.isArray(want) && Array.isArray(got)) {
    if (want.length !== got.length)
      return `${where}: erwartet ${want.length} Einträge, gefunden ${got.length}`;
    for (const [index, item] of want.entries()) {
      const difference = firstDifference(item, got[index] as Json, `${path}[${index}]`);
      if (difference) return difference;
    }
    return undefined;
  }
  if (kind(want) === 'Objekt') {
    const wantObject = want as Record<string, Json>;
    const gotObject = got as Record<string, Json>;
    for (const key of new Set([...Object.keys(wantObject), ...Object.keys(gotObject)])) {
      const at = path ? `${path}.${key}` : key;
      if (!(key in gotObject)) return `„${at}“ fehlt`;
      if (!(key in wantObject)) return `„${at}“ ist zu viel`;
      const difference = firstDifference(wantObject[key] as Json, gotObject[key] as Json, at);
      if (difference) return difference;
    }
    return undefined;
  }
  return want === got
    ? undefined
    : `${where}: erwartet ${JSON.stringify(want)}, gefunden ${JSON.stringify(got)}`;
}

function excerpt(text: string, max = 80): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat === '') return '(keine Ausgabe)';
  return `„${flat.length > max ? `${flat.slice(0, max - 1)}…` : flat}“`;
}
