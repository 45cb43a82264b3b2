import type { Nodes, Table } from 'mdast';
import type { Part, TimeTableRow } from '../model.ts';
import { lineOf, plainText, sourceOf } from './markdown.ts';
import { classifyChapter, minutesIn } from './wording.ts';

/** Pure readers for the lesson's framing: the time table, part callouts, checklist items. */

/** The Inhaltsverzeichnis table: one row per part, plus the "Gesamt" row. */
export function readTimeTable(table: Table): { rows: TimeTableRow[]; total?: string } {
  const rows: TimeTableRow[] = [];
  let total: string | undefined;
  for (const row of table.children.slice(1)) {
    const [label = '', topic = '', time = ''] = row.children.map((cell) => plainText(cell));
    if (label === '' && /Gesamt/i.test(topic)) {
      total = time;
      continue;
    }
    rows.push({
      line: lineOf(row),
      label,
      partId: classifyChapter(label).partId,
      topic,
      time,
      minutes: minutesIn(time) ?? null,
    });
  }
  return total === undefined ? { rows } : { rows, total };
}

/** `> **Ziel:**`, `> **Zeitbedarf:**`, `> **Du bist fertig, wenn:**` describe the part they open; the first wins. */
export function applyPartCallout(part: Part, label: string, text: string): void {
  if (/^Ziel$/i.test(label)) part.goal ??= text;
  if (/^Zeitbedarf$/i.test(label) && part.minutes === undefined) {
    const minutes = minutesIn(text);
    if (minutes !== undefined) part.minutes = minutes;
  }
  if (/^Du bist fertig,? wenn$/i.test(label)) part.doneWhen ??= text;
}

/** A task-list item as Markdown on one line, without its `[ ]`. */
export function checklistItemText(text: string, item: Nodes): string {
  const first = 'children' in item ? item.children[0] : undefined;
  // GFM counts the `[ ]` of a task item into its paragraph when the text starts with emphasis.
  return (first ? sourceOf(text, first) : '')
    .replace(/^\[[ xX]\]\s*/, '')
    .replace(/\s*\n\s*/g, ' ')
    .trim();
}
