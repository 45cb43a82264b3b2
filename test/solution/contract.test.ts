import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { compareRuns, probes, runProbes } from '../../solution/contract.ts';
import { type RunningServer, startServer } from '../../solution/server.ts';
import { type LessonApp, pythonAvailable, startLessonApp } from '../support/fastapi.ts';

// The lesson's own FastAPI app (from the lesson's code blocks, with uvicorn) against the reference
// solution, request by request: only the differences solution/README.md documents may remain.
const ready = pythonAvailable();
if (!ready)
  console.warn(
    '\n!!! python3 mit venv fehlt: der Vertragsvergleich mit der FastAPI-App wird ÜBERSPRUNGEN.\n',
  );

let lessonApp: LessonApp | undefined;
let solution: RunningServer | undefined;

before(async () => {
  if (!ready) return;
  lessonApp = await startLessonApp({ databaseUrl: 'sqlite:///./vergleich.db' });
  solution = await startServer({ databaseUrl: 'sqlite:///:memory:', port: 0, host: '127.0.0.1' });
});
after(async () => {
  await solution?.close();
  await lessonApp?.stop();
});

it("answers every probe of the contract like the lesson's FastAPI app, apart from the documented decisions", {
  skip: !ready,
}, async () => {
  const lesson = await runProbes(lessonApp?.url as string);
  const ours = await runProbes(solution?.url as string);
  assert.equal(lesson.length, probes.length);
  const open = compareRuns(lesson, ours).filter((difference) => !difference.deliberate);
  assert.deepEqual(open, []);
  // The comparison is not vacuous: the FastAPI app really answered the way the contract describes.
  const byName = new Map(lesson.map((entry) => [entry.probe.name, entry.observed]));
  assert.equal(byName.get('GET /')?.status, 200);
  assert.deepEqual(byName.get('GET unbekannte Notiz')?.body, { detail: 'Notiz nicht gefunden' });
  assert.equal(byName.get('HEAD /')?.status, 405);
  assert.equal(byName.get('DELETE')?.status, 204);
});
