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
