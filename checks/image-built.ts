import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { request } from 'node:http';
import { type AddressInfo, createServer } from 'node:net';
import { docker } from './docker.ts';
import type { CheckContext } from './types.ts';
import { defineCheck } from './types.ts';

export const IMAGE = 'cloudnotes-api:v1.0';

export const serveSettings = {
  /** How long a fresh container may take until port 8000 answers (uvicorn in python:3.11-slim: ~1–3 s). */
  waitMs: 25_000,
  /** A probe container older than this was left by an interrupted check (none lives that long). */
  staleAfterMs: 120_000,
};

type Served =
  | { kind: 'answered'; status: number; via: string }
  | { kind: 'exited'; code: string; logs: string }
  | { kind: 'silent'; logs: string }
  | { kind: 'notStarted'; error: string };

/** Checkliste: „Docker Image `cloudnotes-api:v1.0` lokal gebaut“ – es gibt Port 8000 an und antwortet dort. */
export default defineCheck({
  id: 'image-built',
  title: 'Image cloudnotes-api:v1.0 gebaut',
  points: 2,
  needs: ['docker-engine'],
  scope: 'local',
  timeoutMs: serveSettings.waitMs + 15_000,
  messages: {
    ok: { text: 'Das Image {image} ist da ({id}) und antwortet auf Port 8000 (GET / → {status}, {via}).' },
    missing: {
      text: 'Erwartet das Image {image}, gefunden: keins.',
      hint: 'Baue es im Ordner backend/: docker build -t cloudnotes-api:v1.0 . (Teil 5.3).',
    },
    noPort: {
      text: 'Das Image {image} ist da, gibt aber Port 8000 nicht an (gefunden: {ports}).',
      hint: 'Im Dockerfile fehlt „EXPOSE 8000“ (Teil 5.1).',
    },
    exited: {
      text: 'Erwartet eine API auf Port 8000 im Container, gefunden: der Container aus {image} beendete sich gleich nach dem Start (Exit-Code {code}).',
      hint: 'Starte ihn selbst und lies die Fehlermeldung: docker run --rm -p 8000:8000 cloudnotes-api:v1.0 (Teil 5.4); oft fehlt eine Datei im Image oder ein Paket in requirements.txt.',
    },
    silent: {
      text: 'Erwartet eine Antwort auf Port 8000 im Container, gefunden: keine in {seconds} s.',
      hint: 'Das CMD im Dockerfile muss uvicorn auf allen Adressen und Port 8000 starten: uvicorn main:app --host 0.0.0.0 --port 8000 (Teil 5.1).',
    },
    notStarted: {
      text: 'Das Image {image} ist da, aber kein Container ließ sich daraus starten: {error}',
      hint: 'Starte ihn selbst und lies die Meldung: docker run --rm -p 8000:8000 cloudnotes-api:v1.0 (Teil 5.4).',
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
    const data = { image: IMAGE, id: id.replace(/^sha256:/, '').slice(0, 12) };
    if (!exposed.includes('8000/tcp'))
      return {
        status: 'warn',
        messageId: 'noPort',
        data: { ...data, ports: exposed.join(', ') || 'keinen' },
      };

    const served = await serves(context, id);
    switch (served.kind) {
      case 'answered':
        return { status: 'pass', messageId: 'ok', data: { ...data, status: served.status, via: served.via } };
      case 'exited':
        return {
          status: 'fail',
          messageId: 'exited',
          data: { ...data, code: served.code },
          detail: served.logs,
        };
      case 'silent':
        return {
          status: 'fail',
          messageId: 'silent',
          data: { ...data, seconds: Math.round(serveSettings.waitMs / 1000) },
          detail: served.logs,
        };
      case 'notStarted':
        return { status: 'fail', messageId: 'notStarted', data: { ...data, error: served.error } };
    }
  },
});

/**
 * Does a container of the image answer HTTP on port 8000? A running one that publishes 8000 (the
 * lesson's `cloudnotes-test`) is asked as it is; otherwise a short-lived container is started on a
 * free loopback port, asked, and removed again whatever happened (in the background: the answer does
 * not wait for the removal). Probe containers an interrupted earlier check left behind go as well.
 */
async function serves(context: CheckContext, imageId: string): Promise<Served> {
  // One listing for both: running containers of the image (the lesson's cloudnotes-test) and probe
  // containers an interrupted check left behind. Every docker call costs a process.
  const [listing, port] = await Promise.all([
    docker(context, [
      'ps',
      '-a',
      '--format',
      '{{.Names}}\t{{.Image}}\t{{.State}}\t{{.Ports}}\t{{.CreatedAt}}',
    ]),
    freeLoopbackPort(),
  ]);
  const containers = listing.stdout
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const [name = '', image = '', state = '', ports = '', created = ''] = line.split('\t');
      return { name, image, state, ports, created };
    });
  // Older than any check lives: not the probe of a check running in another terminal right now.
  const stale = containers
    .filter(
      ({ name, created }) =>
        name.startsWith(PROBE_PREFIX) && Date.now() - createdAt(created) > serveSettings.staleAfterMs,
    )
    .map(({ name }) => name);
  if (stale.length > 0) removeInBackground(context, stale);
  const running = containers.filter(({ image, state }) => state === 'running' && ofImage(image, imageId));
  for (const { name, ports } of running) {
    const address = publishedAddress(ports);
    if (!address || name.startsWith(PROBE_PREFIX)) continue;
    const status = await httpStatus(`http://${address}/`, 3000, context.signal);
    if (status !== undefined) return { kind: 'answered', status, via: `laufender Container ${name}` };
  }

  const name = `${PROBE_PREFIX}${randomBytes(4).toString('hex')}`;
  const started = await docker(context, ['run', '-d', '--name', name, '-p', `127.0.0.1:${port}:8000`, IMAGE]);
  try {
    if (started.exitCode !== 0)
      return { kind: 'notStarted', error: started.stderr.trim().split('\n').at(-1) ?? '' };
    const ended = async (): Promise<Served | undefined> => {
      const state = await docker(context, ['inspect', '-f', '{{.State.Running}} {{.State.ExitCode}}', name]);
      const [isRunning, code = '?'] = state.stdout.trim().split(' ');
      return isRunning === 'false' ? { kind: 'exited', code, logs: await logs(context, name) } : undefined;
    };
    const deadline = Date.now() + serveSettings.waitMs;
    for (let attempt = 0; ; attempt++) {
      const status = await httpStatus(`http://127.0.0.1:${port}/`, 1000, context.signal);
      if (status !== undefined) return { kind: 'answered', status, via: 'Probe-Container' };
      // Now and then: has the container already ended?
      if (attempt % 8 === 3) {
        const exited = await ended();
        if (exited) return exited;
      }
      if (Date.now() > deadline || context.signal.aborted)
        return { kind: 'silent', logs: await logs(context, name) };
      // A server in a fresh container is usually up within a few hundred milliseconds: ask often at first.
      await new Promise((resolve) => setTimeout(resolve, attempt < 20 ? 25 : 150));
    }
  } finally {
    removeInBackground(context, [name]);
  }
}

