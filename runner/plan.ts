import type { Lesson, Part, Platform, Quiz, Step } from './model.ts';

/**
 * The order in which the runner walks a lesson, as plain data: sections with their steps and
 * Wissensfragen in document order, the learner's platform variant chosen, the rest kept as
 * "other variants" to show on request. Pure.
 */

export type LearnerPlatform = 'linux' | 'macos' | 'windows';

export interface PlanSection {
  id: string;
  title: string;
  line: number;
  goal?: string;
  minutes?: number;
  doneWhen?: string;
  minimal: boolean;
}

export type PlanItem =
  | { kind: 'section-start'; section: PlanSection }
  | { kind: 'step'; section: PlanSection; step: Step; variants: Step[] }
  | { kind: 'quiz'; section: PlanSection; quiz: Quiz }
  | { kind: 'section-end'; section: PlanSection };

export interface PlanOptions {
  platform: LearnerPlatform;
  /** Only the lesson's Minimalpfad. */
  minimal?: boolean;
  /** Only this part (`4` or `teil-4` or `bonus`). */
  part?: string;
}

/** Whether the learner's bash runs a step written for `platform`. */
export function runsOn(platform: Platform, learner: LearnerPlatform): boolean {
  switch (platform) {
    case 'any':
    case 'posix':
      return true;
    case 'windows':
      return learner === 'windows';
    case 'macos':
    case 'linux':
      return platform === learner;
    case 'windows-cmd':
    case 'windows-powershell':
      // The runner always uses bash (Git Bash on Windows): these are shown, never run.
      return false;
  }
}

export const SETUP_SECTION_ID = 'voraussetzungen';

function sectionOf(part: Part): PlanSection {
  const section: PlanSection = { id: part.id, title: part.title, line: part.line, minimal: part.minimal };
  if (part.goal !== undefined) section.goal = part.goal;
  if (part.minutes !== undefined) section.minutes = part.minutes;
  if (part.doneWhen !== undefined) section.doneWhen = part.doneWhen;
  return section;
}

export function partIdFor(lesson: Lesson, wanted: string): string | undefined {
  const id = /^\d+$/.test(wanted) ? `teil-${wanted}` : wanted.toLowerCase();
  return lesson.parts.find((part) => part.id === id)?.id;
}

export function planLesson(lesson: Lesson, options: PlanOptions): PlanItem[] {
  const items: PlanItem[] = [];
  const byGroup = new Map<number, Step[]>();
  for (const step of lesson.steps) {
    if (step.variantGroup !== null)
      byGroup.set(step.variantGroup, [...(byGroup.get(step.variantGroup) ?? []), step]);
  }
  const onlyPart = options.part === undefined ? undefined : partIdFor(lesson, options.part);
  const sections: Array<{ section: PlanSection; steps: Step[]; quizzes: Quiz[] }> = [];
  const setupSteps = lesson.steps.filter((step) => step.partId === null);
  if (setupSteps.length > 0 && onlyPart === undefined) {
    sections.push({
      section: {
        id: SETUP_SECTION_ID,
        title: 'Voraussetzungen & Setup',
        line: setupSteps[0]?.line ?? 1,
        minimal: true,
      },
      steps: setupSteps,
      quizzes: [],
    });
  }
  for (const part of lesson.parts) {
    if (onlyPart !== undefined && part.id !== onlyPart) continue;
    if (options.minimal && !part.minimal && onlyPart === undefined) continue;
    sections.push({
      section: sectionOf(part),
      steps: lesson.steps.filter((step) => step.partId === part.id),
      quizzes: lesson.quizzes.filter((quiz) => quiz.partId === part.id),
    });
  }
  for (const { section, steps, quizzes } of sections) {
    items.push({ kind: 'section-start', section });
    const entries: Array<{ line: number; item: PlanItem }> = [];
    for (const step of steps) {
      if (!runsOn(step.platform, options.platform)) continue;
      const variants = (step.variantGroup === null ? [] : (byGroup.get(step.variantGroup) ?? [])).filter(
        (other) => other !== step,
      );
      entries.push({ line: step.line, item: { kind: 'step', section, step, variants } });
    }
    for (const quiz of quizzes) entries.push({ line: quiz.line, item: { kind: 'quiz', section, quiz } });
    entries.sort((a, b) => a.line - b.line);
    items.push(...entries.map((entry) => entry.item));
    items.push({ kind: 'section-end', section });
  }
  return items;
}

/** Where to begin: `--from STEP` or the first step after the last one finished. */
export function startIndex(
  items: PlanItem[],
  options: { from?: number; finished?: ReadonlySet<string> },
): number {
  if (options.from !== undefined) {
    return items.findIndex((item) => item.kind === 'step' && item.step.number === options.from);
  }
  const finished = options.finished ?? new Set<string>();
  const index = items.findIndex((item) => !finished.has(itemKey(item)));
  return index === -1 ? items.length : index;
}

/** A stable key per plan item, for the state file. */
export function itemKey(item: PlanItem): string {
  switch (item.kind) {
    case 'section-start':
      return `start:${item.section.id}`;
    case 'section-end':
      return `end:${item.section.id}`;
    case 'step':
      return `step:${item.step.number}`;
    case 'quiz':
      return `quiz:${item.quiz.number}`;
  }
}
