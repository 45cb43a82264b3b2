import type { Observed, Probe } from '../solution/contract.ts';
import { apiCheckProbes, comparedFields } from './api-probes.ts';
import { defineCheck } from './types.ts';

type Run = Array<{ probe: Probe; observed: Observed }>;

let reference: Promise<Run> | undefined;

export const referenceSettings = {
  /** The reference solution's database: in memory, gone with the process. */
  databaseUrl: 'sqlite:///:memory:',
};

/** The reference solution could not give its answers: nothing to compare the learner's API with. */
export class ReferenceUnavailable extends Error {}

/**
 * The reference solution's answers to the check's requests: started once per process on a free
 * loopback port with an in-memory database, asked, and stopped again.
 */
export function referenceRun(): Promise<Run> {
  reference ??= (async () => {
    const [{ startServer }, { runProbes }] = await Promise.all([
      import('../solution/server.ts'),
      import('../solution/contract.ts'),
    ]);
    const server = await startServer({
      databaseUrl: referenceSettings.databaseUrl,
      host: '127.0.0.1',
      port: 0,
      // Its failure is this check's answer; knex's own log lines would only clutter the report.
      databaseLog: () => {},
    }).catch((error: unknown) => {
      throw new ReferenceUnavailable(cause(error));
    });
    try {
      return await runProbes(server.url, apiCheckProbes, { timeoutMs: 5000 });
    } finally {
      await server.close(200);
    }
  })();
  reference.catch(() => {
    reference = undefined;
  });
  return reference;
}

/** The line of an error that says what is wrong (knex puts install advice and a require stack around it). */
function cause(error: unknown): string {
  const lines = (error instanceof Error ? error.message : String(error))
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !/^(Knex: run|\$ npm install|Require stack:|- \/)/.test(line));
  return lines[0] ?? 'unbekannter Fehler';
}

const FIELD_NAMES: Record<(typeof comparedFields)[number], string> = {
  status: 'Status',
  type: 'Content-Type',
  cors: 'CORS-Header Access-Control-Allow-Origin',
  body: 'Antwort',
};

function show(value: unknown): string {
  if (value === null || value === undefined) return 'nichts';
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.length > 160 ? `${text.slice(0, 157)}…` : text;
}

export interface ApiDifference {
  request: string;
  field: string;
  expected: string;
  found: string;
}

/** Where the learner's API answered differently from the reference solution, request by request. */
export function apiDifferences(expected: Run, found: Run): ApiDifference[] {
  const differences: ApiDifference[] = [];
  for (const [index, { probe, observed }] of expected.entries()) {
    const other = found[index]?.observed;
    if (!other) break;
    for (const field of comparedFields) {
      if (JSON.stringify(observed[field]) === JSON.stringify(other[field])) continue;
      // 204 has no body: whether a Content-Type comes along with nothing does not matter to a client.
      if (field === 'type' && observed.status === 204 && other.status === 204) continue;
      differences.push({
        request: probe.name,
        field: FIELD_NAMES[field],
        expected: show(observed[field]),
        found: show(other[field]),
      });
    }
  }
  return differences;
}

/** Checkliste: „CloudNotes FastAPI-App läuft lokal“ – und verhält sich wie die Referenzlösung. */
export default defineCheck({
  id: 'api-responds',
  title: 'CloudNotes-API antwortet',
  points: 3,
  needs: [],
  scope: 'anywhere',
  timeoutMs: 20_000,
  messages: {
    noUrl: { text: 'Übersprungen: keine Adresse der API angegeben (--api-url oder Spalte „api_url“).' },
    noReference: {
      text: 'Nicht geprüft: die Referenzlösung, mit der die API verglichen wird, startete nicht ({error}).',
      hint: 'Das liegt nicht an deiner API. Installiere die Abhängigkeiten dieses Projekts neu (npm ci im Projektordner) und prüfe dann erneut.',
    },
    ok: { text: 'Die API unter {url} antwortet wie die Referenzlösung ({requests} Anfragen verglichen).' },
    unreachable: {
      text: 'Erwartet eine API unter {url}, gefunden: keine Antwort ({error}).',
      hint: 'Starte die App im Ordner backend/ mit „uvicorn main:app --reload --host 0.0.0.0 --port 8000“ (Teil 4.8) und lass das Terminal offen.',
    },
    differs: {
      text: 'Anfrage „{request}“: {field} erwartet {expected}, gefunden {found}.{more}',
      hint: 'Vergleiche deine main.py mit dem Code aus Teil 4.7; starte uvicorn danach neu, falls --reload fehlt.',
    },
    broke: {
      text: 'Anfrage „{request}“ brach ab ({error}).',
      hint: 'Sieh im Terminal von uvicorn nach der Fehlermeldung (Traceback).',
    },
  },
  async run(context) {
    if (!context.apiUrl) return { status: 'skip', messageId: 'noUrl' };
    const url = context.apiUrl.replace(/\/+$/, '');
    const { runProbes, ProbeError } = await import('../solution/contract.ts');
    // The reference starts while the learner's API is asked: both sequences run at the same time.
    const expectedRun = referenceRun();
    expectedRun.catch(() => {});
    let found: Run;
    try {
      found = await runProbes(url, apiCheckProbes, { signal: context.signal, timeoutMs: 5000 });
    } catch (error) {
      if (!(error instanceof ProbeError)) throw error;
      return error.index === 0
        ? { status: 'fail', messageId: 'unreachable', data: { url, error: error.message } }
        : { status: 'fail', messageId: 'broke', data: { request: error.probe.name, error: error.message } };
    }
    let expected: Run;
    try {
      expected = await expectedRun;
    } catch (error) {
      if (!(error instanceof ReferenceUnavailable)) throw error;
      return { status: 'skip', messageId: 'noReference', data: { error: error.message } };
    }
    const differences = apiDifferences(expected, found);
    if (differences.length === 0)
      return { status: 'pass', messageId: 'ok', data: { url, requests: apiCheckProbes.length } };
    const [first] = differences as [ApiDifference, ...ApiDifference[]];
    const more = differences.length > 1 ? ` (und ${differences.length - 1} weitere Abweichungen)` : '';
    return {
      status: 'fail',
      messageId: 'differs',
      data: { ...first, more },
      detail: differences
        .map((d) => `${d.request} – ${d.field}: erwartet ${d.expected}, gefunden ${d.found}`)
        .join('\n'),
    };
  },
});
