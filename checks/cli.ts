#!/usr/bin/env node
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Command } from 'commander';
import pc from 'picocolors';
import { germanCli, isEntryPoint, parseCli, runAsProcess } from '../runner/cli-common.ts';
import { formatLessonError, LessonError } from '../runner/errors.ts';
import { bundledLessonCache, defaultLessonsDir, findLesson, loadLessonFile } from '../runner/load.ts';
import { configuredRegion } from './aws-config.ts';
import { gradeLearner } from './grade.ts';
import { renderClassHtml } from './report/html.ts';
import { renderJunit } from './report/junit.ts';
import { formatPercent } from './report/labels.ts';
import { renderMarkdown } from './report/markdown.ts';
import { renderText } from './report/text.ts';
import type { ClassReport, GradeReport } from './report-model.ts';
import { gradeClass, parseRoster, RosterError, studentEnv } from './roster.ts';
import { statusLine } from './status-line.ts';
import type { CheckStatus } from './types.ts';

/**
 * `npm run grade 30.1`: every check of a lesson, as a German table (or JSON, Markdown, JUnit); for a
 * learner on their own machine, an instructor looking at one sandbox (`--profile`, `--api-url`), or a
 * whole class (`--roster`). Exit code 0 only when every required item passes.
 */

export interface GradeIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  cwd: string;
  env: NodeJS.ProcessEnv;
  color: boolean;
  /** stderr is a terminal: show a status line while checks take longer (its width in columns). */
  statusColumns?: number;
}

interface GradeCliOptions {
  json?: boolean;
  markdown?: boolean;
  junit?: string;
  profile?: string;
  apiUrl?: string;
  instructor?: boolean;
  region?: string;
  roster?: string;
  out?: string;
  concurrency: string;
  timeLimit: string;
  detail?: boolean;
  file?: string;
  lessonsDir?: string;
}

function program(io: GradeIo): Command {
  return germanCli(new Command('grade'), io)
    .description('Prüft alle Punkte einer Lektion und bewertet sie (für Lernende, Lehrende und CI).')
    .argument('<id>', 'Nummer der Lektion, z. B. 30.1')
    .option('--json', 'den Bericht als JSON ausgeben (Schema: schemas/grade-report.schema.json)')
    .option('--markdown', 'den Bericht als Markdown ausgeben')
    .option('--junit <datei>', 'zusätzlich einen JUnit-Bericht schreiben (für CI)')
    .option('--profile <name>', 'AWS-Profil der zu prüfenden Person (Lehrenden-Modus)')
    .option('--api-url <url>', 'Adresse der API (Standard: http://localhost:8000)')
    .option('--instructor', 'Lehrenden-Modus: Prüfungen am Rechner der Person werden übersprungen')
    .option('--region <region>', 'AWS-Region (Standard: aus Umgebung oder AWS-Konfiguration)')
    .option('--roster <datei.csv>', 'ganze Klasse prüfen: CSV mit name,profile,api_url')
    .option('--out <ordner>', 'wohin der Klassenbericht geschrieben wird (Standard: bewertung-<id>)')
    .option('--concurrency <n>', 'so viele Personen gleichzeitig prüfen', '8')
    .option('--time-limit <sekunden>', 'höchstens so lange je Person', '60')
    .option('--detail', 'Einzelheiten für Lehrende unter jeder Prüfung zeigen')
    .option('--file <pfad>', 'eine Lektionsdatei von irgendwo laden statt aus lessons/')
    .option('--lessons-dir <ordner>', 'anderer Ordner mit Lektionen')
    .usage('[optionen] <id>');
}

function positiveInteger(value: string, option: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1)
    throw new LessonError('usage', `${option} erwartet eine ganze Zahl ab 1, nicht „${value}“.`);
  return number;
}

