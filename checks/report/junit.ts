import { junitDocument } from '../../runner/junit.ts';
import type { GradeReport } from '../report-model.ts';

/**
 * JUnit XML for CI systems: one test suite per learner, one test case per check. `fail` is a
 * <failure>, `skip` and `manual` are <skipped>, `warn` passes with its message in <system-out>. Pure.
 */
export function renderJunit(reports: GradeReport[]): string {
  const suites = reports.map((report) => {
    const name = `Lektion ${report.lesson.id}${report.student ? ` – ${report.student}` : ''}`;
    const cases = report.checks.map((check) => {
      const testcase: Record<string, unknown> = {
        '@classname': `lesson-${report.lesson.id}${report.student ? `.${report.student}` : ''}`,
        '@name': `${check.id}: ${check.title}`,
        '@time': (check.durationMs / 1000).toFixed(3),
      };
      const text = [check.message, check.hint ? `Hinweis: ${check.hint}` : '', check.detail ?? '']
        .filter(Boolean)
        .join('\n');
      if (check.status === 'fail') testcase.failure = { '@message': check.message, '#text': text };
      else if (check.status === 'skip' || check.status === 'manual')
        testcase.skipped = { '@message': check.message };
      else testcase['system-out'] = text;
      return testcase;
    });
    return {
      '@name': name,
      '@tests': report.checks.length,
      '@failures': report.checks.filter((check) => check.status === 'fail').length,
      '@errors': report.error ? 1 : 0,
      '@skipped': report.checks.filter((check) => check.status === 'skip' || check.status === 'manual')
        .length,
      '@time': (report.durationMs / 1000).toFixed(3),
      '@timestamp': report.startedAt,
      testcase: cases,
      ...(report.error ? { 'system-err': report.error } : {}),
    };
  });
  return junitDocument('Bewertung', suites);
}
