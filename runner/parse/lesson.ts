import { posix } from 'node:path';
import type {
  BlockContent,
  Code,
  Heading,
  List,
  Table as MdTable,
  Nodes,
  Paragraph,
  RootContent,
} from 'mdast';
import { LessonError } from '../errors.ts';
import type {
  CodeBlock,
  CommandStep,
  FileStep,
  Lesson,
  ManualStep,
  Part,
  PlaceholderInfo,
  Platform,
  Quiz,
  Step,
} from '../model.ts';
import { expectedOutput, illustrationKind, promptsIn } from './blocks.ts';
import { readFrontmatter } from './frontmatter.ts';
import { endLineOf, inlineCodes, lineOf, parseMarkdown, plainText, proseText, sourceOf } from './markdown.ts';
import {
  changeDirectory,
  directoryChanges,
  isAlreadyIn,
  isInteractive,
  isServer,
  placeholdersIn,
  splitCommands,
} from './shell.ts';
import {
  admonitionHead,
  assertFenceClosed,
  calloutsIn,
  detailsTokens,
  isFenced,
  labelParagraph,
} from './structure.ts';
import {
  type ChapterName,
  classifyChapter,
  detailsKind,
  directoryIn,
  ENSURE_DIRECTORY,
  EXPECTED_INTRO,
  FILE_INTRO,
  fileNameIn,
  INLINE_EXPECTATION,
  INTERACTION_INTRO,
  LOCAL_URL,
  MANUAL_VERB,
  minutesIn,
  OPTIONAL_INTRO,
  platformOfLabel,
  SHELL_LANGS,
  STOP_SERVER,
} from './wording.ts';

export interface ParseOptions {
  /** The id the file name gives (`30.1-….md` → `30.1`); the title's prefix wins when both exist. */
  id?: string;
}

interface OpenDetails {
  summary: string;
  kind: 'answer' | 'help' | 'optional' | 'info';
  line: number;
  contentStart: number;
  label: Platform | undefined;
}

interface OpenQuiz {
  number: number;
  title: string;
  line: number;
  question: string[];
}

/**
 * Walks the Markdown tree once, in document order, keeping what a reader keeps in mind: the current
 * part and section, the open `<details>` box, the sentence before a block, the working directory.
 */
class LessonWalker {
  readonly lesson: Lesson;
  private chapter: ChapterName = { kind: 'other', partId: null };
  private part: Part | undefined;
  private section: string | null = null;
  private inMinimalPath = false;
  private details: OpenDetails | undefined;
  private quiz: OpenQuiz | undefined;
  private intro = '';
  /** Inline code of the sentence before a block (file and folder names). */
  private introCodes: string[] = [];
  private label: Platform | undefined;
  private lastCommand: CommandStep | undefined;
  private lastStep: Step | undefined;
  private openManual: { step: ManualStep; next: number } | undefined;
  private afterAdmonition = false;
  private cwd = '.';
  private groups = 0;
  private readonly serverUrls = new Map<CommandStep, string>();
  private readonly placeholderHints = new Map<string, { hint: string; line: number }>();

  constructor(
    private readonly text: string,
    private readonly file: string,
  ) {
    this.lesson = {
      schemaVersion: 1,
      file,
      overlay: null,
      meta: {
        id: '',
        title: '',
        heading: '',
        tags: [],
        overview: { line: 1, text: '', goals: [] },
        timeTable: [],
        minimalPath: { line: 1, note: '', partIds: [] },
        prerequisites: [],
      },
      parts: [],
      steps: [],
      blocks: [],
      quizzes: [],
      checklist: [],
      cleanup: [],
      placeholders: [],
      content: { admonitions: [], details: [], tables: [], callouts: [] },
      diagnostics: [],
    };
  }

  walk(nodes: RootContent[]): void {
    for (const [index, node] of nodes.entries()) this.visit(node, nodes[index + 1]);
    if (this.details) {
      throw new LessonError(
        'structure',
        `Die <details>-Box „${this.details.summary}“ wird nie mit </details> geschlossen.`,
        {
          file: this.file,
          line: this.details.line,
        },
      );
    }
  }

