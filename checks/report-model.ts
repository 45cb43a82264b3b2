import Type from 'typebox';
import { CheckId } from '../runner/model.ts';

/**
 * The grading report as data: what `npm run grade --json` prints and what every reporter (table,
 * Markdown, JUnit, class page) renders. Published as `schemas/grade-report.schema.json`.
 */

const Status = Type.Union(
  [
    Type.Literal('pass'),
    Type.Literal('fail'),
    Type.Literal('warn'),
    Type.Literal('skip'),
    Type.Literal('manual'),
  ],
  {
    description:
      'pass: erfüllt; warn: erfüllt mit Hinweis; fail: nicht erfüllt; skip: nicht geprüft; manual: Selbsteinschätzung',
  },
);

export const CheckEntry = Type.Object(
  {
    id: CheckId,
    title: Type.String(),
    status: Status,
    points: Type.Number({ minimum: 0, description: 'erreichbar' }),
    earned: Type.Number({ minimum: 0 }),
    bonus: Type.Boolean(),
    message: Type.String({ description: 'für die lernende Person' }),
    hint: Type.Optional(Type.String()),
    detail: Type.Optional(Type.String({ description: 'nur für Lehrende; nie Geheimnisse' })),
    skipReason: Type.Optional(Type.Union([Type.Literal('needs'), Type.Literal('scope')])),
    durationMs: Type.Integer({ minimum: 0 }),
  },
  { additionalProperties: false },
);

export const ItemEntry = Type.Object(
  {
    list: Type.Union([Type.Literal('checklist'), Type.Literal('cleanup')]),
    index: Type.Integer({ minimum: 1 }),
    line: Type.Integer({ minimum: 1 }),
    text: Type.String(),
    status: Status,
    checks: Type.Array(CheckId),
    selfAssessed: Type.Boolean(),
    points: Type.Number({ minimum: 0 }),
    earned: Type.Number({ minimum: 0 }),
    percent: Type.Union([Type.Number({ minimum: 0, maximum: 100 }), Type.Null()]),
  },
  { additionalProperties: false },
);

export const GradeReport = Type.Object(
  {
    lesson: Type.Object(
      { id: Type.String(), title: Type.String(), file: Type.String() },
      { additionalProperties: false },
    ),
    student: Type.Optional(Type.String()),
    mode: Type.Union([Type.Literal('learner'), Type.Literal('instructor')]),
    apiUrl: Type.Union([Type.String(), Type.Null()]),
    region: Type.String(),
    startedAt: Type.String({ format: 'date-time' }),
    durationMs: Type.Integer({ minimum: 0 }),
    passed: Type.Boolean({ description: 'alle verpflichtenden Punkte erfüllt' }),
    total: Type.Object(
      {
        points: Type.Number({ minimum: 0 }),
        earned: Type.Number({ minimum: 0 }),
        percent: Type.Number({ minimum: 0, maximum: 100 }),
        bonusPoints: Type.Number({ minimum: 0 }),
        bonusEarned: Type.Number({ minimum: 0 }),
      },
      { additionalProperties: false },
    ),
    checks: Type.Array(CheckEntry),
    items: Type.Array(ItemEntry),
    selfAssessed: Type.Array(ItemEntry, {
      description: 'Punkte, die nur die lernende Person selbst einschätzen kann',
    }),
    error: Type.Optional(Type.String({ description: 'warum nicht bewertet werden konnte (Zeitlimit, …)' })),
  },
  {
    additionalProperties: false,
    $id: 'https://lesson-workbooks.local/schemas/grade-report.schema.json',
    title: 'Bewertung einer Lektion',
  },
);

export type CheckEntry = Type.Static<typeof CheckEntry>;
export type ItemEntry = Type.Static<typeof ItemEntry>;
export type GradeReport = Type.Static<typeof GradeReport>;

export const ClassReport = Type.Object(
  {
    lesson: Type.Object({ id: Type.String(), title: Type.String() }, { additionalProperties: false }),
    startedAt: Type.String({ format: 'date-time' }),
    durationMs: Type.Integer({ minimum: 0 }),
    checks: Type.Array(
      Type.Object(
        { id: CheckId, title: Type.String(), bonus: Type.Boolean() },
        { additionalProperties: false },
      ),
    ),
    students: Type.Array(GradeReport),
  },
  {
    additionalProperties: false,
    $id: 'https://lesson-workbooks.local/schemas/class-report.schema.json',
    title: 'Bewertung einer Klasse',
  },
);

export type ClassReport = Type.Static<typeof ClassReport>;
