#!/usr/bin/env node
// Startup benchmark for `lesson 30.1 --plan`: each variant runs as a fresh process, repeatedly, and the
// figures are printed side by side from one run. Usage: npm run bench:plan [-- --runs 15]
// The warm variant reads the parsed lesson from the cache the first (unmeasured) run wrote.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({ options: { runs: { type: 'string', default: '15' } } });
const runs = Number(values.runs);
const budgetMs = 400;

const cacheDir = mkdtempSync(join(tmpdir(), 'lesson-bench-cache-'));
const variants = [
  { name: 'node -e 0 (nur Node-Start)', args: ['-e', '0'] },
  { name: 'npm run lesson, Zwischenspeicher warm', args: ['dist/lesson.mjs', '30.1', '--plan'] },
  {
    name: 'npm run lesson, ohne Zwischenspeicher',
    args: ['dist/lesson.mjs', '30.1', '--plan', '--no-cache'],
  },
  { name: 'Quelltext über tsx (parst immer)', args: ['--import', 'tsx', 'runner/cli.ts', '30.1', '--plan'] },
];

function measure(args) {
  const times = [];
  for (let i = 0; i < runs + 1; i++) {
    const start = process.hrtime.bigint();
    const result = spawnSync(process.execPath, args, {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, LESSON_CACHE_DIR: cacheDir },
    });
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    if (result.status !== 0)
      throw new Error(`${args.join(' ')} endete mit ${result.status}: ${result.stderr}`);
    if (i > 0) times.push(ms); // the first run warms the file cache
  }
  times.sort((a, b) => a - b);
  const at = (q) => times[Math.min(times.length - 1, Math.floor(q * times.length))];
  return { median: at(0.5), min: times[0], p90: at(0.9) };
}

console.log(`Startzeit von „lesson 30.1 --plan“, ${runs} Läufe je Variante (ms, ab Prozessstart bis Ende)\n`);
console.log(`${'Variante'.padEnd(40)} ${'Median'.padStart(8)} ${'Min'.padStart(8)} ${'p90'.padStart(8)}`);
const medians = new Map();
for (const variant of variants) {
  const { median, min, p90 } = measure(variant.args);
  medians.set(variant.name, median);
  console.log(
    `${variant.name.padEnd(40)} ${median.toFixed(0).padStart(8)} ${min.toFixed(0).padStart(8)} ${p90.toFixed(0).padStart(8)}`,
  );
}
rmSync(cacheDir, { recursive: true, force: true });
console.log(`\nZiel: Median ≤ ${budgetMs} ms`);
for (const variant of variants.slice(1, 3)) {
  const median = medians.get(variant.name);
  console.log(`  ${variant.name}: ${median.toFixed(0)} ms – ${median <= budgetMs ? 'erreicht' : 'VERFEHLT'}`);
}