  private visit(node: RootContent, next: RootContent | undefined): void {
    const wasAfterAdmonition = this.afterAdmonition;
    this.afterAdmonition = false;
    switch (node.type) {
      case 'heading':
        this.heading(node);
        break;
      case 'paragraph':
        this.paragraph(node, next);
        break;
      case 'code':
        this.code(node, false, wasAfterAdmonition);
        break;
      case 'html':
        this.html(node);
        break;
      case 'list':
        this.list(node);
        break;
      case 'table':
        this.table(node);
        break;
      case 'blockquote':
        this.blockquote(node.children);
        break;
      default:
        return;
    }
  }

  private heading(node: Heading): void {
    const title = plainText(node);
    this.intro = '';
    this.introCodes = [];
    this.label = undefined;
    this.lastCommand = undefined;
    this.lastStep = undefined;
    this.openManual = undefined;
    this.inMinimalPath = false;
    if (this.quiz && node.depth <= 3) {
      this.lesson.diagnostics.push({
        severity: 'warning',
        code: 'quiz-without-answer',
        message: `„${this.quiz.title}“ hat keine <details>-Box mit der Antwort; der Runner überspringt die Frage.`,
        line: this.quiz.line,
      });
      this.quiz = undefined;
    }
    if (node.depth === 1) {
      if (!this.lesson.meta.heading) this.lesson.meta.heading = title;
      return;
    }
    if (node.depth === 2) {
      this.chapter = classifyChapter(title);
      this.section = null;
      this.part = undefined;
      if (this.chapter.partId) this.part = this.openPart(title, node);
      if (this.chapter.kind === 'overview') this.lesson.meta.overview.line = lineOf(node);
      return;
    }
    this.section = title;
    this.part?.sections.push({ title, line: lineOf(node) });
    if (node.depth === 3 && /^Minimalpfad\b/i.test(title)) {
      this.inMinimalPath = true;
      this.lesson.meta.minimalPath.line = lineOf(node);
      this.lesson.meta.minimalPath.note = /\(([^)]*)\)/.exec(title)?.[1] ?? '';
    }
    const quiz = /^Wissensfrage\b\s*(\d+)?/i.exec(title);
    if (quiz) {
      this.quiz = {
        number: Number(quiz[1] ?? this.lesson.quizzes.length + 1),
        title,
        line: lineOf(node),
        question: [],
      };
    }
  }

  private openPart(title: string, node: Heading): Part {
    const { kind, partId, number } = this.chapter;
    const part: Part = {
      id: partId as string,
      kind: kind as Part['kind'],
      title,
      line: lineOf(node),
      minimal: false,
      sections: [],
      steps: [],
      quizzes: [],
    };
    if (number !== undefined) part.number = number;
    if (this.lesson.parts.some((existing) => existing.id === part.id)) {
      throw new LessonError('structure', `Den Abschnitt „${title}“ gibt es zweimal.`, {
        file: this.file,
        line: part.line,
      });
    }
    this.lesson.parts.push(part);
    return part;
  }

  private paragraph(node: Paragraph, next: RootContent | undefined): void {
    const admonition = admonitionHead(node, this.text);
    if (admonition) {
      this.lesson.content.admonitions.push({
        line: lineOf(node),
        type: admonition.type,
        title: admonition.title,
        text: admonition.body,
        partId: this.chapter.partId,
      });
      this.afterAdmonition = admonition.body === '';
      return;
    }
    const label = labelParagraph(node);
    const platform = label === undefined ? undefined : platformOfLabel(label);
    if (platform) {
      this.label = platform;
      return;
    }
    const text = proseText(node);
    if (this.quiz && !this.details) this.quiz.question.push(sourceOf(this.text, node).trim());
    if (this.chapter.kind === 'overview' && !this.section) {
      const overview = this.lesson.meta.overview;
      overview.text = overview.text ? `${overview.text}\n\n${text}` : text;
    }
    if (this.inMinimalPath && label !== undefined) this.lesson.meta.minimalPath.note ||= label;
    this.noticeAfterCommand(node, text, next);
    this.noticePlaceholderHint(node, text);
    this.intro = text;
    this.introCodes = inlineCodes(node);
    this.label = undefined;
  }

  /** Sentences after a command: an inline expected output, a URL to open, "Stoppe den Server mit Ctrl+C". */
  private noticeAfterCommand(node: Paragraph, text: string, next: RootContent | undefined): void {
    const command = this.lastCommand;
    if (!command || this.lastStep !== command) return;
    if (STOP_SERVER.test(text)) command.longRunning = true;
    const url = LOCAL_URL.exec(text)?.[0];
    if (url && !this.serverUrls.has(command)) this.serverUrls.set(command, url);
    const codes = inlineCodes(node);
    if (INLINE_EXPECTATION.test(text) && codes.length > 0 && next?.type !== 'code') {
      command.expected.push(
        expectedOutput(codes[codes.length - 1] as string, null, text, lineOf(node), 'inline'),
      );
    }
  }

  private noticePlaceholderHint(node: Paragraph, text: string): void {
    if (!/\bErsetze\b/i.test(text)) return;
    for (const code of inlineCodes(node)) {
      const name = /^<([^<>\s]+)>$/.exec(code)?.[1];
      if (name && !this.placeholderHints.has(name))
        this.placeholderHints.set(name, { hint: text, line: lineOf(node) });
    }
  }

  private html(node: Nodes & { type: 'html' }): void {
    for (const token of detailsTokens(node)) {
      if (token.type === 'open') {
        if (this.details) {
          throw new LessonError(
            'structure',
            'Eine <details>-Box beginnt, bevor die vorige mit </details> geschlossen ist.',
            {
              file: this.file,
              line: lineOf(node),
            },
          );
        }
        this.details = {
          summary: token.summary,
          kind: detailsKind(token.summary, this.quiz !== undefined),
          line: lineOf(node),
          contentStart: token.contentStart,
          label: this.label,
        };
        this.label = undefined;
      } else {
        if (!this.details) {
          throw new LessonError('structure', '</details> schließt eine Box, die nie geöffnet wurde.', {
            file: this.file,
            line: lineOf(node),
          });
        }
        this.closeDetails(token.contentEnd, endLineOf(node));
      }
    }
  }

  private closeDetails(contentEnd: number, endLine: number): void {
    const details = this.details as OpenDetails;
    const text = this.text.slice(details.contentStart, contentEnd).trim();
    this.lesson.content.details.push({
      line: details.line,
      endLine,
      summary: details.summary,
      kind: details.kind,
      text,
      partId: this.chapter.partId,
    });
    if (this.quiz && details.kind === 'answer') this.finishQuiz(text, details.line);
    this.details = undefined;
    this.intro = '';
  }

  private finishQuiz(answer: string, answerLine: number): void {
    const open = this.quiz as OpenQuiz;
    const quiz: Quiz = {
      number: open.number,
      title: open.title,
      line: open.line,
      partId: this.chapter.partId,
      question: open.question.join('\n\n'),
      answer,
      answerLine,
    };
    this.lesson.quizzes.push(quiz);
    this.part?.quizzes.push(quiz.number);
    this.quiz = undefined;
  }

  private table(node: MdTable): void {
    const [head, ...rows] = node.children.map((row) => row.children.map((cell) => plainText(cell)));
    const index = this.lesson.content.tables.length;
    this.lesson.content.tables.push({
      line: lineOf(node),
      header: head ?? [],
      rows,
      partId: this.chapter.partId,
    });
    if (this.openManual && !this.details) this.openManual.step.tables.push(index);
    if (this.chapter.kind === 'toc' && this.lesson.meta.timeTable.length === 0) this.timeTable(node);
  }

  private timeTable(node: MdTable): void {
    for (const row of node.children.slice(1)) {
      const cells = row.children.map((cell) => plainText(cell));
      const [label = '', topic = '', time = ''] = cells;
      if (label === '' && /Gesamt/i.test(topic)) {
        this.lesson.meta.totalTime = time;
        continue;
      }
      this.lesson.meta.timeTable.push({
        line: lineOf(row),
        label,
        partId: classifyChapter(label).partId,
        topic,
        time,
        minutes: minutesIn(time) ?? null,
      });
    }
  }

  private blockquote(children: BlockContent[] | RootContent[]): void {
    for (const child of children) {
      if (child.type === 'paragraph') {
        this.noticePlaceholderHint(child, proseText(child));
        for (const callout of calloutsIn(child)) this.callout(callout.label, callout.text, callout.line);
      } else if (child.type === 'code') {
        this.code(child, true, false);
      }
    }
  }

  private callout(label: string, text: string, line: number): void {
    this.lesson.content.callouts.push({ line, label, text, partId: this.chapter.partId });
    const part = this.part;
    if (!part) return;
    if (/^Ziel$/i.test(label) && part.goal === undefined) part.goal = text;
    if (/^Zeitbedarf$/i.test(label) && part.minutes === undefined) {
      const minutes = minutesIn(text);
      if (minutes !== undefined) part.minutes = minutes;
    }
    if (/^Du bist fertig,? wenn$/i.test(label) && part.doneWhen === undefined) part.doneWhen = text;
  }

  private list(node: List): void {
    const items = node.children;
    if (items.some((item) => item.checked !== null && item.checked !== undefined)) {
      const target = this.chapter.kind === 'cleanup' ? this.lesson.cleanup : this.lesson.checklist;
      for (const item of items) {
        target.push({
          index: target.length + 1,
          line: lineOf(item),
          text: itemMarkdown(this.text, item),
          checked: item.checked === true,
          checks: [],
          selfAssessed: false,
        });
      }
      return;
    }
    const texts = items.map((item) => plainText(item.children[0] ?? item));
    if (this.inMinimalPath) {
      for (const text of texts) {
        const partId = classifyChapter(text).partId;
        if (partId) this.lesson.meta.minimalPath.partIds.push(partId);
      }
      return;
    }
    if (this.chapter.kind === 'overview' && !this.section && !node.ordered) {
      for (const [i, item] of items.entries()) {
        this.lesson.meta.overview.goals.push({ line: lineOf(item), text: texts[i] as string });
      }
      return;
    }
    if (
      this.chapter.kind === 'prerequisites' &&
      node.ordered &&
      this.lesson.meta.prerequisites.length === 0
    ) {
      this.lesson.meta.prerequisites.push(...texts);
      return;
    }
    if (node.ordered && this.details?.kind !== 'answer') this.manualList(node, texts);
    for (const item of items) {
      for (const child of item.children) if (child.type === 'code') this.code(child, false, false);
    }
  }

  /** Click paths: an ordered list whose items mostly start with a GUI verb. */
  private manualList(node: List, texts: string[]): void {
    const start = node.start ?? 1;
    if (this.openManual && start === this.openManual.next) {
      this.openManual.step.instructions.push(...texts);
      this.openManual.step.endLine = endLineOf(node);
      this.openManual.next = start + texts.length;
      return;
    }
    const verbs = texts.filter((text) => MANUAL_VERB.test(text)).length;
    if (!MANUAL_VERB.test(texts[0] ?? '') || verbs * 2 < texts.length) return;
    const step = this.addStep<ManualStep>(
      {
        kind: 'manual',
        title: this.section ?? this.intro,
        instructions: texts,
        tables: [],
      },
      node,
    );
    this.openManual = { step, next: start + texts.length };
  }

  private code(node: Code, inBlockquote: boolean, afterAdmonition: boolean): void {
    if (!isFenced(node, this.text)) {
      const admonition = this.lesson.content.admonitions.at(-1);
      if (afterAdmonition && admonition) {
        admonition.text = node.value.replace(/\s+/g, ' ').trim();
        return;
      }
    } else {
      assertFenceClosed(node, this.text, this.file);
    }
    const block: CodeBlock = {
      line: lineOf(node),
      endLine: endLineOf(node),
      lang: node.lang ?? null,
      role: 'unknown',
      partId: this.chapter.partId,
    };
    this.lesson.blocks.push(block);
    this.classify(node, block, inBlockquote);
    if (block.role === 'unknown') {
      this.lesson.diagnostics.push({
        severity: 'warning',
        code: 'unclassified-block',
        message:
          'Dieser Codeblock ist weder Befehl noch Datei noch erwartete Ausgabe; der Runner zeigt ihn nur an.',
        line: block.line,
      });
    }
    this.intro = '';
    this.introCodes = [];
    this.label = undefined;
  }

  private classify(node: Code, block: CodeBlock, inBlockquote: boolean): void {
    const lang = node.lang ?? null;
    const intro = this.intro;
    const illustrate = () => {
      block.role = 'illustration';
      block.illustration = illustrationKind(node.value, lang);
    };
    if (lang === 'mermaid' || inBlockquote || this.details?.kind === 'answer') {
      illustrate();
      return;
    }
    const command = this.lastStep?.kind === 'command' ? this.lastCommand : undefined;
    if (FILE_INTRO.test(intro)) {
      const name = fileNameIn(this.introCodes);
      if (name) {
        const step = this.fileStep(node, name, directoryIn(this.introCodes));
        block.role = 'file';
        block.step = step.number;
        return;
      }
    }
    if (command && EXPECTED_INTRO.test(intro)) {
      command.expected.push(expectedOutput(node.value, lang, intro, lineOf(node), 'block'));
      block.role = 'expected-output';
      block.step = command.number;
      return;
    }
    if (command?.interactive && INTERACTION_INTRO.test(intro)) {
      const prompts = promptsIn(node.value);
      if (prompts) {
        command.interaction = { line: lineOf(node), prompts };
        block.role = 'interaction';
        block.step = command.number;
        return;
      }
    }
    if (lang !== null && SHELL_LANGS.has(lang.toLowerCase())) {
      const step = this.commandStep(node, lang);
      block.role = 'command';
      block.step = step.number;
      return;
    }
    if (lang === null || lang === 'text' || lang === 'txt' || lang === 'plain') {
      const kind = illustrationKind(node.value, lang);
      if (kind !== 'text') {
        block.role = 'illustration';
        block.illustration = kind;
      }
    }
  }

  private commandStep(node: Code, lang: string): CommandStep {
    const commands = splitCommands(node.value);
    const cwd = this.cwd;
    const ensures = ENSURE_DIRECTORY.test(this.intro);
    let after = cwd;
    const platform = this.currentPlatform();
    const tracksDirectory = (platform === 'any' || platform === 'posix') && !this.isOptional();
    for (const command of commands) {
      for (const target of directoryChanges(command)) {
        after = ensures && isAlreadyIn(after, target) ? after : changeDirectory(after, target);
      }
    }
    if (tracksDirectory) this.cwd = after;
    const step = this.addStep<CommandStep>(
      {
        kind: 'command',
        lang,
        code: node.value,
        commands,
        cwd,
        cwdAfter: tracksDirectory ? after : cwd,
        ensuresDirectory: ensures && commands.some((command) => directoryChanges(command).length > 0),
        interactive: commands.some(isInteractive),
        longRunning: commands.some(isServer),
        placeholders: placeholdersIn(node.value, lineOf(node) + 1),
        expected: [],
      },
      node,
    );
    this.lastCommand = step;
    return step;
  }

  private fileStep(node: Code, name: string, directory: string | undefined): FileStep {
    const base =
      directory === undefined || isAlreadyIn(this.cwd, directory)
        ? this.cwd
        : changeDirectory(this.cwd, directory);
    return this.addStep<FileStep>(
      {
        kind: 'file',
        name: posix.basename(name),
        path: posix.normalize(posix.join(base, name)),
        lang: node.lang ?? null,
        content: node.value.endsWith('\n') ? node.value : `${node.value}\n`,
      },
      node,
    );
  }

  private currentPlatform(): Platform {
    return this.label ?? this.details?.label ?? 'any';
  }

  private isOptional(): boolean {
    return (this.details !== undefined && this.details.kind !== 'answer') || OPTIONAL_INTRO.test(this.intro);
  }

  /** Numbers a step, files it under its part and groups platform variants that stand side by side. */
  private addStep<S extends Step>(specific: Omit<S, keyof StepCommon>, node: Nodes): S {
    const platform = this.currentPlatform();
    const previous = this.lastStep;
    let variantGroup: number | null = null;
    if (platform !== 'any' && previous && previous.platform !== 'any' && previous.section === this.section) {
      previous.variantGroup ??= ++this.groups;
      variantGroup = previous.variantGroup;
    }
    const common: StepCommon = {
      number: this.lesson.steps.length + 1,
      line: lineOf(node),
      endLine: endLineOf(node),
      partId: this.chapter.partId,
      section: this.section,
      intro: this.intro,
      optional: this.isOptional(),
      platform,
      variantGroup,
      checks: [],
    };
    const step = { ...specific, ...common } as unknown as S;
    this.lesson.steps.push(step);
    this.part?.steps.push(step.number);
    this.lastStep = step;
    if (step.kind !== 'manual') this.openManual = undefined;
    return step;
  }

  /** Finishing touches that need the whole document: part times, the minimal path, placeholders. */
  finish(): void {
    for (const [command, url] of this.serverUrls) if (command.longRunning) command.readyUrl = url;
    const { meta, parts } = this.lesson;
    for (const part of parts) {
      if (part.minutes === undefined) {
        const row = meta.timeTable.find((entry) => entry.partId === part.id);
        if (row?.minutes !== undefined && row.minutes !== null) part.minutes = row.minutes;
      }
      part.minimal = meta.minimalPath.partIds.includes(part.id);
    }
    const placeholders = new Map<string, PlaceholderInfo>();
    for (const step of this.lesson.steps) {
      if (step.kind !== 'command') continue;
      for (const placeholder of step.placeholders) {
        const info = placeholders.get(placeholder.name) ?? {
          name: placeholder.name,
          token: placeholder.token,
          steps: [],
        };
        if (!info.steps.includes(step.number)) info.steps.push(step.number);
        placeholders.set(placeholder.name, info);
      }
    }
    for (const info of placeholders.values()) {
      const hint = this.placeholderHints.get(info.name);
      if (hint) {
        info.hint = hint.hint;
        info.hintLine = hint.line;
      }
    }
    this.lesson.placeholders = [...placeholders.values()];
  }
}

