import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import apiResponds from '../../checks/api-responds.ts';
import { runChecks } from '../../checks/run.ts';
import type { CheckResult } from '../../checks/types.ts';
import { type RunningServer, startServer } from '../../solution/server.ts';
import { pythonAvailable, startLessonApp } from '../support/fastapi.ts';
import { freePort } from '../support/net.ts';

const checkApi = async (apiUrl: string): Promise<CheckResult> => {
  const [result] = await runChecks([apiResponds], { env: {}, region: 'eu-central-1', apiUrl, remote: false });
  assert.ok(result);
  return result;
};

describe('api-responds against the reference solution', () => {
  let server: RunningServer;
  before(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'api-check-'));
    server = await startServer({
      databaseUrl: `sqlite:///${join(dir, 'notes.db')}`,
      host: '127.0.0.1',
      port: 0,
    });
  });
  after(async () => server?.close());

  it('passes, also when the learner already has notes of their own, and leaves them as they were', async () => {
    for (const title of ['Meine erste Notiz', 'Zweite']) {
      const created = await fetch(`${server.url}/notes`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ title, content: 'x' }),
      });
      assert.equal(created.status, 201);
    }
    const before = await (await fetch(`${server.url}/notes`)).json();
    const result = await checkApi(server.url);
    assert.equal(result.status, 'pass', `${result.message}\n${result.detail ?? ''}`);
    assert.match(
      result.message,
      /^Die API unter http:\/\/127\.0\.0\.1:\d+ antwortet wie die Referenzlösung \(16 Anfragen verglichen\)\.$/,
    );
    assert.deepEqual(await (await fetch(`${server.url}/notes`)).json(), before);
  });

  it('an API that is not running: says where it looked and how to start uvicorn (Teil 4.8)', async () => {
    const result = await checkApi(`http://127.0.0.1:${await freePort()}`);
    assert.equal(result.status, 'fail');
    assert.match(
      result.message,
      /^Erwartet eine API unter http:\/\/127\.0\.0\.1:\d+, gefunden: keine Antwort \(ECONNREFUSED\)\.$/,
    );
    assert.match(result.hint ?? '', /uvicorn main:app --reload --host 0\.0\.0\.0 --port 8000“ \(Teil 4\.8\)/);
  });

  it('something else on the port (not the CloudNotes API) fails at the first request', async () => {
    const { createServer } = await import('node:http');
    const other = createServer((_request, response) => response.writeHead(404).end('nope'));
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
    const port = (other.address() as { port: number }).port;
    try {
      const result = await checkApi(`http://127.0.0.1:${port}`);
      assert.equal(result.status, 'fail');
      assert.match(
        result.message,
        /^Anfrage „GET \/“: Status erwartet 200, gefunden 404\. \(und \d+ weitere Abweichungen\)$/,
      );
    } finally {
      other.close();
    }
  });
});

const python = pythonAvailable();
if (!python)
  console.warn(
    '\n!!! python3 mit venv fehlt: die API-Prüfung gegen die FastAPI-App der Lektion wird ÜBERSPRUNGEN.\n',
  );

describe("api-responds against the lesson's own FastAPI app and broken variants of it", {
  skip: !python,
  timeout: 180_000,
}, () => {
  const replace = (file: string, from: string | RegExp, to: string) => (name: string, content: string) => {
    if (name !== file) return content;
    const changed = content.replace(from, to);
    assert.notEqual(changed, content, `${file}: „${from}“ nicht gefunden`);
    return changed;
  };

  it("the lesson's app as written passes", async () => {
    const app = await startLessonApp();
    try {
      const result = await checkApi(app.url);
      assert.equal(result.status, 'pass', `${result.message}\n${result.detail ?? ''}`);
    } finally {
      await app.stop();
    }
  });

  const broken: Array<{ what: string; edit: (name: string, content: string) => string; message: RegExp }> = [
    {
      what: 'wrong message on GET /',
      edit: replace('main.py', '"CloudNotes API läuft!"', '"CloudNotes API laeuft"'),
      message:
        /^Anfrage „GET \/“: Antwort erwartet \{"message":"CloudNotes API läuft!","version":"1\.0\.0"\}, gefunden \{"message":"CloudNotes API laeuft","version":"1\.0\.0"\}\.$/,
    },
    {
      what: 'missing 404 for an unknown note',
      edit: replace(
        'main.py',
        /(def get_note[^\n]*\n[^\n]*\n[^\n]*\n)\s+if not note:\n\s+raise HTTPException\(status_code=404, detail="Notiz nicht gefunden"\)\n/,
        '$1',
      ),
      message: /^Anfrage „GET \/notes\/\{id\} nach dem Löschen \(404\)“: Status erwartet 404, gefunden 500\./,
    },
    {
      what: 'wrong status on create',
      edit: replace('main.py', ', status_code=201)', ')'),
      message: /^Anfrage „POST \/notes \(anlegen\)“: Status erwartet 201, gefunden 200\./,
    },
    {
      what: 'no CORS',
      edit: replace('main.py', /app\.add_middleware\([\s\S]*?\n\)\n/, ''),
      message:
        /^Anfrage „GET \/notes mit Origin \(CORS\)“: CORS-Header Access-Control-Allow-Origin erwartet \*, gefunden nichts\./,
    },
    {
      what: 'oldest first',
      edit: replace('main.py', 'order_by(Note.created_at.desc())', 'order_by(Note.created_at)'),
      message:
        /^Anfrage „GET \/notes \(neueste zuerst\)“: Antwort erwartet \{"reihenfolge":\["B","A"\],"felder":\["content","created_at","id","title"\]\}, gefunden \{"reihenfolge":\["A","B"\],/,
    },
  ];
  for (const variant of broken) {
    it(`fails with the right request named: ${variant.what}`, async () => {
      const app = await startLessonApp({ edit: variant.edit });
      try {
        const result = await checkApi(app.url);
        assert.equal(result.status, 'fail');
        assert.match(result.message, variant.message);
        assert.ok(result.hint);
      } finally {
        await app.stop();
      }
    });
  }
});
