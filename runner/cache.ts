import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Lesson } from './model.ts';

/**
 * A content-addressed cache of parsed lessons. Parsing 30.1 with micromark is most of `--plan`'s
 * start-up time; the key covers the lesson bytes, the overlay bytes, the path shown in messages and
 * the build of the parser itself, so any change to any of them parses again. Only lesson content is
 * stored (never anything from the learner's environment). Every failure to read or write is a miss.
 */
export interface LessonCache {
  get(key: string): Lesson | undefined;
  set(key: string, lesson: Lesson): void;
}

export function cacheKey(parts: Array<string | Uint8Array>): string {
  const hash = createHash('sha256');
  for (const part of parts) {
    hash.update(typeof part === 'string' ? `${part.length}:${part}` : part);
    hash.update('\0');
  }
  return hash.digest('hex');
}

export function directoryCache(dir: string): LessonCache {
  return {
    get(key) {
      try {
        const lesson = JSON.parse(readFileSync(join(dir, `${key}.json`), 'utf8')) as Lesson;
        return lesson.schemaVersion === 1 ? lesson : undefined;
      } catch {
        return undefined;
      }
    },
    set(key, lesson) {
      try {
        mkdirSync(dir, { recursive: true });
        // Write beside, then rename: a concurrent reader never sees half a file.
        const temporary = join(dir, `${key}.${process.pid}.tmp`);
        writeFileSync(temporary, JSON.stringify(lesson));
        renameSync(temporary, join(dir, `${key}.json`));
      } catch {
        // A read-only checkout simply parses every time.
      }
    },
  };
}
