import { docker } from './docker.ts';
import { defineCheck } from './types.ts';

/** Voraussetzungen: „Docker Desktop ist installiert und läuft“. */
export default defineCheck({
  id: 'docker-engine',
  title: 'Docker läuft',
  points: 1,
  needs: [],
  scope: 'local',
  timeoutMs: 10_000,
  messages: {
    ok: { text: 'Docker-Engine {version} antwortet.' },
    down: {
      text: 'Erwartet eine laufende Docker-Engine, gefunden: nur das docker-Programm.',
      hint: 'Starte Docker Desktop und warte, bis es „running“ meldet; dann erneut prüfen.',
    },
    missing: {
      text: 'Erwartet das Programm docker, gefunden: keins.',
      hint: 'Installiere Docker Desktop (Voraussetzungen der Lektion).',
    },
  },
  async run(context) {
    const answer = await docker(context, ['version', '--format', '{{.Server.Version}}']);
    if (answer.missing) return { status: 'fail', messageId: 'missing' };
    if (answer.exitCode === 0)
      return { status: 'pass', messageId: 'ok', data: { version: answer.stdout.trim() } };
    // Not running, or not reachable for this user (Linux: not in the docker group): its words as detail.
    return { status: 'fail', messageId: 'down', detail: answer.stderr.trim() };
  },
});
