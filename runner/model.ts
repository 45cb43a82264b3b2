import Type from 'typebox';

/**
 * The lesson model: what the learner must do, as plain data with source lines. The TypeBox schemas are
 * the single source of truth: the TypeScript types are derived from them and `schemas/lesson.schema.json`
 * is generated from them (`npm run schemas`).
 */

export const CheckId = Type.String({
  pattern: '^[a-z0-9]+(-[a-z0-9]+)*$',
  description: 'Id einer Prüfung in checks/',
});

const Line = Type.Integer({ minimum: 1, description: 'Zeile in der Lektionsdatei (1-basiert)' });

export const PartId = Type.String({
  pattern: '^[a-z0-9-]+$',
  description: 'z. B. teil-4, rueckblick, bonus',
});

export const Platform = Type.Union(
  [
    Type.Literal('any'),
    Type.Literal('posix'),
    Type.Literal('windows'),
    Type.Literal('windows-cmd'),
    Type.Literal('windows-powershell'),
    Type.Literal('macos'),
    Type.Literal('linux'),
  ],
  { description: 'posix = Git Bash, macOS und Linux' },
);

export const Placeholder = Type.Object(
  {
    token: Type.String({ description: 'so wie er im Befehl steht, z. B. <deine-account-id>' }),
    name: Type.String(),
    line: Line,
    column: Type.Integer({ minimum: 1 }),
  },
  { additionalProperties: false },
);

export const MatchMode = Type.Union(
  [
    Type.Literal('exact'),
    Type.Literal('json-shape'),
    Type.Literal('substring'),
    Type.Literal('pattern'),
    Type.Literal('sample'),
  ],
  {
    description:
      'exact: genau so; json-shape: gleiche Schlüssel und Typen, Werte sind Beispiele; substring: muss enthalten sein; ' +
      'pattern: x steht für eine Zahl (aws-cli/2.x.x); sample: Beispielausgabe, nur die erkennbaren Zeilen zählen',
  },
);

export const ExpectedOutput = Type.Object(
  {
    line: Line,
    source: Type.Union([Type.Literal('block'), Type.Literal('inline')]),
    lang: Type.Optional(Type.String()),
    text: Type.String(),
    match: MatchMode,
    intro: Type.String({ description: 'der Satz der Lektion, der die Erwartung einleitet' }),
  },
  { additionalProperties: false },
);

const StepBase = {
  number: Type.Integer({ minimum: 1, description: 'fortlaufende Schrittnummer in der Lektion' }),
  line: Line,
  endLine: Line,
  partId: Type.Union([PartId, Type.Null()], {
    description: 'null für Schritte vor Teil 1 (Voraussetzungen)',
  }),
  section: Type.Union([Type.String(), Type.Null()], {
    description: 'die ###-Überschrift, z. B. "4.2 Python Virtual Environment"',
  }),
  intro: Type.String({ description: 'der Satz vor dem Block, aus dem die Einordnung stammt' }),
  optional: Type.Boolean({ description: 'in einer <details>-Box oder ausdrücklich optional' }),
  platform: Platform,
  variantGroup: Type.Union([Type.Integer({ minimum: 1 }), Type.Null()], {
    description: 'Schritte mit derselben Gruppe sind Varianten füreinander (je Betriebssystem/Shell)',
  }),
  checks: Type.Array(CheckId, { description: 'Prüfungen, die nach dem Schritt laufen (aus dem Overlay)' }),
  whenMissing: Type.Optional(
    Type.String({ description: 'nur nötig, wenn dieses Programm fehlt (aus dem Overlay), z. B. aws' }),
  ),
};

export const CommandStep = Type.Object(
  {
    kind: Type.Literal('command'),
    ...StepBase,
    lang: Type.String(),
    code: Type.String(),
    commands: Type.Array(Type.String(), {
      description: 'die einzelnen Befehle (Zeilenfortsetzungen zusammengefügt)',
    }),
    cwd: Type.String({
      description: 'Arbeitsverzeichnis relativ zum Projektordner, in dem die Lektion hier steht',
    }),
    cwdAfter: Type.String(),
    ensuresDirectory: Type.Boolean({
      description: '"Stelle sicher, dass du in X bist": cd ist nur eine Vorsorge',
    }),
    interactive: Type.Boolean(),
    longRunning: Type.Boolean(),
    readyUrl: Type.Optional(
      Type.String({ description: 'Adresse, unter der ein Hintergrund-Server antwortet' }),
    ),
    skipWhenPasses: Type.Optional(CheckId),
    retrySeconds: Type.Optional(
      Type.Integer({
        minimum: 1,
        maximum: 300,
        description:
          'so lange wiederholen, bis der Befehl klappt (z. B. bis ein Container antwortet; aus dem Overlay)',
      }),
    ),
    skipWhenSucceeds: Type.Optional(
      Type.String({
        description: 'Befehl, der zeigt, dass der Schritt nicht mehr nötig ist (aus dem Overlay)',
      }),
    ),
    placeholders: Type.Array(Placeholder),
    expected: Type.Array(ExpectedOutput),
    interaction: Type.Optional(
      Type.Object(
        {
          line: Line,
          prompts: Type.Array(
            Type.Object({ prompt: Type.String(), value: Type.String() }, { additionalProperties: false }),
          ),
        },
        { additionalProperties: false, description: 'die Eingaben, die ein interaktiver Befehl abfragt' },
      ),
    ),
  },
  { additionalProperties: false },
);

