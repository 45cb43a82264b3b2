#!/usr/bin/env node
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { Command } from 'commander';
import { germanCli, isEntryPoint, parseCli, runAsProcess } from './cli-common.ts';
import { formatLessonError, LessonError } from './errors.ts';
import {
  bundledLessonCache,
  defaultLessonsDir,
  findLesson,
  listLessons,
  loadLessonFile,
  projectRoot,
} from './load.ts';
import type { Lesson } from './model.ts';
import { type LearnerPlatform, partIdFor } from './plan.ts';
import { formatLessonList, formatOutline } from './present/outline.ts';

/** `npm run lesson [id] [--plan|--json] [--file PATH]`: a thin shell over the exported functions. */

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  cwd: string;
}

const defaultIo: CliIo = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  cwd: process.cwd(),
};

interface LessonOptions {
  plan?: boolean;
  json?: boolean;
  file?: string;
  lessonsDir?: string;
  cache: boolean;
  dir?: string;
  restart?: boolean;
  part?: string;
  from?: string;
  minimal?: boolean;
  dryRun?: boolean;
  auto?: boolean;
  yes?: boolean;
  platform?: string;
  adapt: string[];
  report?: string;
  solution?: boolean;
}

function program(io: CliIo): Command {
  return germanCli(new Command('lesson'), io)
    .description('Führt durch eine Lektion des Bootcamps und zeigt ihren Aufbau.')
    .argument('[id]', 'Nummer der Lektion, z. B. 30.1 (ohne: Liste aller Lektionen)')
    .option('--plan', 'Aufbau der Lektion zeigen: Teile, Schritte, Wissensfragen, Checkliste')
    .option('--json', 'das Lektionsmodell als JSON ausgeben (Schema: schemas/lesson.schema.json)')
    .option('--file <pfad>', 'eine Lektionsdatei von irgendwo laden statt aus lessons/')
    .option('--lessons-dir <ordner>', 'anderer Ordner mit Lektionen')
    .option('--no-cache', 'die Lektion neu einlesen statt den Zwischenspeicher zu nutzen')
    .option(
      '--dir <ordner>',
      'Projektordner, in dem du arbeitest (Standard: ~/bootcamp oder LESSON_PROJECT_DIR)',
    )
    .option('--restart', 'von vorn beginnen (der alte Fortschritt wird als .vorher aufgehoben)')
    .option('--part <n>', 'nur diesen Teil durchgehen, z. B. 4 oder bonus')
    .option('--from <schritt>', 'ab dieser Schrittnummer (siehe --plan)')
    .option('--minimal', 'nur der Minimalpfad der Lektion')
    .option('--dry-run', 'jeden Befehl mit eingesetzten Platzhaltern zeigen, nichts ausführen')
    .option('--auto', 'ohne Rückfragen (für CI und Lehrkräfte); interaktive Schritte werden übersprungen')
    .option('-y, --yes', 'dasselbe wie --auto')
    .option('--platform <name>', 'linux, macos oder windows (Git Bash); Standard: dieser Rechner')
    .option(
      '--adapt <datei>',
      'Anpassungen für diesen Rechner (z. B. Offline-CI), siehe README; mehrfach möglich',
      (value: string, previous: string[]) => [...previous, value],
      [] as string[],
    )
    .option(
      '--solution',
      'mit der Referenzlösung (solution/) statt der App der Lektion, z. B. für eine Vorführung',
    )
    .option('--report <datei>', 'Bericht je Schritt schreiben: DATEI.xml (JUnit) und DATEI.md (deutsch)')
    .usage('[optionen] [id]');
}

