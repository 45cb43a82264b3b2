import { parse } from 'csv-parse/sync';
import pLimit from 'p-limit';
import type { Lesson } from '../runner/model.ts';
import { secretsFromEnv } from '../runner/redact.ts';
import { type GradeOptions, gradeLearner, lessonCheckIds, lessonTitle, scrubReport } from './grade.ts';
import type { ClassReport, GradeReport } from './report-model.ts';

/** One row of the class list: who, which AWS profile holds their sandbox, where their API runs. */
export interface Student {
  name: string;
  profile?: string;
  apiUrl?: string;
  /** Line in the CSV file, for messages. */
  line: number;
}

export class RosterError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RosterError';
  }
}

const COLUMN_NAMES: Record<string, keyof Omit<Student, 'line'>> = {
  name: 'name',
  profil: 'profile',
  profile: 'profile',
  'aws-profil': 'profile',
  'aws-profile': 'profile',
  api: 'apiUrl',
  'api-url': 'apiUrl',
  apiurl: 'apiUrl',
  'api-adresse': 'apiUrl',
};

/** The class list (`name,profile,api_url`; comma or semicolon, as spreadsheet programs write it). */
export function parseRoster(text: string): Student[] {
  const source = text.replace(/^\uFEFF/, '');
  const firstLine = source.split(/\r?\n/, 1)[0] ?? '';
  const delimiter = (firstLine.match(/;/g)?.length ?? 0) > (firstLine.match(/,/g)?.length ?? 0) ? ';' : ',';
  let rows: Array<{ record: string[]; info: { lines: number } }>;
  try {
    rows = parse(source, {
      delimiter,
      skip_empty_lines: true,
      trim: true,
      relax_column_count: true,
      info: true,
    }) as unknown as Array<{ record: string[]; info: { lines: number } }>;
  } catch (error) {
    throw new RosterError(`Die Klassenliste ist keine gültige CSV-Datei: ${(error as Error).message}`);
  }
  const header = rows[0]?.record;
  const body = rows.slice(1);
  if (!header) throw new RosterError('Die Klassenliste ist leer.');
  if (body.length === 0) throw new RosterError('Die Klassenliste nennt niemanden: nur die Kopfzeile.');
  const columns = header.map((title) => COLUMN_NAMES[title.toLowerCase().replace(/[\s_]+/g, '-')]);
  if (!columns.includes('name'))
    throw new RosterError(
      `Der Klassenliste fehlt die Spalte „name“ (gefunden: ${header.join(', ')}). Erwartet: name,profile,api_url`,
    );
  const seen = new Set<string>();
  return body.map(({ record, info }) => {
    // The line a row ends on in the file (a quoted value may span lines).
    const student: Student = { name: '', line: info.lines };
    for (const [column, value] of record.entries()) {
      const key = columns[column];
      if (key && value !== '') student[key] = value;
    }
    if (student.name === '')
      throw new RosterError(`Zeile ${student.line} der Klassenliste hat keinen Namen.`);
    if (seen.has(student.name))
      throw new RosterError(`„${student.name}“ steht zweimal in der Klassenliste (Zeile ${student.line}).`);
    seen.add(student.name);
    if (student.apiUrl && !/^https?:\/\/[^\s/]+/.test(student.apiUrl))
      throw new RosterError(`Zeile ${student.line}: „${student.apiUrl}“ ist keine http(s)-Adresse.`);
    if (student.profile && !/^[\w.+=,@-]+$/.test(student.profile))
      throw new RosterError(`Zeile ${student.line}: „${student.profile}“ ist kein gültiger AWS-Profilname.`);
    return student;
  });
}

/** The environment for one student: their profile replaces whatever keys the instructor's shell holds. */
export function studentEnv(base: NodeJS.ProcessEnv, profile: string | undefined): NodeJS.ProcessEnv {
  if (!profile) return base;
  const env: NodeJS.ProcessEnv = { ...base, AWS_PROFILE: profile };
  for (const name of ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN']) delete env[name];
  return env;
}

export interface ClassOptions extends Omit<GradeOptions, 'student' | 'apiUrl' | 'instructor' | 'env'> {
  env: NodeJS.ProcessEnv;
  students: Student[];
  concurrency: number;
  onProgress?: (done: number, total: number, report: GradeReport) => void;
}

/** Grades a whole class, a few at a time; one student's broken sandbox never stops the others. */
export async function gradeClass(options: ClassOptions): Promise<ClassReport> {
  const started = new Date();
  const limit = pLimit(Math.max(1, options.concurrency));
  let done = 0;
  const students = await Promise.all(
    options.students.map((student) =>
      limit(async () => {
        let report: GradeReport;
        try {
          report = await gradeLearner({
            ...options,
            env: studentEnv(options.env, student.profile),
            instructor: true,
            student: student.name,
            ...(student.apiUrl ? { apiUrl: student.apiUrl } : {}),
          });
        } catch (error) {
          report = failedReport(options.lesson, student, error, secretsFromEnv(options.env));
        }
        done += 1;
        options.onProgress?.(done, options.students.length, report);
        return report;
      }),
    ),
  );
  const ids = new Set(lessonCheckIds(options.lesson, options.checks));
  return {
    lesson: { id: options.lesson.meta.id, title: lessonTitle(options.lesson) },
    startedAt: started.toISOString(),
    durationMs: Date.now() - started.getTime(),
    checks: options.checks
      .filter((check) => ids.has(check.id))
      .map((check) => ({ id: check.id, title: check.title, bonus: check.bonus ?? false })),
    students,
  };
}

function failedReport(lesson: Lesson, student: Student, error: unknown, secrets: string[]): GradeReport {
  return scrubReport(
    {
      lesson: { id: lesson.meta.id, title: lessonTitle(lesson), file: lesson.file },
      student: student.name,
      mode: 'instructor',
      apiUrl: student.apiUrl ?? null,
      region: '',
      startedAt: new Date().toISOString(),
      durationMs: 0,
      passed: false,
      total: { points: 0, earned: 0, percent: 0, bonusPoints: 0, bonusEarned: 0 },
      checks: [],
      items: [],
      selfAssessed: [],
      error: `Bewertung nicht möglich: ${error instanceof Error ? error.message : String(error)}`,
    },
    secrets,
  );
}
