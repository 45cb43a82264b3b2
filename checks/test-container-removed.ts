import { docker } from './docker.ts';
import { defineCheck } from './types.ts';

const CONTAINER = 'cloudnotes-test';

/** Checkliste/Aufräumen: „Lokaler Test-Container aufgeräumt“ – kein Container cloudnotes-test, weder laufend noch gestoppt. */
export default defineCheck({
  id: 'test-container-removed',
  title: 'Test-Container aufgeräumt',
  points: 1,
  needs: ['docker-engine'],
  scope: 'local',
  timeoutMs: 10_000,
  messages: {
    ok: { text: 'Kein Container „cloudnotes-test“ mehr da.' },
    running: {
      text: 'Erwartet: kein Container „cloudnotes-test“, gefunden: er läuft noch ({status}).',
      hint: 'Räume ihn auf: docker stop cloudnotes-test && docker rm cloudnotes-test (Teil 5.4).',
    },
    stopped: {
      text: 'Erwartet: kein Container „cloudnotes-test“, gefunden: gestoppt, aber nicht entfernt ({status}).',
      hint: 'Entferne ihn: docker rm cloudnotes-test (Teil 5.4).',
    },
    failed: { text: 'Die Container ließen sich nicht auflisten: {error}' },
  },
  async run(context) {
    const answer = await docker(context, [
      'ps',
      '-a',
      '--filter',
      `name=^/${CONTAINER}$`,
      '--format',
      '{{.State}}\t{{.Status}}',
    ]);
    if (answer.exitCode !== 0)
      return {
        status: 'fail',
        messageId: 'failed',
        data: { error: answer.stderr.trim().split('\n')[0] ?? '' },
      };
    const line = answer.stdout.trim();
    if (line === '') return { status: 'pass', messageId: 'ok' };
    const [state = '', status = ''] = line.split('\t');
    return state === 'running' || state === 'restarting' || state === 'paused'
      ? { status: 'fail', messageId: 'running', data: { status } }
      : { status: 'fail', messageId: 'stopped', data: { status } };
  },
});