export const FileStep = Type.Object(
  {
    kind: Type.Literal('file'),
    ...StepBase,
    name: Type.String(),
    path: Type.String({ description: 'Zielpfad relativ zum Projektordner' }),
    lang: Type.Union([Type.String(), Type.Null()]),
    content: Type.String({ description: 'der Dateiinhalt, mit abschließendem Zeilenumbruch' }),
  },
  { additionalProperties: false },
);

export const ManualStep = Type.Object(
  {
    kind: Type.Literal('manual'),
    ...StepBase,
    title: Type.String(),
    instructions: Type.Array(Type.String()),
    tables: Type.Array(Type.Integer({ minimum: 0 }), {
      description: 'Indizes in content.tables (z. B. Formularwerte)',
    }),
  },
  { additionalProperties: false },
);

export const Step = Type.Union([CommandStep, FileStep, ManualStep]);

export const BlockRole = Type.Union([
  Type.Literal('command'),
  Type.Literal('file'),
  Type.Literal('expected-output'),
  Type.Literal('interaction'),
  Type.Literal('illustration'),
  Type.Literal('unknown'),
]);

export const IllustrationKind = Type.Union([
  Type.Literal('diagram'),
  Type.Literal('uri'),
  Type.Literal('tree'),
  Type.Literal('log'),
  Type.Literal('text'),
]);

export const CodeBlock = Type.Object(
  {
    line: Line,
    endLine: Line,
    lang: Type.Union([Type.String(), Type.Null()]),
    role: BlockRole,
    illustration: Type.Optional(IllustrationKind),
    step: Type.Optional(
      Type.Integer({ minimum: 1, description: 'Nummer des Schritts, zu dem der Block gehört' }),
    ),
    partId: Type.Union([PartId, Type.Null()]),
  },
  { additionalProperties: false },
);

export const Quiz = Type.Object(
  {
    number: Type.Integer({ minimum: 1 }),
    title: Type.String(),
    line: Line,
    partId: Type.Union([PartId, Type.Null()]),
    question: Type.String(),
    answer: Type.String({ description: 'Markdown aus der <details>-Box' }),
    answerLine: Line,
  },
  { additionalProperties: false },
);

export const ChecklistItem = Type.Object(
  {
    index: Type.Integer({ minimum: 1 }),
    line: Line,
    text: Type.String(),
    checked: Type.Boolean(),
    checks: Type.Array(CheckId, { description: 'Prüfungen, die diesen Punkt belegen (aus dem Overlay)' }),
    selfAssessed: Type.Boolean({ description: 'nur Selbsteinschätzung, keine Maschine kann es prüfen' }),
  },
  { additionalProperties: false },
);

export const Part = Type.Object(
  {
    id: PartId,
    kind: Type.Union([
      Type.Literal('review'),
      Type.Literal('part'),
      Type.Literal('bonus'),
      Type.Literal('cleanup'),
    ]),
    number: Type.Optional(Type.Integer({ minimum: 1 })),
    title: Type.String(),
    line: Line,
    goal: Type.Optional(Type.String()),
    minutes: Type.Optional(Type.Integer({ minimum: 0 })),
    doneWhen: Type.Optional(Type.String()),
    minimal: Type.Boolean({ description: 'gehört zum Minimalpfad' }),
    sections: Type.Array(Type.Object({ title: Type.String(), line: Line }, { additionalProperties: false })),
    steps: Type.Array(Type.Integer({ minimum: 1 }), { description: 'Nummern der Schritte dieses Teils' }),
    quizzes: Type.Array(Type.Integer({ minimum: 1 })),
  },
  { additionalProperties: false },
);

export const TimeTableRow = Type.Object(
  {
    line: Line,
    label: Type.String(),
    partId: Type.Union([PartId, Type.Null()]),
    topic: Type.String(),
    time: Type.String(),
    minutes: Type.Union([Type.Integer({ minimum: 0 }), Type.Null()]),
  },
  { additionalProperties: false },
);

export const Admonition = Type.Object(
  {
    line: Line,
    type: Type.String(),
    title: Type.String(),
    text: Type.String(),
    partId: Type.Union([PartId, Type.Null()]),
  },
  { additionalProperties: false },
);

export const DetailsBox = Type.Object(
  {
    line: Line,
    endLine: Line,
    summary: Type.String(),
    kind: Type.Union([
      Type.Literal('answer'),
      Type.Literal('help'),
      Type.Literal('optional'),
      Type.Literal('info'),
    ]),
    text: Type.String({ description: 'Markdown des Inhalts' }),
    partId: Type.Union([PartId, Type.Null()]),
  },
  { additionalProperties: false },
);

