import escapeHtml from 'escape-html';
import type { ClassReport, GradeReport } from '../report-model.ts';
import { formatPercent, formatPoints, STATUS_LABEL, STATUS_MARK } from './labels.ts';

/**
 * The class report: one self-contained HTML page (no scripts or styles from elsewhere), one row per
 * student, one column per check; colour shows the result, hovering a cell shows the message, a click
 * on a column heading sorts. Pure.
 */
export function renderClassHtml(report: ClassReport): string {
  const head = report.checks
    .map(
      (check, index) =>
        `<th data-col="${index + 1}" data-type="status" title="${escapeHtml(check.id)}">${escapeHtml(check.title)}</th>`,
    )
    .join('');
  const rows = report.students.map((student) => row(student, report.checks)).join('\n');
  const passed = report.students.filter((student) => student.passed).length;
  return `<!doctype html>
<html lang="de">
<head>
<meta charset="utf-8">
<title>Bewertung Lektion ${escapeHtml(report.lesson.id)}</title>
<style>
body { font-family: system-ui, sans-serif; margin: 1.5rem; color: #1f2933; }
table { border-collapse: collapse; }
th, td { border: 1px solid #cbd2d9; padding: .35rem .6rem; text-align: center; }
th { background: #f0f4f8; cursor: pointer; user-select: none; }
th[aria-sort="ascending"]::after { content: " ▲"; }
th[aria-sort="descending"]::after { content: " ▼"; }
td.name { text-align: left; font-weight: 600; }
td.pass { background: #c6f6d5; }
td.warn { background: #fefcbf; }
td.fail { background: #fed7d7; }
td.skip { background: #e2e8f0; color: #52606d; }
td.manual { background: #e9d8fd; }
td.total.ok { background: #c6f6d5; }
td.total.open { background: #fed7d7; }
</style>
</head>
<body>
<h1>Bewertung Lektion ${escapeHtml(report.lesson.id)}: ${escapeHtml(report.lesson.title)}</h1>
<p id="summary">${report.students.length} Personen, ${passed} mit allen Pflichtpunkten; erstellt ${escapeHtml(germanTime(report.startedAt))} in ${formatPoints(Math.round(report.durationMs / 100) / 10)} s.</p>
<table id="class">
<thead><tr><th data-col="0" data-type="text">Name</th>${head}<th data-col="${report.checks.length + 1}" data-type="number">Punkte</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>
<p>Legende: <span>✓ bestanden</span>, <span>! mit Hinweis</span>, <span>✗ nicht bestanden</span>, <span>– übersprungen</span>. Zeige mit der Maus auf ein Feld für die Meldung.</p>
<script>
const order = { fail: 0, skip: 1, warn: 2, manual: 3, pass: 4 };
for (const th of document.querySelectorAll('#class th')) {
  th.addEventListener('click', () => {
    const col = Number(th.dataset.col);
    const descending = th.getAttribute('aria-sort') === 'ascending';
    for (const other of document.querySelectorAll('#class th')) other.removeAttribute('aria-sort');
    th.setAttribute('aria-sort', descending ? 'descending' : 'ascending');
    const body = document.querySelector('#class tbody');
    const key = (tr) => {
      const td = tr.children[col];
      if (th.dataset.type === 'text') return td.textContent.toLowerCase();
      if (th.dataset.type === 'number') return Number(td.dataset.value);
      return order[td.dataset.status] ?? -1;
    };
    const rows = [...body.children].sort((a, b) => {
      const x = key(a), y = key(b);
      const result = x < y ? -1 : x > y ? 1 : 0;
      return descending ? -result : result;
    });
    body.append(...rows);
  });
}
</script>
</body>
</html>
`;
}

function row(student: GradeReport, columns: ClassReport['checks']): string {
  const byId = new Map(student.checks.map((check) => [check.id, check]));
  const cells = columns.map((column) => {
    const check = byId.get(column.id);
    if (!check) return '<td class="skip" data-status="skip" title="nicht geprüft">–</td>';
    const hover = [
      check.message,
      check.hint && check.status !== 'pass' ? `→ ${check.hint}` : '',
      check.detail ?? '',
    ]
      .filter(Boolean)
      .join('\n');
    return `<td class="${check.status}" data-status="${check.status}" title="${escapeHtml(hover)}">${STATUS_MARK[check.status]} <span class="label">${STATUS_LABEL[check.status]}</span></td>`;
  });
  const total = `${formatPoints(student.total.earned)}/${formatPoints(student.total.points)} (${formatPercent(student.total.percent)})`;
  const totalTitle = student.error ? ` title="${escapeHtml(student.error)}"` : '';
  return `<tr><td class="name">${escapeHtml(student.student ?? '?')}</td>${cells.join('')}<td class="total ${student.passed ? 'ok' : 'open'}" data-value="${student.total.percent}"${totalTitle}>${total}</td></tr>`;
}

/** „04.12.2026, 18:38 UTC“: the same on every instructor's machine. */
function germanTime(iso: string): string {
  const time = new Date(iso);
  if (Number.isNaN(time.getTime())) return iso;
  return `${new Intl.DateTimeFormat('de-DE', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' }).format(time)} UTC`;
}
