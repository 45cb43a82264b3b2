import { posix } from 'node:path';
import type { Code, List, Nodes } from 'mdast';
import type { CommandStep, FileStep, ManualStep, Part, PlaceholderInfo, Platform, Step } from '../model.ts';
import { expectedOutput } from './blocks.ts';
import { endLineOf, lineOf } from './markdown.ts';
import {
  changeDirectory,
  directoryChanges,
  isAlreadyIn,
  isInteractive,
  isServer,
  placeholdersIn,
  splitCommands,
} from './shell.ts';
import { ENSURE_DIRECTORY, INLINE_EXPECTATION, LOCAL_URL, MANUAL_VERB, STOP_SERVER } from './wording.ts';

/** Where the reader is when a step appears: what the walker knows about the surrounding text. */
export interface StepContext {
  part: Part | undefined;
  section: string | null;
  intro: string;
  platform: Platform;
  optional: boolean;
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

/**
 * Builds the numbered steps: commands (with the working directory they run in), files (with the
 * path they are written to) and click paths. Keeps what one step tells about the next: the last
 * command receives the expected output shown after it.
 */
export class StepBuilder {
  readonly steps: Step[] = [];
  private cwd = '.';
  private groups = 0;
  private lastStep: Step | undefined;
  private openManual: { step: ManualStep; next: number } | undefined;
  private readonly serverUrls = new Map<CommandStep, string>();

  /** A heading ends what one step could tell about the next. */
  newSection(): void {
    this.lastStep = undefined;
    this.openManual = undefined;
  }

  /** The command a following "Du solltest … sehen" belongs to: the step right before, if it is one. */
  get lastCommand(): CommandStep | undefined {
    return this.lastStep?.kind === 'command' ? this.lastStep : undefined;
  }

  command(node: Code, lang: string, context: StepContext): CommandStep {
    const commands = splitCommands(node.value);
    const cwd = this.cwd;
    const ensures = ENSURE_DIRECTORY.test(context.intro);
    let after = cwd;
    for (const command of commands) {
      for (const target of directoryChanges(command)) {
        after = ensures && isAlreadyIn(after, target) ? after : changeDirectory(after, target);
      }
    }
    // Only the main path moves the learner: a Windows variant or an optional box does not.
    const tracksDirectory = (context.platform === 'any' || context.platform === 'posix') && !context.optional;
    if (tracksDirectory) this.cwd = after;
    return this.add<CommandStep>(
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
      context,
    );
  }

  /** A file named in the sentence before the block, in the folder that sentence names (if any). */
  file(node: Code, name: string, directory: string | undefined, context: StepContext): FileStep {
    const base =
      directory === undefined || isAlreadyIn(this.cwd, directory)
        ? this.cwd
        : changeDirectory(this.cwd, directory);
    return this.add<FileStep>(
      {
        kind: 'file',
        name: posix.basename(name),
        path: posix.normalize(posix.join(base, name)),
        lang: node.lang ?? null,
        content: node.value.endsWith('\n') ? node.value : `${node.value}\n`,
      },
      node,
      context,
    );
  }

  /**
   * Click paths: an ordered list whose items mostly start with a GUI verb. A list that goes on with
   * the next number after a table ("2. Fülle das Formular aus:" | table | "3. Klicke …") is the same step.
   */
  manualList(node: List, texts: string[], context: StepContext): void {
    const start = node.start ?? 1;
    if (this.openManual && start === this.openManual.next) {
      this.openManual.step.instructions.push(...texts);
      this.openManual.step.endLine = endLineOf(node);
      this.openManual.next = start + texts.length;
      return;
    }
    const verbs = texts.filter((text) => MANUAL_VERB.test(text)).length;
    if (!MANUAL_VERB.test(texts[0] ?? '') || verbs * 2 < texts.length) return;
    const step = this.add<ManualStep>(
      { kind: 'manual', title: context.section ?? context.intro, instructions: texts, tables: [] },
      node,
      context,
    );
    this.openManual = { step, next: start + texts.length };
  }

  /** A table inside an open click path holds its form values. */
  tableInManual(index: number): void {
    this.openManual?.step.tables.push(index);
  }

  /** Sentences after a command: an inline expected output, a URL to open, "Stoppe den Server mit Ctrl+C". */
  sentenceAfter(text: string, codes: string[], line: number, blockFollows: boolean): void {
    const command = this.lastCommand;
    if (!command) return;
    if (STOP_SERVER.test(text)) command.longRunning = true;
    const url = LOCAL_URL.exec(text)?.[0];
    if (url && !this.serverUrls.has(command)) this.serverUrls.set(command, url);
    if (INLINE_EXPECTATION.test(text) && codes.length > 0 && !blockFollows) {
      command.expected.push(expectedOutput(codes[codes.length - 1] as string, null, text, line, 'inline'));
    }
  }

  /** Numbers a step, files it under its part and groups platform variants that stand side by side. */
  private add<S extends Step>(specific: Omit<S, keyof StepCommon>, node: Nodes, context: StepContext): S {
    const previous = this.lastStep;
    let variantGroup: number | null = null;
    if (
      context.platform !== 'any' &&
      previous &&
      previous.platform !== 'any' &&
      previous.section === context.section
    ) {
      previous.variantGroup ??= ++this.groups;
      variantGroup = previous.variantGroup;
    }
    const common: StepCommon = {
      number: this.steps.length + 1,
      line: lineOf(node),
      endLine: endLineOf(node),
      partId: context.part?.id ?? null,
      section: context.section,
      intro: context.intro,
      optional: context.optional,
      platform: context.platform,
      variantGroup,
      checks: [],
    };
    const step = { ...specific, ...common } as unknown as S;
    this.steps.push(step);
    context.part?.steps.push(step.number);
    this.lastStep = step;
    if (step.kind !== 'manual') this.openManual = undefined;
    return step;
  }

  /** A server the lesson opens in the browser is ready when that URL answers. */
  resolveServerUrls(): void {
    for (const [command, url] of this.serverUrls) if (command.longRunning) command.readyUrl = url;
  }

  /** Every placeholder with the steps it appears in and the sentence that explains it. */
  placeholders(hints: Map<string, { hint: string; line: number }>): PlaceholderInfo[] {
    const placeholders = new Map<string, PlaceholderInfo>();
    for (const step of this.steps) {
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
      const hint = hints.get(info.name);
      if (hint) {
        info.hint = hint.hint;
        info.hintLine = hint.line;
      }
    }
    return [...placeholders.values()];
  }
}
