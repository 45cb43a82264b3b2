import type { GradeReport } from '../report-model.ts';
import { formatPercent, formatPoints, STATUS_LABEL, STATUS_MARK } from './labels.ts';

export interface TextOptions {
  /** Instructor detail (raw errors, every API difference) under each check. */
  detail?: boolean;
  color?: (status: GradeReport['checks'][number]['status'], text: string) => string;
}

const pad = (text: string, width: number) => text + ' '.repeat(Math.max(0, width - [...text].length));

/** The German table `npm run grade` prints. Pure. */
export function renderText(report: GradeReport, options: TextOptions = {}): string {
  const paint = options.color ?? ((_status, text) => text);
  const lines: string[] = [];
  const who = report.student ? ` – ${report.student}` : '';
  lines.push(`Bewertung Lektion ${report.lesson.id}: ${report.lesson.title}${who}`);
  if (report.mode === 'instructor')
    lines.push(
      'Modus: Lehrende (Prüfungen, die nur auf dem Rechner der lernenden Person gehen, sind übersprungen)',
    );
  lines.push('');
  const width = Math.max(...report.checks.map((check) => [...check.title].length), 10);
  lines.push(`   ${pad('Prüfung', width)}  ${pad('Ergebnis', 18)}  Punkte`);
  for (const check of report.checks) {
    const points =
      check.skipReason === 'scope' ? '–' : `${formatPoints(check.earned)}/${formatPoints(check.points)}`;
    lines.push(
      ` ${paint(check.status, STATUS_MARK[check.status])} ${pad(check.title, width)}  ${paint(check.status, pad(STATUS_LABEL[check.status], 18))}  ${points}${check.bonus ? ' (Bonus)' : ''}`,
    );
    lines.push(`     ${check.message}`);
    if (check.hint && check.status !== 'pass') lines.push(`     → ${check.hint}`);
    if (options.detail && check.detail)
      for (const line of check.detail.split('\n')) lines.push(`       ${line}`);
  }
  lines.push('');
  lines.push('Checkliste:');
  for (const item of report.items) {
    const percent = item.percent === null ? '' : ` (${formatPercent(item.percent)})`;
    lines.push(
      ` ${paint(item.status, STATUS_MARK[item.status])} ${item.list === 'cleanup' ? 'Aufräumen: ' : ''}${item.text}${percent}`,
    );
  }
  if (report.selfAssessed.length > 0) {
    lines.push('');
    lines.push('Selbst einschätzen (keine Maschine kann das prüfen):');
    for (const item of report.selfAssessed) lines.push(` ? ${item.text}`);
  }
  lines.push('');
  const bonus =
    report.total.bonusPoints > 0
      ? `, Bonus ${formatPoints(report.total.bonusEarned)}/${formatPoints(report.total.bonusPoints)}`
      : '';
  lines.push(
    `Gesamt: ${formatPoints(report.total.earned)} von ${formatPoints(report.total.points)} Punkten (${formatPercent(report.total.percent)})${bonus}`,
  );
  if (report.error) lines.push(`Abgebrochen: ${report.error}`);
  lines.push(
    report.passed
      ? 'Ergebnis: alle Pflichtpunkte erfüllt.'
      : 'Ergebnis: noch nicht alle Pflichtpunkte erfüllt.',
  );
  return `${lines.join('\n')}\n`;
}
