import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import Type from 'typebox';
import { parseDocument } from 'yaml';
import { LessonError } from './errors.ts';
import type { Lesson, Step } from './model.ts';

/**
 * Adaptations: what a run of a lesson must do differently on a machine that is not the learner's
 * (offline CI with stand-ins), said explicitly in a file beside the run, never by editing the lesson.
 * Each has an id and a German reason, and the run report lists every one that was applied.
 *
 * - `env`: variables for every step (values may name the runner's own variables as `${NAME}`);
 * - `file`: text replacements in a file the lesson writes (each pattern must still match);
 * - `after`: a harness command run in the learner's shell after a step (matched like the overlay);
 * - `replace`: a step done differently: `run` a command instead (a server step stays a server),
 *   or nothing at all (`run` absent), e.g. the reference solution in place of the lesson's app;
 * - `byHarness`: done by the surrounding harness before the run (listed, not done by the runner).
 */

const Adaptation = Type.Object(
  {
    id: Type.String({ pattern: '^[a-z0-9]+(-[a-z0-9]+)*$' }),
    reason: Type.String({ minLength: 1, description: 'warum, auf Deutsch' }),
    env: Type.Optional(Type.Record(Type.String({ pattern: '^[A-Za-z_][A-Za-z0-9_]*$' }), Type.String())),
    file: Type.Optional(
      Type.Object(
        {
          path: Type.String({ minLength: 1 }),
          replace: Type.Array(
            Type.Object(
              { pattern: Type.String({ minLength: 1 }), with: Type.String() },
              { additionalProperties: false },
            ),
            { minItems: 1 },
          ),
        },
        { additionalProperties: false },
      ),
    ),
    after: Type.Optional(
      Type.Object(
        { match: Type.String({ minLength: 1 }), run: Type.String({ minLength: 1 }) },
        { additionalProperties: false },
      ),
    ),
    replace: Type.Optional(
      Type.Object(
        {
          match: Type.Array(Type.String({ minLength: 1 }), { minItems: 1 }),
          run: Type.Optional(Type.String({ minLength: 1 })),
        },
        { additionalProperties: false },
      ),
    ),
    byHarness: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

export const AdaptationFile = Type.Object(
  {
    lesson: Type.String({ pattern: '^[0-9]+(\\.[0-9]+)*$' }),
    description: Type.String({ minLength: 1 }),
    adaptations: Type.Array(Adaptation, { minItems: 1 }),
  },
  { additionalProperties: false, title: 'Anpassungen eines Lektionslaufs' },
);

export type Adaptation = Type.Static<typeof Adaptation>;
export type AdaptationFile = Type.Static<typeof AdaptationFile>;

export interface Adaptations {
  file: string;
  description: string;
  list: Adaptation[];
  /** Variables for every step, with `${NAME}` filled from the runner's environment. */
  env: Record<string, string>;
  /** Harness commands by the number of the step they follow. */
  after: Map<number, Adaptation[]>;
  /** Steps done differently, by step number. */
  replace: Map<number, Adaptation>;
}

let validate: ReturnType<Ajv['compile']> | undefined;

/** Several files in the order given: variables of a later one win; everything else adds up. */
export function loadAdaptationFiles(paths: string[], lesson: Lesson, env: NodeJS.ProcessEnv): Adaptations {
  const loaded = paths.map((path) => loadAdaptations(path, lesson, env));
  const ids = new Set<string>();
  for (const adaptation of loaded.flatMap((one) => one.list)) {
    if (ids.has(adaptation.id))
      throw new LessonError('usage', `Die Anpassung „${adaptation.id}“ kommt zweimal vor.`);
    ids.add(adaptation.id);
  }
  return {
    file: loaded.map((one) => one.file).join(', '),
    description: loaded.map((one) => one.description).join('; '),
    list: loaded.flatMap((one) => one.list),
    env: Object.assign({}, ...loaded.map((one) => one.env)),
    after: new Map(loaded.flatMap((one) => [...one.after])),
    replace: new Map(loaded.flatMap((one) => [...one.replace])),
  };
}

/** Reads and checks an adaptation file against the lesson; errors are German, with the file. */
export function loadAdaptations(path: string, lesson: Lesson, env: NodeJS.ProcessEnv): Adaptations {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new LessonError('usage', `Die Anpassungsdatei ${path} lässt sich nicht lesen.`);
  }
  const document = parseDocument(text);
  if (document.errors.length > 0)
    throw new LessonError('usage', `${path}: kein gültiges YAML (${document.errors[0]?.message ?? ''}).`);
  const data = document.toJS() as unknown;
  validate ??= new Ajv({ allErrors: true, strict: false }).compile(AdaptationFile);
  if (!validate(data)) {
    const first = validate.errors?.[0];
    throw new LessonError(
      'usage',
      `${path}: ${first?.instancePath || '/'} ${first?.message ?? 'ist ungültig'}.`,
    );
  }
  const parsed = data as AdaptationFile;
  if (parsed.lesson !== lesson.meta.id)
    throw new LessonError('usage', `${path} gehört zu Lektion ${parsed.lesson}, nicht zu ${lesson.meta.id}.`);
  const result: Adaptations = {
    file: path,
    description: parsed.description,
    list: parsed.adaptations,
    env: {},
    after: new Map(),
    replace: new Map(),
  };
  for (const adaptation of parsed.adaptations) {
    if (
      !adaptation.env &&
      !adaptation.file &&
      !adaptation.after &&
      !adaptation.replace &&
      !adaptation.byHarness
    )
      throw new LessonError(
        'usage',
        `${path}: Anpassung „${adaptation.id}“ tut nichts (env, file, after, replace oder byHarness).`,
      );
    for (const match of adaptation.replace?.match ?? []) {
      const step = matchStep(lesson.steps, match);
      if (!step)
        throw new LessonError('usage', `Anpassung „${adaptation.id}“: kein Schritt passt zu „${match}“.`);
      result.replace.set(step.number, adaptation);
    }
    for (const [name, value] of Object.entries(adaptation.env ?? {}))
      result.env[name] = value.replace(/\$\{(\w+)\}/g, (_token, variable: string) => {
        const found = env[variable];
        if (found === undefined)
          throw new LessonError(
            'usage',
            `Anpassung „${adaptation.id}“ braucht die Variable ${variable}, sie ist nicht gesetzt.`,
          );
        return found;
      });
    if (
      adaptation.file &&
      !lesson.steps.some((step) => step.kind === 'file' && step.path === adaptation.file?.path)
    )
      throw new LessonError(
        'usage',
        `Anpassung „${adaptation.id}“: die Lektion schreibt keine Datei ${adaptation.file.path}.`,
      );
    if (adaptation.after) {
      const step = matchStep(lesson.steps, adaptation.after.match);
      if (!step)
        throw new LessonError(
          'usage',
          `Anpassung „${adaptation.id}“: kein Schritt passt zu „${adaptation.after.match}“.`,
        );
      result.after.set(step.number, [...(result.after.get(step.number) ?? []), adaptation]);
    }
  }
  return result;
}

function matchStep(steps: Step[], match: string): Step | undefined {
  const candidates = steps.filter((step) =>
    step.kind === 'command'
      ? step.code.includes(match)
      : step.kind === 'file'
        ? step.path.includes(match)
        : step.title.includes(match),
  );
  return (
    candidates.find((step) => step.kind === 'command' && step.code.trim() === match.trim()) ?? candidates[0]
  );
}

/** A file's content after the adaptation's replacements; a pattern that no longer matches is an error. */
export function adaptFile(content: string, adaptation: Adaptation): string {
  let adapted = content;
  for (const { pattern, with: replacement } of adaptation.file?.replace ?? []) {
    const expression = new RegExp(pattern, 'gm');
    if (!expression.test(adapted))
      throw new LessonError(
        'usage',
        `Anpassung „${adaptation.id}“: „${pattern}“ kommt in ${adaptation.file?.path} nicht (mehr) vor.`,
      );
    adapted = adapted.replace(expression, replacement);
  }
  return adapted;
}
