import { awsProblem } from './aws-config.ts';
import { REPOSITORY } from './ecr-repository.ts';
import { defineCheck } from './types.ts';

const SEVERITIES = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'INFORMATIONAL', 'UNDEFINED'] as const;

/** „CRITICAL 0, HIGH 1, …“ from ECR's counts by severity. */
export function severitySummary(counts: Partial<Record<string, number>> | undefined): string {
  const known = SEVERITIES.map((severity) => `${severity} ${counts?.[severity] ?? 0}`);
  const other = Object.entries(counts ?? {})
    .filter(([severity]) => !(SEVERITIES as readonly string[]).includes(severity))
    .map(([severity, count]) => `${severity} ${count}`);
  return [...known, ...other].join(', ');
}

/** Bonus: „Image Scanning“ – für v1.0 liegen Scan-Ergebnisse vor; Zusammenfassung nach Schweregrad. */
export default defineCheck({
  id: 'image-scan',
  title: 'Bonus: Image-Scan',
  points: 1,
  bonus: true,
  needs: ['image-pushed'],
  scope: 'anywhere',
  timeoutMs: 10_000,
  pollMs: 5000,
  messages: {
    ok: { text: 'Scan-Ergebnisse für v1.0: {summary}.' },
    running: {
      text: 'Der Scan von v1.0 läuft noch ({state}).',
      hint: 'Warte ein, zwei Minuten und prüfe erneut.',
    },
    missing: {
      text: 'Für v1.0 liegen keine Scan-Ergebnisse vor.',
      hint: 'Scan on push einschalten (Teil 3.2) und neu pushen, oder „aws ecr start-image-scan --repository-name cloudnotes-api --image-id imageTag=v1.0“.',
    },
    scanFailed: { text: 'Der Scan von v1.0 ist fehlgeschlagen: {reason}.' },
    failed: { text: 'Die Scan-Ergebnisse ließen sich nicht abfragen ({name}).' },
  },
  async run(context) {
    try {
      const { ecrClient, DescribeImageScanFindingsCommand } = await import('./aws.ts');
      const answer = await ecrClient(context).send(
        new DescribeImageScanFindingsCommand({ repositoryName: REPOSITORY, imageId: { imageTag: 'v1.0' } }),
        { abortSignal: context.signal },
      );
      const state = answer.imageScanStatus?.status;
      if (state === 'IN_PROGRESS' || state === 'PENDING')
        return { status: 'warn', messageId: 'running', data: { state }, retry: true };
      if (state === 'FAILED' || state === 'UNSUPPORTED_IMAGE' || state === 'SCAN_ELIGIBILITY_EXPIRED')
        return {
          status: 'fail',
          messageId: 'scanFailed',
          data: { reason: answer.imageScanStatus?.description ?? state },
        };
      if (!answer.imageScanFindings) return { status: 'fail', messageId: 'missing' };
      return {
        status: 'pass',
        messageId: 'ok',
        data: { summary: severitySummary(answer.imageScanFindings.findingSeverityCounts) },
      };
    } catch (error) {
      const problem = awsProblem(error);
      if (problem.name === 'ScanNotFoundException') return { status: 'fail', messageId: 'missing' };
      return { status: 'fail', messageId: 'failed', data: { name: problem.name }, detail: problem.message };
    }
  },
});
