import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cacheKey, directoryCache, type LessonCache } from './cache.ts';
import { LessonError } from './errors.ts';
import type { Lesson } from './model.ts';

/** The file-system edge of the lesson model: finding, reading and decoding lesson files. */

export interface LessonEntry {
  id: string;
  file: string;
}

/** This checkout's root, found from this module whether it runs from source or from `dist/`. */
export function projectRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let depth = 0; depth < 4; depth++) {
    if (existsSync(join(dir, 'lessons')) && existsSync(join(dir, 'package.json'))) return dir;
    dir = dirname(dir);
  }
  return process.cwd();
}

export function defaultLessonsDir(): string {
  return join(projectRoot(), 'lessons');
}

const LESSON_FILE = /^(\d+(?:\.\d+)*)[-_ ].*\.md$|^(\d+(?:\.\d+)*)\.md$/;

/** Lessons in a folder by the id their file name starts with (`30.1-aws-sandbox-ecr.md` → 30.1). */
export function listLessons(dir: string): LessonEntry[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .map((name) => ({ name, match: LESSON_FILE.exec(name) }))
    .filter((entry) => entry.match !== null)
    .map(({ name, match }) => ({ id: (match?.[1] ?? match?.[2]) as string, file: join(dir, name) }))
    .sort((a, b) => a.id.localeCompare(b.id, 'de', { numeric: true }));
}

export function findLesson(dir: string, id: string): LessonEntry {
  const lessons = listLessons(dir);
  const found = lessons.find((entry) => entry.id === id);
  if (found) return found;
  const available = lessons.map((entry) => entry.id).join(', ');
  throw new LessonError(
    'unknown-lesson',
    available
      ? `Die Lektion „${id}“ gibt es nicht. Verfügbar: ${available}.`
      : `Die Lektion „${id}“ gibt es nicht; in ${dir} liegt keine Lektion.`,
  );
}

/** The overlay that belongs to a lesson file: same name, `.overlay.yaml`/`.yml`/`.json`. */
export function overlayFileFor(lessonFile: string): string | undefined {
  const stem = lessonFile.replace(/\.md$/, '');
  return ['.overlay.yaml', '.overlay.yml', '.overlay.json']
    .map((ext) => stem + ext)
    .find((file) => existsSync(file));
}

export interface LoadOptions {
  /** Paths in messages and in the model are shown relative to this folder. */
  cwd?: string;
  /** Parsed lessons by content; `build` identifies the parser, so a new parser never reads old entries. */
  cache?: { store: LessonCache; build: string };
}

/**
 * Reads one lesson file and its overlay; decodes, parses and overlays them unless the cache has the
 * result. The parser (micromark, yaml, iconv-lite) is loaded only then, so a cached lesson starts
 * without it.
 */
export async function loadLessonFile(path: string, options: LoadOptions = {}): Promise<Lesson> {
  const cwd = options.cwd ?? process.cwd();
  const shown = displayPath(path, cwd);
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === 'ENOENT'
        ? 'Die Datei gibt es nicht.'
        : code === 'EISDIR'
          ? 'Das ist ein Ordner, keine Datei.'
          : `Sie lässt sich nicht lesen (${code}).`;
    throw new LessonError('not-found', reason, { file: shown });
  }
  const overlayFile = overlayFileFor(path);
  const overlayBytes = overlayFile ? readFileSync(overlayFile) : undefined;
  const overlayShown = overlayFile ? displayPath(overlayFile, cwd) : undefined;
  const key = options.cache
    ? cacheKey([options.cache.build, shown, bytes, overlayShown ?? '', overlayBytes ?? ''])
    : undefined;
  const cached = key ? options.cache?.store.get(key) : undefined;
  if (cached) return cached;
  const { parseLessonFile } = await import('./parse/file.ts');
  const idFromName = LESSON_FILE.exec(basename(path));
  const lesson = parseLessonFile(
    { bytes, shown, id: idFromName?.[1] ?? idFromName?.[2] },
    overlayBytes && overlayShown ? { bytes: overlayBytes, shown: overlayShown } : undefined,
  );
  if (key) options.cache?.store.set(key, lesson);
  return lesson;
}

function displayPath(path: string, cwd: string): string {
  const shown = relative(cwd, resolve(path));
  return shown.startsWith('..') || shown === '' ? resolve(path) : shown;
}

/** Set by scripts/build.ts in the bundle: a hash of the parser's sources and dependencies. */
declare const __LESSON_BUILD__: string | undefined;

/** The parsed-lesson cache of the bundled CLIs; running from source always parses. */
export function bundledLessonCache(enabled: boolean): LoadOptions['cache'] {
  if (!enabled || typeof __LESSON_BUILD__ !== 'string') return undefined;
  const dir =
    process.env.LESSON_CACHE_DIR ?? join(projectRoot(), 'node_modules', '.cache', 'lesson-workbooks');
  return { store: directoryCache(dir), build: __LESSON_BUILD__ };
}