export const Table = Type.Object(
  {
    line: Line,
    header: Type.Array(Type.String()),
    rows: Type.Array(Type.Array(Type.String())),
    partId: Type.Union([PartId, Type.Null()]),
  },
  { additionalProperties: false },
);

export const Callout = Type.Object(
  {
    line: Line,
    label: Type.String({ description: 'z. B. Ziel, Tipp, Wichtig, Hinweis' }),
    text: Type.String(),
    partId: Type.Union([PartId, Type.Null()]),
  },
  { additionalProperties: false },
);

export const PlaceholderInfo = Type.Object(
  {
    name: Type.String(),
    token: Type.String(),
    steps: Type.Array(Type.Integer({ minimum: 1 })),
    hint: Type.Optional(
      Type.String({ description: 'der Satz der Lektion, der sagt, womit er zu ersetzen ist' }),
    ),
    hintLine: Type.Optional(Line),
    fill: Type.Optional(
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
        { additionalProperties: false, description: 'woher der Runner den Wert nimmt (aus dem Overlay)' },
      ),
    ),
  },
  { additionalProperties: false },
);

export const Diagnostic = Type.Object(
  {
    severity: Type.Union([Type.Literal('warning'), Type.Literal('info')]),
    code: Type.String(),
    message: Type.String(),
    line: Type.Optional(Line),
  },
  { additionalProperties: false },
);

export const Lesson = Type.Object(
  {
    schemaVersion: Type.Literal(1),
    file: Type.String(),
    overlay: Type.Union([Type.String(), Type.Null()], {
      description: 'die Overlay-Datei neben der Lektion, falls es eine gibt',
    }),
    meta: Type.Object(
      {
        id: Type.String({ pattern: '^[0-9]+(\\.[0-9]+)*$' }),
        title: Type.String(),
        heading: Type.String(),
        tags: Type.Array(Type.String()),
        overview: Type.Object(
          {
            line: Line,
            text: Type.String(),
            goals: Type.Array(
              Type.Object({ line: Line, text: Type.String() }, { additionalProperties: false }),
            ),
          },
          { additionalProperties: false },
        ),
        timeTable: Type.Array(TimeTableRow),
        totalTime: Type.Optional(Type.String()),
        minimalPath: Type.Object(
          { line: Line, note: Type.String(), partIds: Type.Array(PartId) },
          { additionalProperties: false },
        ),
        prerequisites: Type.Array(Type.String()),
      },
      { additionalProperties: false },
    ),
    parts: Type.Array(Part),
    steps: Type.Array(Step),
    blocks: Type.Array(CodeBlock),
    quizzes: Type.Array(Quiz),
    checklist: Type.Array(ChecklistItem),
    cleanup: Type.Array(ChecklistItem),
    placeholders: Type.Array(PlaceholderInfo),
    content: Type.Object(
      {
        admonitions: Type.Array(Admonition),
        details: Type.Array(DetailsBox),
        tables: Type.Array(Table),
        callouts: Type.Array(Callout),
      },
      { additionalProperties: false },
    ),
    diagnostics: Type.Array(Diagnostic),
  },
  {
    additionalProperties: false,
    $id: 'https://lesson-workbooks.local/schemas/lesson.schema.json',
    title: 'Lektionsmodell',
  },
);

export type Platform = Type.Static<typeof Platform>;
export type Placeholder = Type.Static<typeof Placeholder>;
export type MatchMode = Type.Static<typeof MatchMode>;
export type ExpectedOutput = Type.Static<typeof ExpectedOutput>;
export type CommandStep = Type.Static<typeof CommandStep>;
export type FileStep = Type.Static<typeof FileStep>;
export type ManualStep = Type.Static<typeof ManualStep>;
export type Step = Type.Static<typeof Step>;
export type CodeBlock = Type.Static<typeof CodeBlock>;
export type BlockRole = Type.Static<typeof BlockRole>;
export type IllustrationKind = Type.Static<typeof IllustrationKind>;
export type Quiz = Type.Static<typeof Quiz>;
export type ChecklistItem = Type.Static<typeof ChecklistItem>;
export type Part = Type.Static<typeof Part>;
export type TimeTableRow = Type.Static<typeof TimeTableRow>;
export type Admonition = Type.Static<typeof Admonition>;
export type DetailsBox = Type.Static<typeof DetailsBox>;
export type Table = Type.Static<typeof Table>;
export type Callout = Type.Static<typeof Callout>;
export type PlaceholderInfo = Type.Static<typeof PlaceholderInfo>;
export type Diagnostic = Type.Static<typeof Diagnostic>;
export type Lesson = Type.Static<typeof Lesson>;
export type PlaceholderFill = NonNullable<PlaceholderInfo['fill']>;