/** Runs the CLI; returns the exit code instead of exiting, so tests and other tools can call it. */
export async function main(argv: string[], io: CliIo = defaultIo): Promise<number> {
  const cli = program(io);
  const ended = parseCli(cli, argv, io, {
    excessArguments: 'Zu viele Angaben: nenne höchstens eine Lektion.',
    missingArgument: 'Es fehlt eine Angabe: {name}.',
    help: 'npm run lesson -- --help',
  });
  if (ended !== undefined) return ended;
  const options = cli.opts<LessonOptions>();
  const [id] = cli.args;
  try {
    if (options.plan && options.json) throw new LessonError('usage', '--plan und --json gehen nur einzeln.');
    const lessonsDir = options.lessonsDir ?? defaultLessonsDir();
    if (!id && !options.file) {
      io.stdout(formatLessonList(describeLessons(lessonsDir, io.cwd)));
      return 0;
    }
    const file = options.file ?? findLesson(lessonsDir, id as string).file;
    const cache = bundledLessonCache(options.cache);
    const lesson = await loadLessonFile(file, cache ? { cwd: io.cwd, cache } : { cwd: io.cwd });
    if (id && options.file && id !== lesson.meta.id) {
      throw new LessonError('usage', `Die Datei enthält Lektion ${lesson.meta.id}, nicht ${id}.`);
    }
    reportDiagnostics(lesson, io);
    if (options.json) {
      io.stdout(`${JSON.stringify(lesson, null, 2)}\n`);
      return 0;
    }
    if (options.plan) {
      io.stdout(formatOutline(lesson));
      return 0;
    }
    return await walkLesson(lesson, options, io);
  } catch (error) {
    if (error instanceof LessonError) {
      io.stderr(`Fehler: ${formatLessonError(error)}\n`);
      return error.code === 'usage' ? 2 : 1;
    }
    throw error;
  }
}

function learnerPlatform(name: string | undefined): LearnerPlatform {
  if (name === undefined)
    return process.platform === 'win32' ? 'windows' : process.platform === 'darwin' ? 'macos' : 'linux';
  if (name === 'linux' || name === 'macos' || name === 'windows') return name;
  throw new LessonError('usage', `Unbekannte Plattform „${name}“: erlaubt sind linux, macos und windows.`);
}

function positiveInteger(value: string | undefined, option: string): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || Number(value) < 1)
    throw new LessonError('usage', `${option} erwartet eine Schrittnummer, nicht „${value}“.`);
  return Number(value);
}

