import { compareRuns, runProbes } from '../solution/contract.ts';
import { startServer } from '../solution/server.ts';
import { startLessonApp } from '../test/support/fastapi.ts';

/**
 * `npm run compare:contract`: the same requests against the lesson's FastAPI app (built from the
 * lesson's code blocks, run with uvicorn) and against the reference solution, both on a fresh SQLite
 * database, and every difference printed. Exit code 1 if a difference is not a documented one.
 */
const lessonApp = await startLessonApp({ databaseUrl: 'sqlite:///./vergleich.db' });
const solution = await startServer({ databaseUrl: 'sqlite:///:memory:', port: 0, host: '127.0.0.1' });
try {
  const lesson = await runProbes(lessonApp.url);
  const ours = await runProbes(solution.url);
  const differences = compareRuns(lesson, ours);
  console.log(`${lesson.length} Anfragen an beide APIs, ${differences.length} Unterschiede:\n`);
  for (const difference of differences) {
    const mark = difference.deliberate ? 'bewusst' : 'OFFEN  ';
    console.log(`${mark}  ${difference.probe} · ${difference.field}`);
    console.log(`         FastAPI:       ${JSON.stringify(difference.lesson)?.slice(0, 160)}`);
    console.log(`         Referenz:      ${JSON.stringify(difference.solution)?.slice(0, 160)}`);
  }
  const open = differences.filter((difference) => !difference.deliberate);
  console.log(
    `\n${open.length === 0 ? 'Nur die dokumentierten Abweichungen (solution/README.md).' : `${open.length} nicht dokumentierte Unterschiede.`}`,
  );
  process.exitCode = open.length === 0 ? 0 : 1;
} finally {
  await solution.close();
  await lessonApp.stop();
}
