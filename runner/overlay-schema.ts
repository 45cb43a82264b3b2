import Type from 'typebox';
import { CheckId } from './model.ts';

/** The overlay file's schema (published as `schemas/overlay.schema.json` by `npm run build`). */

const StepSelector = {
  match: Type.String({
    minLength: 1,
    description: 'Textstück aus dem Befehl, dem Dateipfad oder dem Titel des Schritts',
  }),
  kind: Type.Optional(Type.Union([Type.Literal('command'), Type.Literal('file'), Type.Literal('manual')])),
};

const ItemBinding = Type.Object(
  {
    item: Type.Integer({ minimum: 1, description: 'Nummer des Punkts in der Liste (1-basiert)' }),
    text: Type.String({
      minLength: 1,
      description: 'Anfang des Punkts, damit eine geänderte Lektion auffällt',
    }),
    checks: Type.Optional(Type.Array(CheckId, { minItems: 1 })),
    selfAssessed: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

export const Overlay = Type.Object(
  {
    lesson: Type.String({ pattern: '^[0-9]+(\\.[0-9]+)*$' }),
    steps: Type.Optional(
      Type.Array(
        Type.Object(
          {
            ...StepSelector,
            checks: Type.Optional(Type.Array(CheckId, { minItems: 1 })),
            readyUrl: Type.Optional(Type.String({ pattern: '^https?://' })),
            skipWhenPasses: Type.Optional(CheckId),
            skipWhenSucceeds: Type.Optional(Type.String({ minLength: 1 })),
            whenMissing: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9._-]+$' })),
            retrySeconds: Type.Optional(Type.Integer({ minimum: 1, maximum: 300 })),
          },
          { additionalProperties: false },
        ),
      ),
    ),
    placeholders: Type.Optional(
      Type.Record(
        Type.String(),
        Type.Object(
          {
            source: Type.Union([
              Type.Literal('aws-account-id'),
              Type.Literal('aws-region'),
              Type.Literal('ask'),
            ]),
            pattern: Type.Optional(Type.String()),
            prompt: Type.Optional(Type.String()),
          },
          { additionalProperties: false },
        ),
      ),
    ),
    checklist: Type.Optional(Type.Array(ItemBinding)),
    cleanup: Type.Optional(Type.Array(ItemBinding)),
  },
  {
    additionalProperties: false,
    $id: 'https://lesson-workbooks.local/schemas/overlay.schema.json',
    title: 'Overlay einer Lektion',
  },
);

export type Overlay = Type.Static<typeof Overlay>;
