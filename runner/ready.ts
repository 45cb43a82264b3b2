import type { BackgroundProcess } from './session.ts';

/** Waits until a background server answers at its URL (any status below 500), or says why not. */
export async function waitUntilReady(
  server: BackgroundProcess,
  url: string | undefined,
): Promise<{ ok: boolean; reason: string }> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (!server.running)
      return { ok: false, reason: `Der Server hat sich beendet (Exit-Code ${server.exitCode})` };
    // A reloading dev server (uvicorn --reload) stays alive when the app does not load: its traceback says so.
    const crash = crashReport(server.output);
    if (crash) return { ok: false, reason: `Der Server meldet einen Fehler: ${crash}` };
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
