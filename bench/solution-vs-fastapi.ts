/**
 * `npm run bench:solution`: the reference solution against the lesson's FastAPI app (uvicorn, as the
 * lesson starts it) and `npm run solution` (node dist/solution.mjs; run `npm run build` first), each in its
 * own process on its own fresh SQLite file, with wrk on loopback, side by side in one run:
 * GET /notes with 100 notes, POST /notes, GET /health, plus a bare node:http server for /health.
 * Targets (issue): ≥4× requests/s on GET /notes, ≥3× on POST, lower p99; /health ≥60% of bare node:http.
 */
import { type ChildProcess, execFile, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs, promisify } from 'node:util';

const run = promisify(execFile);

import { startLessonApp } from '../test/support/fastapi.ts';
import { freePort } from '../test/support/net.ts';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '10' },
    connections: { type: 'string', default: '32' },
    rounds: { type: 'string', default: '7' },
  },
});
const roundCount = Number(values.rounds);
const seconds = Number(values.seconds);
const connections = Number(values.connections);
if (spawnSync('wrk', ['--version']).error) {
  console.error('wrk fehlt: apt-get install wrk');
  process.exit(1);
}
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const work = mkdtempSync(join(tmpdir(), 'lesson-bench-api-'));
const postScript = join(work, 'post.lua');
writeFileSync(
  postScript,
  'wrk.method = "POST"\nwrk.body = \'{"title":"Einkaufsliste","content":"Milch, Brot, Eier"}\'\nwrk.headers["Content-Type"] = "application/json"\n',
);

interface Figures {
  rps: number;
  p99: string;
}

/** Asynchronous on purpose: the reference solution runs in this process and must keep serving. */
async function wrk(url: string, script?: string, duration = seconds): Promise<Figures> {
  const args = [
    '-t2',
    `-c${connections}`,
    `-d${duration}s`,
    '--latency',
    ...(script ? ['-s', script] : []),
    url,
  ];
  const { stdout: out } = await run('wrk', args);
  const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1] ?? 0);
  const p99 = /99%\s+(\S+)/.exec(out)?.[1] ?? '?';
  const errors = /Non-2xx or 3xx responses: (\d+)/.exec(out)?.[1];
  if (errors) console.warn(`  Achtung: ${errors} Antworten mit Fehlerstatus bei ${url}`);
  return { rps, p99 };
}

async function seed(base: string, count: number) {
  for (let i = 0; i < count; i++) {
    await fetch(`${base}/notes`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ title: `Notiz ${i}`, content: 'x'.repeat(80) }),
    });
  }
}

/** Each server in its own process, as users start them: `npm run solution` is `node dist/solution.mjs`. */
async function startProcess(args: string[], env: NodeJS.ProcessEnv, url: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, args, { env: { ...process.env, ...env }, stdio: 'ignore' });
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      await fetch(url);
      return child;
    } catch {
      if (Date.now() > deadline) throw new Error(`${args.join(' ')} antwortet nicht`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

const solutionPort = await freePort();
const barePort = await freePort();
const fastapi = await startLessonApp({ databaseUrl: `sqlite:///${join(work, 'fastapi.db')}` });
const solutionProcess = await startProcess(
  [join(root, 'dist', 'solution.mjs')],
  { PORT: String(solutionPort), HOST: '127.0.0.1', DATABASE_URL: `sqlite:///${join(work, 'solution.db')}` },
  `http://127.0.0.1:${solutionPort}/`,
);
const bareProcess = await startProcess(
  [
    '-e',
    `require('node:http').createServer((q, r) => { r.writeHead(200, { 'Content-Type': 'application/json' }); r.end('{"status":"healthy"}'); }).listen(${barePort}, '127.0.0.1')`,
  ],
  {},
  `http://127.0.0.1:${barePort}/`,
);
const solution = { url: `http://127.0.0.1:${solutionPort}` };
const bareUrl = `http://127.0.0.1:${barePort}`;

try {
  await seed(fastapi.url, 100);
  await seed(solution.url, 100);
  const rows: Array<[string, Figures, Figures]> = [];
  rows.push([
    'GET /notes (100 Notizen)',
    await wrk(`${fastapi.url}/notes`),
    await wrk(`${solution.url}/notes`),
  ]);
  rows.push(['GET /health', await wrk(`${fastapi.url}/health`), await wrk(`${solution.url}/health`)]);
  rows.push([
    'POST /notes',
    await wrk(`${fastapi.url}/notes`, postScript),
    await wrk(`${solution.url}/notes`, postScript),
  ]);
  // /health against bare node:http: the two alternate in short rounds, so drift of the machine (±15 %
  // over tens of seconds here) hits both alike; each round's ratio counts, and their median is the figure.
  const rounds: Array<{ bare: Figures; ours: Figures }> = [];
  const roundSeconds = 3;
  for (let round = 0; round < roundCount; round++)
    rounds.push({
      bare: await wrk(`${bareUrl}/health`, undefined, roundSeconds),
      ours: await wrk(`${solution.url}/health`, undefined, roundSeconds),
    });
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
  const ratios = rounds.map((r) => r.ours.rps / r.bare.rps);
  const bareHealth = { rps: median(rounds.map((r) => r.bare.rps)), p99: rounds[0]?.bare.p99 ?? '?' };
  console.log(`\nwrk -t2 -c${connections} -d${seconds}s, loopback, je eine frische SQLite-Datei\n`);
  console.log(
    `${'Anfrage'.padEnd(26)} ${'FastAPI req/s'.padStart(14)} ${'p99'.padStart(9)} ${'Referenz req/s'.padStart(15)} ${'p99'.padStart(9)} ${'Faktor'.padStart(7)}`,
  );
  for (const [name, theirs, ours] of rows) {
    console.log(
      `${name.padEnd(26)} ${theirs.rps.toFixed(0).padStart(14)} ${theirs.p99.padStart(9)} ${ours.rps.toFixed(0).padStart(15)} ${ours.p99.padStart(9)} ${(ours.rps / theirs.rps).toFixed(1).padStart(6)}×`,
    );
  }
  console.log(
    `${'bare node:http /health'.padEnd(26)} ${''.padStart(14)} ${''.padStart(9)} ${bareHealth.rps.toFixed(0).padStart(15)} ${bareHealth.p99.padStart(9)}`,
  );
  console.log(
    `\n/health der Referenz: ${(median(ratios) * 100).toFixed(0)} % von bare node:http (Ziel ≥ 60 %; Median aus ${roundCount} abwechselnden Runden je ${roundSeconds} s: ${ratios.map((ratio) => `${(ratio * 100).toFixed(0)} %`).join(', ')}; Referenz ${rounds.map((r) => r.ours.rps.toFixed(0)).join(', ')} · bare ${rounds.map((r) => r.bare.rps.toFixed(0)).join(', ')} req/s)`,
  );
  console.log(
    `GET /notes: ${((rows[0]?.[2].rps ?? 0) / (rows[0]?.[1].rps ?? 1)).toFixed(1)}× (Ziel ≥ 4×) · POST /notes: ${((rows[2]?.[2].rps ?? 0) / (rows[2]?.[1].rps ?? 1)).toFixed(1)}× (Ziel ≥ 3×)`,
  );
} finally {
  bareProcess.kill();
  solutionProcess.kill();
  await fastapi.stop();
}
