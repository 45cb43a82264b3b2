import type { GradeReport } from '../report-model.ts';
import { formatPercent, formatPoints, STATUS_LABEL, STATUS_MARK } from './labels.ts';

/** A cell of a GFM table: pipes escaped, no line breaks. */
const cell = (text: string) => text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');

/** The report as Markdown (for a pull request comment or the course platform). Pure. */
export function renderMarkdown(report: GradeReport): string {
  const who = report.student ? ` – ${report.student}` : '';
  const out: string[] = [
    `## Bewertung Lektion ${report.lesson.id}: ${cell(report.lesson.title)}${cell(who)}`,
    '',
    `**${formatPoints(report.total.earned)} von ${formatPoints(report.total.points)} Punkten (${formatPercent(report.total.percent)})**` +
      (report.total.bonusPoints > 0
        ? `, Bonus ${formatPoints(report.total.bonusEarned)}/${formatPoints(report.total.bonusPoints)}`
        : '') +
      ` – ${report.passed ? 'alle Pflichtpunkte erfüllt' : 'noch nicht alle Pflichtpunkte erfüllt'}`,
    '',
    '| | Prüfung | Ergebnis | Punkte | Meldung |',
    '|---|---|---|---|---|',
  ];
  for (const check of report.checks) {
    const points =
      check.skipReason === 'scope' ? '–' : `${formatPoints(check.earned)}/${formatPoints(check.points)}`;
    const message =
      check.hint && check.status !== 'pass' ? `${check.message} → ${check.hint}` : check.message;
    out.push(
      `| ${STATUS_MARK[check.status]} | ${cell(check.title)} | ${STATUS_LABEL[check.status]} | ${points} | ${cell(message)} |`,
    );
  }
  out.push('', '### Checkliste', '');
  for (const item of report.items) {
    const mark = item.status === 'pass' || item.status === 'warn' ? 'x' : ' ';
    out.push(
      `- [${mark}] ${item.list === 'cleanup' ? 'Aufräumen: ' : ''}${item.text} (${STATUS_LABEL[item.status]})`,
    );
  }
  if (report.selfAssessed.length > 0) {
    out.push('', '### Selbst einschätzen', '');
    for (const item of report.selfAssessed) out.push(`- [ ] ${item.text}`);
  }
  if (report.error) out.push('', `> **Abgebrochen:** ${report.error}`);
  return `${out.join('\n')}\n`;
}