/** Runs the lesson in the learner's terminal; Ctrl+C and crashes stop every server and keep the progress. */
async function walkLesson(lesson: Lesson, options: LessonOptions, io: CliIo): Promise<number> {
  if (options.part !== undefined && partIdFor(lesson, options.part) === undefined) {
    throw new LessonError('usage', `Einen Teil „${options.part}“ hat Lektion ${lesson.meta.id} nicht.`);
  }
  const from = positiveInteger(options.from, '--from');
  const projectDir = resolve(
    io.cwd,
    options.dir ?? process.env.LESSON_PROJECT_DIR ?? join(homedir(), 'bootcamp'),
  );
  // Loaded only to walk a lesson: --plan and --json start faster without zx and the runner.
  const [{ LessonRun }, { terminalUi }, { checksAsCheckpoints }] = await Promise.all([
    import('./run.ts'),
    import('./terminal.ts'),
    import('./checkpoints.ts'),
  ]);
  const ui = terminalUi({ auto: options.auto === true || options.yes === true });
  const adaptFiles = options.adapt.map((file) => resolve(io.cwd, file));
  if (options.solution) {
    const variant = join(projectRoot(), 'solution', `${lesson.meta.id}.adapt.yaml`);
    if (!existsSync(variant))
      throw new LessonError(
        'usage',
        `Für Lektion ${lesson.meta.id} gibt es keine Referenzlösung (${variant} fehlt).`,
      );
    adaptFiles.unshift(variant);
  }
  // The learner's shell knows where the tool is (the solution variant copies from there).
  const baseEnv = { ...process.env, LESSON_TOOL_ROOT: projectRoot() };
  const adaptations =
    adaptFiles.length > 0
      ? (await import('./adapt.ts')).loadAdaptationFiles(adaptFiles, lesson, baseEnv)
      : undefined;
  const env = { ...baseEnv, ...adaptations?.env };
  const started = Date.now();
  const run = new LessonRun({
    lesson,
    projectDir,
    toolRoot: projectRoot(),
    platform: learnerPlatform(options.platform),
    ui,
    env: baseEnv,
    checkpoints: await checksAsCheckpoints(env),
    ...(adaptations ? { adaptations } : {}),
    ...(options.dryRun ? { dryRun: true } : {}),
    ...(options.restart ? { restart: true } : {}),
    ...(options.minimal ? { minimal: true } : {}),
    ...(options.part === undefined ? {} : { part: options.part }),
    ...(from === undefined ? {} : { from }),
  });
  const interrupt = (signal: NodeJS.Signals) => {
    run.emergencyStop();
    process.stdout.write(
      `\nAbgebrochen (${signal}). Alle gestarteten Server sind gestoppt, der Fortschritt ist gespeichert.\n`,
    );
    process.exit(130);
  };
  const onExit = () => run.emergencyStop();
  process.on('SIGINT', interrupt);
  process.on('SIGTERM', interrupt);
  process.on('exit', onExit);
  try {
    const outcome = await run.run();
    if (outcome.status === 'failed' && outcome.failedStep) {
      const step = outcome.failedStep;
      io.stderr(
        `Fehler: ${lesson.file}:${step.line}: Schritt ${step.number} ist fehlgeschlagen (${outcome.state.steps[String(step.number)]?.reason ?? 'siehe oben'}).\n`,
      );
    }
    const checks = [...run.checkResults.values()];
    const failedChecks = checks.filter((check) => check.status === 'fail' && !check.bonus);
    if (options.report) {
      const { renderRunJunit, renderRunSummary } = await import('./report.ts');
      const report = {
        lesson,
        status: outcome.status,
        state: outcome.state,
        items: run.items,
        outputs: run.outputs,
        checks,
        applied: run.applied,
        durationMs: Date.now() - started,
        ...(adaptations ? { adaptations } : {}),
        ...(outcome.failedStep ? { failedStep: outcome.failedStep } : {}),
      };
      const base = resolve(io.cwd, options.report).replace(/\.(xml|md)$/, '');
      mkdirSync(dirname(base), { recursive: true });
      writeFileSync(`${base}.xml`, renderRunJunit(report));
      writeFileSync(`${base}.md`, renderRunSummary(report));
      io.stdout(`Bericht: ${base}.xml (JUnit) und ${base}.md\n`);
    }
    if (ui.auto && failedChecks.length > 0 && outcome.status !== 'failed')
      io.stderr(
        `Fehler: ${failedChecks.length} Prüfung(en) nicht bestanden: ${failedChecks.map((check) => check.id).join(', ')}.\n`,
      );
    if (outcome.status === 'failed') return 1;
    return ui.auto && failedChecks.length > 0 ? 1 : 0;
  } catch (error) {
    run.emergencyStop();
    throw error;
  } finally {
    process.off('SIGINT', interrupt);
    process.off('SIGTERM', interrupt);
    process.off('exit', onExit);
  }
}

function reportDiagnostics(lesson: Lesson, io: CliIo): void {
  for (const diagnostic of lesson.diagnostics) {
    const place = diagnostic.line === undefined ? lesson.file : `${lesson.file}:${diagnostic.line}`;
    io.stderr(
      `${diagnostic.severity === 'warning' ? 'Warnung' : 'Hinweis'}: ${place}: ${diagnostic.message}\n`,
    );
  }
}

function describeLessons(dir: string, cwd: string): Array<{ id: string; file: string; title: string }> {
  return listLessons(dir).map((entry) => {
    const head = readFileSync(entry.file, 'utf8').slice(0, 2000);
    const title = /^title:\s*["']?(.*?)["']?\s*$/m.exec(head)?.[1] ?? /^#\s+(.*)$/m.exec(head)?.[1] ?? '';
    return { id: entry.id, file: relative(cwd, entry.file), title: title.replace(/^[\d.]+\s*:\s*/, '') };
  });
}

if (isEntryPoint(import.meta.url)) runAsProcess(() => main(process.argv.slice(2)));
