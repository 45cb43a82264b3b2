import { awsProblem } from './aws-config.ts';
import { defineCheck } from './types.ts';

export const REPOSITORY = 'cloudnotes-api';

/**
 * Checkliste: „ECR Repository `cloudnotes-api` existiert“ – privat, mit den Einstellungen aus der
 * Tabelle in Teil 3.2 (Tag immutability: Disabled, Image scan: Enabled).
 */
export default defineCheck({
  id: 'ecr-repository',
  title: 'ECR-Repository cloudnotes-api',
  points: 2,
  needs: ['aws-identity'],
  scope: 'anywhere',
  timeoutMs: 10_000,
  messages: {
    ok: { text: 'Das Repository {uri} existiert, wie in Teil 3.2 eingestellt.' },
    missing: {
      text: 'Erwartet das ECR-Repository „cloudnotes-api“ in {region}, gefunden: keins.',
      hint: 'Lege es in der Console an (Teil 3.2) oder mit „aws ecr create-repository --repository-name cloudnotes-api --region eu-central-1“ (Teil 3.4).',
    },
    settings: {
      text: 'Das Repository existiert, aber: {problems}.',
      hint: 'Die Einstellungen stehen in der Tabelle in Teil 3.2; ändern lassen sie sich in der Console unter „Edit“.',
    },
    failed: { text: 'Die Repositories ließen sich nicht abfragen ({name}).' },
  },
  async run(context) {
    try {
      const { ecrClient, DescribeRepositoriesCommand } = await import('./aws.ts');
      const answer = await ecrClient(context).send(
        new DescribeRepositoriesCommand({ repositoryNames: [REPOSITORY] }),
        {
          abortSignal: context.signal,
        },
      );
      const repository = answer.repositories?.[0];
      if (!repository) return { status: 'fail', messageId: 'missing', data: { region: context.region } };
      const problems: string[] = [];
      if (repository.imageTagMutability !== 'MUTABLE')
        problems.push('Tag immutability ist eingeschaltet (erwartet: Disabled)');
      if (repository.imageScanningConfiguration?.scanOnPush !== true)
        problems.push('Image scan ist aus (erwartet: Enabled)');
      const data = { uri: repository.repositoryUri ?? REPOSITORY, problems: problems.join('; ') };
      return problems.length === 0
        ? { status: 'pass', messageId: 'ok', data }
        : { status: 'warn', messageId: 'settings', data };
    } catch (error) {
      const problem = awsProblem(error);
      if (problem.name === 'RepositoryNotFoundException')
        return { status: 'fail', messageId: 'missing', data: { region: context.region } };
      return { status: 'fail', messageId: 'failed', data: { name: problem.name }, detail: problem.message };
    }
  },
});