export async function main(argv: string[], io: GradeIo): Promise<number> {
  const cli = program(io);
  const ended = parseCli(cli, argv, io, {
    excessArguments: 'Zu viele Angaben: nenne genau eine Lektion.',
    missingArgument: 'Es fehlt die Nummer der Lektion, z. B. npm run grade 30.1',
    help: 'npm run grade -- --help',
  });
  if (ended !== undefined) return ended;
  const options = cli.opts<GradeCliOptions>();
  const [id] = cli.args as [string];
  try {
    if (options.json && options.markdown)
      throw new LessonError('usage', '--json und --markdown gehen nur einzeln.');
    if (options.apiUrl && !/^https?:\/\/[^\s/]+/.test(options.apiUrl))
      throw new LessonError('usage', `--api-url erwartet eine http(s)-Adresse, nicht „${options.apiUrl}“.`);
    const concurrency = positiveInteger(options.concurrency, '--concurrency');
    const timeLimitMs = positiveInteger(options.timeLimit, '--time-limit') * 1000;
    const file = options.file
      ? resolve(io.cwd, options.file)
      : findLesson(options.lessonsDir ?? defaultLessonsDir(), id).file;
    const cache = bundledLessonCache(true);
    const lesson = await loadLessonFile(file, cache ? { cwd: io.cwd, cache } : { cwd: io.cwd });
    const { checks } = await import('./index.ts');
    if (options.roster) {
      const students = parseRoster(readFileSync(resolve(io.cwd, options.roster), 'utf8'));
      const report = await gradeClass({
        lesson,
        checks,
        env: io.env,
        region: options.region ?? (await configuredRegion(io.env)) ?? 'eu-central-1',
        students,
        concurrency,
        timeLimitMs,
        onProgress: (done, total, student) =>
          io.stderr(
            `[${done}/${total}] ${student.student}: ${student.error ? student.error : `${formatPercent(student.total.percent)}${student.passed ? '' : ' (offen)'}`}\n`,
          ),
      });
      return writeClassReport(report, options, id, io);
    }
    const instructor = Boolean(options.instructor || options.profile);
    const env = studentEnv(io.env, options.profile);
    const region = options.region ?? (await configuredRegion(env)) ?? 'eu-central-1';
    const status = io.statusColumns ? statusLine(io.stderr, { width: io.statusColumns }) : undefined;
    const report = await gradeLearner({
      lesson,
      checks,
      env,
      region,
      instructor,
      timeLimitMs,
      ...(options.apiUrl ? { apiUrl: options.apiUrl } : {}),
      ...(status ? { onCheckDone: status.update } : {}),
    }).finally(() => status?.stop());
    if (options.junit) writeFileSync(resolve(io.cwd, options.junit), renderJunit([report]));
    if (options.json) io.stdout(`${JSON.stringify(report, null, 2)}\n`);
    else if (options.markdown) io.stdout(renderMarkdown(report));
    else io.stdout(renderText(report, { detail: Boolean(options.detail || instructor), ...colours(io) }));
    return report.passed ? 0 : 1;
  } catch (error) {
    if (error instanceof LessonError) {
      io.stderr(`Fehler: ${formatLessonError(error)}\n`);
      // 1 means "not all items pass"; anything that stopped grading is 2.
      return 2;
    }
    if (error instanceof RosterError || (error as NodeJS.ErrnoException).code === 'ENOENT') {
      io.stderr(
        `Fehler: ${error instanceof RosterError ? error.message : `Datei nicht gefunden: ${(error as NodeJS.ErrnoException).path}`}\n`,
      );
      return 2;
    }
    throw error;
  }
}

function colours(io: GradeIo): { color?: (status: CheckStatus, text: string) => string } {
  if (!io.color) return {};
  const paint: Record<CheckStatus, (text: string) => string> = {
    pass: pc.green,
    warn: pc.yellow,
    fail: pc.red,
    skip: pc.dim,
    manual: pc.cyan,
  };
  return { color: (status, text) => paint[status](text) };
}

function writeClassReport(report: ClassReport, options: GradeCliOptions, id: string, io: GradeIo): number {
  const dir = resolve(io.cwd, options.out ?? `bewertung-${id}`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'klasse.html'), renderClassHtml(report));
  writeFileSync(join(dir, 'klasse.json'), `${JSON.stringify(report, null, 2)}\n`);
  if (options.junit) writeFileSync(resolve(io.cwd, options.junit), renderJunit(report.students));
  if (options.json) io.stdout(`${JSON.stringify(report, null, 2)}\n`);
  else if (options.markdown)
    io.stdout(report.students.map((student: GradeReport) => renderMarkdown(student)).join('\n'));
  const passed = report.students.filter((student) => student.passed).length;
  io.stderr(
    `${report.students.length} Personen geprüft in ${(report.durationMs / 1000).toFixed(1).replace('.', ',')} s, ${passed} mit allen Pflichtpunkten.\n` +
      `Klassenbericht: ${join(dir, 'klasse.html')} (und klasse.json)\n`,
  );
  return passed === report.students.length ? 0 : 1;
}

/** `npm run grade` as the process: arguments, streams, exit code. */
export function runGradeCli(): void {
  runAsProcess(() =>
    main(process.argv.slice(2), {
      stdout: (text) => process.stdout.write(text),
      stderr: (text) => process.stderr.write(text),
      cwd: process.cwd(),
      env: process.env,
      color: Boolean(process.stdout.isTTY) && !process.env.NO_COLOR,
      ...(process.stderr.isTTY ? { statusColumns: process.stderr.columns || 80 } : {}),
    }),
  );
}

// From source (`node --import tsx checks/cli.ts`); the built CLI is started by checks/bin.ts.
if (isEntryPoint(import.meta.url)) runGradeCli();
