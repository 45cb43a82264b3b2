import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadLessonFile } from '../../runner/load.ts';
import type { FileStep } from '../../runner/model.ts';
import { lesson301, repoRoot } from '../helpers.ts';
import { freePort } from './net.ts';

/**
 * The lesson's own FastAPI app, built from the code blocks of lesson 30.1 and run with uvicorn, as
 * offline-stand-ins.md describes: the packages come from the machine's local mirror (the lesson's
 * exact pins are not there, so the newest ones are installed instead of its requirements.txt).
 */
export interface LessonApp {
  url: string;
  stop(): Promise<void>;
}

const PACKAGES = ['fastapi', 'uvicorn', 'sqlalchemy<2.1', 'pydantic', 'python-dotenv', 'psycopg[binary]'];
const APP_FILES = new Set(['database.py', 'models.py', 'schemas.py', 'main.py', '.env']);

let venv: string | undefined;

export function pythonAvailable(): boolean {
  return spawnSync('python3', ['-m', 'venv', '--help'], { stdio: 'ignore' }).status === 0;
}

/** One venv per test process; pip resolves from the local mirror (about 3 s). */
function pythonEnvironment(): string {
  if (venv) return venv;
  const dir = mkdtempSync(join(tmpdir(), 'lesson-fastapi-venv-'));
  const created = spawnSync('python3', ['-m', 'venv', dir], { encoding: 'utf8' });
  if (created.status !== 0) throw new Error(`python3 -m venv: ${created.stderr}`);
  const pip = spawnSync(
    join(dir, 'bin', 'pip'),
    ['install', '-q', '--retries', '0', '--timeout', '3', ...PACKAGES],
    { encoding: 'utf8' },
  );
  if (pip.status !== 0) throw new Error(`pip install ${PACKAGES.join(' ')}: ${pip.stderr}`);
  venv = dir;
  return dir;
}

export interface LessonAppOptions {
  databaseUrl?: string;
  /** A deliberately broken variant: change a file of the lesson before starting (must change it). */
  edit?: (name: string, content: string) => string;
}

export async function startLessonApp(options: LessonAppOptions = {}): Promise<LessonApp> {
  const lesson = await loadLessonFile(lesson301, { cwd: repoRoot });
  const dir = mkdtempSync(join(tmpdir(), 'lesson-fastapi-app-'));
  mkdirSync(dir, { recursive: true });
  for (const step of lesson.steps) {
    if (step.kind === 'file' && APP_FILES.has(step.name)) {
      const content = (step as FileStep).content;
      const edited = options.edit ? options.edit(step.name, content) : content;
      writeFileSync(join(dir, step.name), edited);
    }
  }
  const python = pythonEnvironment();
  const port = await freePort();
  const env: NodeJS.ProcessEnv = { ...process.env };
  if (options.databaseUrl) env.DATABASE_URL = options.databaseUrl;
  const child: ChildProcess = spawn(
    join(python, 'bin', 'uvicorn'),
    ['main:app', '--host', '127.0.0.1', '--port', String(port)],
    {
      cwd: dir,
      env,
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  let log = '';
  child.stderr?.on('data', (data: Buffer) => {
    log += data.toString();
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      if ((await fetch(`${url}/`)).ok) break;
    } catch {
      // starting
    }
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`Die FastAPI-App der Lektion startete nicht:\n${log}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    url,
    async stop() {
      child.kill('SIGTERM');
      if (child.exitCode === null) await new Promise((resolve) => child.once('exit', resolve));
    },
  };
}