type StepCommon = Pick<
  CommandStep,
  | 'number'
  | 'line'
  | 'endLine'
  | 'partId'
  | 'section'
  | 'intro'
  | 'optional'
  | 'platform'
  | 'variantGroup'
  | 'checks'
>;

function itemMarkdown(text: string, item: Nodes): string {
  const first = 'children' in item ? item.children[0] : undefined;
  // GFM counts the `[ ]` of a task item into its paragraph when the text starts with emphasis.
  return (first ? sourceOf(text, first) : '')
    .replace(/^\[[ xX]\]\s*/, '')
    .replace(/\s*\n\s*/g, ' ')
    .trim();
}

/** Markdown text → lesson model. Pure: no file access; `file` only names the source in messages. */
export function parseLesson(text: string, file: string, options: ParseOptions = {}): Lesson {
  if (text.trim() === '') throw new LessonError('empty', 'Die Lektion ist leer.', { file });
  const tree = parseMarkdown(text);
  const frontmatter = readFrontmatter(tree, text, file);
  const walker = new LessonWalker(text, file);
  walker.walk(tree.children);
  walker.finish();
  const lesson = walker.lesson;
  const title = frontmatter.title ?? lesson.meta.heading;
  const titleId = /^(\d+(?:\.\d+)*)\s*[:\-–]/.exec(title)?.[1];
  const id = titleId ?? options.id;
  if (!id) {
    throw new LessonError(
      'structure',
      'Die Lektion hat keine Nummer: der Titel sollte mit ihr beginnen („title: "30.1: …"“) oder der Dateiname („30.1-….md“).',
      { file, line: 1 },
    );
  }
  if (titleId && options.id && titleId !== options.id) {
    lesson.diagnostics.push({
      severity: 'warning',
      code: 'id-mismatch',
      message: `Der Titel nennt die Lektion ${titleId}, der Dateiname ${options.id}; es gilt ${titleId}.`,
      line: 1,
    });
  }
  lesson.meta.id = id;
  lesson.meta.title = title;
  lesson.meta.tags = frontmatter.tags;
  if (lesson.parts.length === 0) {
    throw new LessonError(
      'structure',
      'Die Lektion hat keine Teile: erwartet werden Überschriften wie „## Teil 1: …“.',
      {
        file,
        line: 1,
      },
    );
  }
  return lesson;
}
