import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { createTwoFilesPatch } from 'diff';

/** Writing the lesson's files without ever losing the learner's own version of them. */

export type FileDecision = 'keep' | 'overwrite' | 'beside';

export type FileOutcome =
  | { kind: 'written' | 'unchanged'; path: string }
  | { kind: 'kept'; path: string }
  | { kind: 'overwritten'; path: string; backup: string }
  | { kind: 'beside'; path: string; beside: string };

export function besidePath(path: string, lessonId: string): string {
  return `${path}.lektion-${lessonId}`;
}

export function fileDiff(path: string, current: string, lesson: string): string {
  return createTwoFilesPatch(`${path} (deine Fassung)`, `${path} (Lektion)`, current, lesson, '', '', {
    context: 2,
  });
}

/**
 * Writes `content` to `path`. An existing, different file is only replaced after `decide` says so,
 * and then a copy of the old one is kept (`.vorher`).
 */
export async function writeLessonFile(
  path: string,
  content: string,
  lessonId: string,
  decide: (diff: string) => Promise<FileDecision>,
): Promise<FileOutcome> {
  if (existsSync(path)) {
    const current = readFileSync(path, 'utf8');
    if (current === content) return { kind: 'unchanged', path };
    const decision = await decide(fileDiff(path, current, content));
    if (decision === 'keep') return { kind: 'kept', path };
    if (decision === 'beside') {
      const beside = besidePath(path, lessonId);
      writeFileSync(beside, content);
      return { kind: 'beside', path, beside };
    }
    const backup = `${path}.vorher`;
    renameSync(path, backup);
    writeFileSync(path, content);
    return { kind: 'overwritten', path, backup };
  }
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, content);
  return { kind: 'written', path };
}
