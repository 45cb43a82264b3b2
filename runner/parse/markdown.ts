import type { Nodes, Root } from 'mdast';
import { frontmatterFromMarkdown } from 'mdast-util-frontmatter';
import { gfmTableFromMarkdown } from 'mdast-util-gfm-table';
import { gfmTaskListItemFromMarkdown } from 'mdast-util-gfm-task-list-item';
import { toString as mdastToString } from 'mdast-util-to-string';
import { frontmatter } from 'micromark-extension-frontmatter';
import { gfmTable } from 'micromark-extension-gfm-table';
import { gfmTaskListItem } from 'micromark-extension-gfm-task-list-item';
import remarkParse from 'remark-parse';
import { type Processor, unified } from 'unified';

/**
 * remark-parse with the parts of GFM the lessons use (tables, task lists) and YAML frontmatter,
 * registered the way remark-gfm and remark-frontmatter register theirs. The rest of GFM (autolink
 * literals, footnotes, strikethrough) is left out: the lessons do not need it and it made
 * `--plan` about 25% slower (bench/plan-startup.mjs).
 */
function lessonSyntax(this: Processor): void {
  const data = this.data();
  data.micromarkExtensions = [
    ...(data.micromarkExtensions ?? []),
    frontmatter(['yaml']),
    gfmTable(),
    gfmTaskListItem(),
  ];
  data.fromMarkdownExtensions = [
    ...(data.fromMarkdownExtensions ?? []),
    frontmatterFromMarkdown(['yaml']),
    gfmTableFromMarkdown(),
    gfmTaskListItemFromMarkdown(),
  ];
}

const processor = unified().use(remarkParse).use(lessonSyntax).freeze();

export function parseMarkdown(text: string): Root {
  return processor.parse(text);
}

export function lineOf(node: Nodes): number {
  return node.position?.start.line ?? 1;
}

export function endLineOf(node: Nodes): number {
  return node.position?.end.line ?? lineOf(node);
}

/** Plain text of a node with soft line breaks folded to spaces. */
export function plainText(node: Nodes): string {
  return mdastToString(node)
    .replace(/\s*\n\s*/g, ' ')
    .trim();
}

/** The Markdown source a node was parsed from. */
export function sourceOf(text: string, node: Nodes): string {
  const start = node.position?.start.offset;
  const end = node.position?.end.offset;
  return start === undefined || end === undefined ? '' : text.slice(start, end);
}

/** The inline code spans of a node, in order. */
export function inlineCodes(node: Nodes): string[] {
  const found: string[] = [];
  const visit = (current: Nodes): void => {
    if (current.type === 'inlineCode') found.push(current.value);
    if ('children' in current) for (const child of current.children) visit(child);
  };
  visit(node);
  return found;
}

/** Text of a sentence as a reader sees it: emphasis dropped, inline code kept in backticks. */
export function proseText(node: Nodes): string {
  const render = (current: Nodes): string => {
    if (current.type === 'inlineCode') return `\`${current.value}\``;
    if (current.type === 'text') return current.value;
    if (current.type === 'break') return ' ';
    if ('children' in current) return current.children.map((child) => render(child as Nodes)).join('');
    return 'value' in current && typeof current.value === 'string' ? current.value : '';
  };
  return render(node)
    .replace(/\s*\n\s*/g, ' ')
    .trim();
}
