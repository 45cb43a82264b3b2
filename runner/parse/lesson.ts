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
import type { CodeBlock, Lesson, Part, Platform, Quiz } from '../model.ts';
import { expectedOutput, illustrationKind, promptsIn } from './blocks.ts';
import { readFrontmatter } from './frontmatter.ts';
import { endLineOf, inlineCodes, lineOf, parseMarkdown, plainText, proseText, sourceOf } from './markdown.ts';
import { applyPartCallout, checklistItemText, readTimeTable } from './meta.ts';
import { StepBuilder, type StepContext } from './steps.ts';
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
  EXPECTED_INTRO,
  FILE_INTRO,
  fileNameIn,
  INTERACTION_INTRO,
  OPTIONAL_INTRO,
  platformOfLabel,
  SHELL_LANGS,
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
  private readonly steps = new StepBuilder();
  private afterAdmonition = false;
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
    this.steps.newSection();
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
    this.steps.sentenceAfter(text, inlineCodes(node), lineOf(node), next?.type === 'code');
    this.noticePlaceholderHint(node, text);
    this.intro = text;
    this.introCodes = inlineCodes(node);
    this.label = undefined;
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
    if (!this.details) this.steps.tableInManual(index);
    if (this.chapter.kind === 'toc' && this.lesson.meta.timeTable.length === 0) {
      const { rows, total } = readTimeTable(node);
      this.lesson.meta.timeTable = rows;
      if (total !== undefined) this.lesson.meta.totalTime = total;
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
    if (this.part) applyPartCallout(this.part, label, text);
  }

  private list(node: List): void {
    const items = node.children;
    if (items.some((item) => item.checked !== null && item.checked !== undefined)) {
      const target = this.chapter.kind === 'cleanup' ? this.lesson.cleanup : this.lesson.checklist;
      for (const item of items) {
        target.push({
          index: target.length + 1,
          line: lineOf(item),
          text: checklistItemText(this.text, item),
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
    if (node.ordered && this.details?.kind !== 'answer')
      this.steps.manualList(node, texts, this.stepContext());
    for (const item of items) {
      for (const child of item.children) if (child.type === 'code') this.code(child, false, false);
    }
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
    const command = this.steps.lastCommand;
    if (FILE_INTRO.test(intro)) {
      const name = fileNameIn(this.introCodes);
      if (name) {
        const step = this.steps.file(node, name, directoryIn(this.introCodes), this.stepContext());
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
      const step = this.steps.command(node, lang, this.stepContext());
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

  private stepContext(): StepContext {
    return {
      part: this.part,
      section: this.section,
      intro: this.intro,
      platform: this.label ?? this.details?.label ?? 'any',
      optional:
        (this.details !== undefined && this.details.kind !== 'answer') || OPTIONAL_INTRO.test(this.intro),
    };
  }

  /** Finishing touches that need the whole document: part times, the minimal path, placeholders. */
  finish(): void {
    this.steps.resolveServerUrls();
    this.lesson.steps = this.steps.steps;
    const { meta, parts } = this.lesson;
    for (const part of parts) {
      if (part.minutes === undefined) {
        const row = meta.timeTable.find((entry) => entry.partId === part.id);
        if (row?.minutes !== undefined && row.minutes !== null) part.minutes = row.minutes;
      }
      part.minimal = meta.minimalPath.partIds.includes(part.id);
    }
    this.lesson.placeholders = this.steps.placeholders(this.placeholderHints);
  }
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
