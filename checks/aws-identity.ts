import { awsProblem } from './aws-config.ts';
import { defineCheck } from './types.ts';

/** Checkliste: „AWS Sandbox funktioniert und CLI ist konfiguriert (`aws sts get-caller-identity`)“. */
export default defineCheck({
  id: 'aws-identity',
  title: 'AWS-Zugang funktioniert',
  points: 2,
  needs: [],
  scope: 'anywhere',
  timeoutMs: 10_000,
  messages: {
    ok: { text: 'Angemeldet als {arn} (Konto {account}, Region {region}).' },
    wrongRegion: {
      text: 'Angemeldet als {arn}, aber die Region ist {region}; erwartet eu-central-1 (Frankfurt).',
      hint: 'Setze die Region mit „aws configure set region eu-central-1“ (Lektion, Teil 1.3).',
    },
    noCredentials: {
      text: 'Erwartet gültige AWS-Zugangsdaten, gefunden: keine („Unable to locate credentials“).',
      hint: 'Führe „aws configure“ aus und trage die Schlüssel aus dem Sandbox-Portal ein (Lektion, Teil 1.3).',
    },
    unreachable: {
      text: 'AWS ist nicht erreichbar ({error}).',
      hint: 'Prüfe deine Internetverbindung (oder AWS_ENDPOINT_URL, falls gesetzt).',
    },
    rejected: {
      text: 'AWS lehnt die Zugangsdaten ab ({name}).',
      hint: 'Die Sandbox-Schlüssel sind vermutlich abgelaufen: hole neue im Sandbox-Portal und führe „aws configure“ erneut aus.',
    },
  },
  async run(context) {
    try {
      const { stsClient, GetCallerIdentityCommand } = await import('./aws.ts');
      const identity = await stsClient(context).send(new GetCallerIdentityCommand({}), {
        abortSignal: context.signal,
      });
      const data = { arn: identity.Arn ?? '?', account: identity.Account ?? '?', region: context.region };
      return context.region === 'eu-central-1'
        ? { status: 'pass', messageId: 'ok', data }
        : { status: 'warn', messageId: 'wrongRegion', data };
    } catch (error) {
      const problem = awsProblem(error);
      if (problem.kind === 'credentials') return { status: 'fail', messageId: 'noCredentials' };
      if (problem.kind === 'network')
        return {
          status: 'fail',
          messageId: 'unreachable',
          data: { error: problem.message.split('\n')[0] ?? '' },
        };
      return { status: 'fail', messageId: 'rejected', data: { name: problem.name }, detail: problem.message };
    }
  },
});
