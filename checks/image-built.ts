import { docker } from './docker.ts';
import { defineCheck } from './types.ts';

export const IMAGE = 'cloudnotes-api:v1.0';

/** Checkliste: „Docker Image `cloudnotes-api:v1.0` lokal gebaut“ – und es gibt Port 8000 an (EXPOSE 8000). */
export default defineCheck({
  id: 'image-built',
  title: 'Image cloudnotes-api:v1.0 gebaut',
  points: 2,
  needs: ['docker-engine'],
  scope: 'local',
  timeoutMs: 10_000,
  messages: {
    ok: { text: 'Das Image {image} ist da ({id}, gibt Port 8000 an).' },
    missing: {
      text: 'Erwartet das Image {image}, gefunden: keins.',
      hint: 'Baue es im Ordner backend/: docker build -t cloudnotes-api:v1.0 . (Teil 5.3).',
    },
    noPort: {
      text: 'Das Image {image} ist da, gibt aber Port 8000 nicht an (gefunden: {ports}).',
      hint: 'Im Dockerfile fehlt „EXPOSE 8000“ (Teil 5.1).',
    },
  },
  async run(context) {
    const answer = await docker(context, [
      'image',
      'inspect',
      IMAGE,
      '--format',
      '{{.Id}}\t{{json .Config.ExposedPorts}}',
    ]);
    if (answer.exitCode !== 0) return { status: 'fail', messageId: 'missing', data: { image: IMAGE } };
    const [id = '', ports = 'null'] = answer.stdout.trim().split('\t');
    const exposed = Object.keys((JSON.parse(ports) as Record<string, unknown> | null) ?? {});
    const data = {
      image: IMAGE,
      id: id.replace(/^sha256:/, '').slice(0, 12),
      ports: exposed.join(', ') || 'keinen',
    };
    return exposed.includes('8000/tcp')
      ? { status: 'pass', messageId: 'ok', data }
      : { status: 'warn', messageId: 'noPort', data };
  },
});
