import { connect } from 'node:net';
import type { BackgroundProcess } from './session.ts';

/** Waits until a background server answers at its URL (any status below 500), or says why not. */
export async function waitUntilReady(
  server: BackgroundProcess,
  url: string | undefined,
): Promise<{ ok: boolean; reason: string }> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const advice = () =>
      portInUse(server.output)
        ? ` – ${portTakenAdvice(mentionedPort(server.output) ?? (url ? portOf(url) : undefined))}`
        : '';
    if (!server.running)
      return { ok: false, reason: `Der Server hat sich beendet (Exit-Code ${server.exitCode})${advice()}` };
    // A reloading dev server (uvicorn --reload) stays alive when the app does not load: its traceback says so.
    const crash = crashReport(server.output);
    if (crash) return { ok: false, reason: `Der Server meldet einen Fehler: ${crash}${advice()}` };
    if (url) {
      try {
        const response = await fetch(url, { signal: AbortSignal.timeout(1000) });
        if (response.status < 500)
          return { ok: true, reason: `Server antwortet unter ${url} (HTTP ${response.status})` };
      } catch {
        // not listening yet
      }
    } else if (Date.now() > deadline - 58_000) {
      return { ok: true, reason: 'Server läuft' };
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return { ok: false, reason: `${url ?? 'Der Server'} hat nach 60 s nicht geantwortet` };
}

/** The error line of a Python traceback or uvicorn's load error in a server's output, if there is one. */
export function crashReport(output: string): string | undefined {
  if (!/Traceback \(most recent call last\)|Error loading ASGI app/.test(output)) return undefined;
  // Only once the error line itself is there: a traceback arrives in pieces.
  const lines = output
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean);
  return lines.findLast((line) => /^[\w.]*(Error|Exception)\b|Error loading ASGI app/.test(line));
}

/**
 * "Address already in use" as Python/uvicorn (Linux, macOS, a German Windows), Node and Docker say it:
 * the usual reason a lesson's server does not start is the same server still running from before.
 */
export function portInUse(output: string): boolean {
  return /address already in use|EADDRINUSE|port is already allocated|WinError 10048|Errno (48|98)\b/i.test(
    output,
  );
}

/** The port a "port taken" message names (Docker and Node do; Python does not). */
export function mentionedPort(output: string): number | undefined {
  const match =
    /Bind for \S*?:(\d+) failed|listen tcp\S* \S*?:(\d+): bind|EADDRINUSE: address already in use \S*?:(\d+)/.exec(
      output,
    );
  const port = match?.slice(1).find(Boolean);
  return port ? Number(port) : undefined;
}

/** What the learner can do when a server's port is taken. */
export function portTakenAdvice(port: number | undefined): string {
  return `${port ? `Port ${port}` : 'Der Port'} ist schon belegt. Läuft der Server noch aus einem früheren Versuch, etwa in einem anderen Terminal? Beende ihn dort mit Ctrl+C (als Container: docker ps, dann docker stop <Name>) und starte den Schritt noch einmal.`;
}

/**
 * Servers of a killed earlier run that were left running (not certainly ours): one of them may hold
 * the port, and there is no terminal to press Ctrl+C in.
 */
export function leftoverAdvice(
  pids: readonly number[],
  platform: NodeJS.Platform = process.platform,
): string {
  if (pids.length === 0) return '';
  const list = pids.join(', ');
  const stop =
    platform === 'win32'
      ? pids.map((pid) => `taskkill /PID ${pid} /T /F`).join('; ')
      : pids.map((pid) => `kill -- -${pid}`).join('; ');
  return ` Vielleicht hält ihn ein Server aus dem abgebrochenen letzten Lauf (${pids.length === 1 ? 'Prozess' : 'Prozesse'} ${list}); prüfe das und beende ihn dann mit: ${stop}`;
}

/** The port of a URL, with http's and https's defaults. */
export function portOf(url: string): number | undefined {
  try {
    const parsed = new URL(url);
    if (parsed.port) return Number(parsed.port);
    return parsed.protocol === 'https:' ? 443 : parsed.protocol === 'http:' ? 80 : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Whether something already accepts connections where a server is about to be started: then the
 * new server cannot bind its port, and an old one would answer in its place.
 */
export async function alreadyListening(url: string, timeoutMs = 500): Promise<boolean> {
  let host: string;
  const port = portOf(url);
  try {
    host = new URL(url).hostname.replace(/^\[|\]$/g, '');
  } catch {
    return false;
  }
  if (!port) return false;
  if (host === '0.0.0.0' || host === '') host = '127.0.0.1';
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const done = (listening: boolean) => {
      socket.destroy();
      resolve(listening);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/**
 * Whether something keeps listening there for a moment: a server stopped just before (the end of the
 * previous part, a leftover of a killed run) may take a little while to let go of its port.
 */
export async function stillListening(url: string, graceMs = 1500): Promise<boolean> {
  const deadline = Date.now() + graceMs;
  while (await alreadyListening(url)) {
    if (Date.now() >= deadline) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return false;
}
