import type { Root } from 'mdast';
import { parseDocument } from 'yaml';
import { LessonError } from '../errors.ts';
import { yamlProblem } from '../yaml-problem.ts';

export interface Frontmatter {
  title?: string;
  tags: string[];
}

/** Reads the YAML frontmatter; a broken one is an error that names its line. */
export function readFrontmatter(tree: Root, text: string, file: string): Frontmatter {
  const first = tree.children[0];
  if (first?.type !== 'yaml') {
    if (/^---\r?\n/.test(text)) {
      throw new LessonError(
        'frontmatter',
        'Der Frontmatter-Block, der hier mit „---“ beginnt, wird nie mit „---“ geschlossen.',
        { file, line: 1, column: 1 },
      );
    }
    return { tags: [] };
  }
  const document = parseDocument(first.value);
  const error = document.errors[0];
  if (error) {
    const problem = yamlProblem(error);
    // The YAML starts on the line after the opening `---`.
    throw new LessonError('frontmatter', `Der Frontmatter ist kein gültiges YAML: ${problem.message}.`, {
      file,
      line: (problem.line ?? 1) + 1,
      ...(problem.column === undefined ? {} : { column: problem.column }),
    });
  }
  const data: unknown = document.toJS();
  if (data === null || data === undefined) return { tags: [] };
  if (typeof data !== 'object' || Array.isArray(data)) {
    throw new LessonError(
      'frontmatter',
      'Der Frontmatter muss Schlüssel wie „title:“ und „tags:“ enthalten.',
      {
        file,
        line: 2,
      },
    );
  }
  const record = data as Record<string, unknown>;
  const result: Frontmatter = { tags: [] };
  if (record.title !== undefined) {
    if (typeof record.title !== 'string') {
      throw new LessonError('frontmatter', '„title“ im Frontmatter muss ein Text sein.', {
        file,
        line: keyLine(first.value, 'title'),
      });
    }
    result.title = record.title;
  }
  if (record.tags !== undefined) {
    if (
      !Array.isArray(record.tags) ||
      record.tags.some((tag) => typeof tag !== 'string' && typeof tag !== 'number')
    ) {
      throw new LessonError('frontmatter', '„tags“ im Frontmatter muss eine Liste von Schlagwörtern sein.', {
        file,
        line: keyLine(first.value, 'tags'),
      });
    }
    result.tags = record.tags.map(String);
  }
  return result;
}

function keyLine(yaml: string, key: string): number {
  const index = yaml.split(/\r?\n/).findIndex((line) => line.startsWith(`${key}:`));
  return index === -1 ? 1 : index + 2;
}
