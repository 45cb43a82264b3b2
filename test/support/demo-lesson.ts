import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fixtures } from '../helpers.ts';
import { lastingPort } from './net.ts';

/** The port the demo lesson's server is written with in test/fixtures/runner. */
const FIXTURE_PORT = '18765';

/**
 * A private copy of the runner's demo lesson (90.1) whose server listens on a port of its own.
 * Test files run in parallel: two of them starting the demo server on the fixture's fixed port
 * collide ("Address already in use"), so each one works on its own copy.
 */
export async function demoLessonsDir(): Promise<{ dir: string; port: number }> {
  // Written into the lesson now, bound by its server only minutes later (lastingPort says why).
  const port = await lastingPort();
  const source = join(fixtures, 'runner');
  const dir = mkdtempSync(join(tmpdir(), 'lesson-demo-'));
  for (const name of readdirSync(source)) {
    const text = readFileSync(join(source, name), 'utf8');
    if (!name.startsWith('90.1-')) {
      writeFileSync(join(dir, name), text);
      continue;
    }
    if (!text.includes(FIXTURE_PORT)) throw new Error(`${name}: Port ${FIXTURE_PORT} kommt nicht vor`);
    writeFileSync(join(dir, name), text.replaceAll(FIXTURE_PORT, String(port)));
  }
  return { dir, port };
}