const PROBE_PREFIX = 'cloudnotes-check-';

/** `docker ps` names the image as the container was started: by name, or by (short) id. */
function ofImage(image: string, imageId: string): boolean {
  const hex = imageId.replace(/^sha256:/, '');
  return image === IMAGE || (image.length >= 12 && hex.startsWith(image.replace(/^sha256:/, '')));
}

/** `docker rm -f` that outlives this process if need be: also after a timeout the containers go. */
function removeInBackground(context: CheckContext, names: string[]): void {
  spawn('docker', ['rm', '-f', '-v', ...names], {
    env: context.env,
    detached: true,
    stdio: 'ignore',
    windowsHide: true,
  })
    .on('error', () => {})
    .unref();
}

/** `docker ps`'s CreatedAt (`2026-12-04 22:33:02 +0000 UTC`) in milliseconds; unreadable counts as old. */
function createdAt(text: string): number {
  const match = /^(\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d) ([+-]\d\d)(\d\d)/.exec(text.trim());
  if (!match) return 0;
  const time = Date.parse(`${match[1]}T${match[2]}${match[3]}:${match[4]}`);
  return Number.isNaN(time) ? 0 : time;
}

/** From `docker ps`'s ports (`0.0.0.0:8000->8000/tcp, :::8000->8000/tcp`), an address to ask from here. */
function publishedAddress(ports: string): string | undefined {
  const match = /(\d+\.\d+\.\d+\.\d+):(\d+)->8000\/tcp/.exec(ports);
  if (!match) return undefined;
  return `${match[1] === '0.0.0.0' ? '127.0.0.1' : match[1]}:${match[2]}`;
}

/** A port free on 127.0.0.1 right now (the engine publishes the probe container there). */
function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function logs(context: CheckContext, name: string): Promise<string> {
  const answer = await docker({ ...context, signal: new AbortController().signal }, [
    'logs',
    '--tail',
    '20',
    name,
  ]);
  return `${answer.stdout}${answer.stderr}`.trim();
}

/** The HTTP status of a GET, or undefined when nothing answers (refused, reset, no answer in time). */
function httpStatus(url: string, timeoutMs: number, signal: AbortSignal): Promise<number | undefined> {
  return new Promise((resolve) => {
    const req = request(url, { method: 'GET', agent: false, timeout: timeoutMs, signal }, (res) => {
      res.resume();
      resolve(res.statusCode);
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(undefined));
    req.end();
  });
}
