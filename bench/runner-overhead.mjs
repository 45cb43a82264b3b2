#!/usr/bin/env node
// Runner overhead: a lesson of N trivial steps run with `lesson --auto` against the same commands as one
// plain bash script, side by side, in one run. Usage: npm run bench:runner [-- --steps 50 --runs 5]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({
  options: { steps: { type: 'string', default: '50' }, runs: { type: 'string', default: '5' } },
});
const steps = Number(values.steps);
const runs = Number(values.runs);
const work = mkdtempSync(join(tmpdir(), 'lesson-bench-runner-'));

function lesson(count) {
  const blocks = Array.from(
    { length: count },
    (_, i) => `### 1.${i + 1} Schritt\n\n\`\`\`bash\necho "Schritt ${i + 1}"\n\`\`\`\n`,
  );
  return `---\ntitle: "99.${count}: Messlektion"\n---\n# Messlektion\n\n## Teil 1: Viele kleine Schritte\n\n${blocks.join('\n')}`;
}

const lessons = join(work, 'lessons');
spawnSync('mkdir', ['-p', lessons]);
writeFileSync(join(lessons, `99.${steps}-messung.md`), lesson(steps));
writeFileSync(join(lessons, '99.1-messung.md'), lesson(1));
const script = join(work, 'plain.sh');
writeFileSync(script, Array.from({ length: steps }, (_, i) => `echo "Schritt ${i + 1}"`).join('\n'));

function time(command, args) {
  const times = [];
  for (let i = 0; i < runs; i++) {
    const project = mkdtempSync(join(work, 'project-'));
    const start = process.hrtime.bigint();
    const result = spawnSync(command, args(project), {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1' },
    });
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    if (result.status !== 0)
      throw new Error(`${command} ${args(project).join(' ')}: ${result.stdout}${result.stderr}`);
    times.push(ms);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

const runner = (id) => (project) => [
  'dist/lesson.mjs',
  id,
  '--auto',
  '--no-cache',
  '--lessons-dir',
  lessons,
  '--dir',
  project,
];
const bash = time('bash', () => [script]);
const many = time(process.execPath, runner(`99.${steps}`));
const one = time(process.execPath, runner('99.1'));
rmSync(work, { recursive: true, force: true });

const perStep = (many - bash) / steps;
const marginal = (many - one) / (steps - 1);
console.log(`Runner-Overhead, ${steps} triviale Schritte, Median aus ${runs} Läufen (ms)\n`);
console.log(`${'Variante'.padEnd(46)} ${'gesamt'.padStart(8)} ${'je Schritt'.padStart(11)}`);
console.log(
  `${'ein bash-Skript mit denselben Befehlen'.padEnd(46)} ${bash.toFixed(0).padStart(8)} ${(bash / steps).toFixed(1).padStart(11)}`,
);
console.log(
  `${`lesson --auto, ${steps} Schritte`.padEnd(46)} ${many.toFixed(0).padStart(8)} ${(many / steps).toFixed(1).padStart(11)}`,
);
console.log(`${'lesson --auto, 1 Schritt (Start, Einlesen)'.padEnd(46)} ${one.toFixed(0).padStart(8)}`);
console.log(`\nMehraufwand je Schritt gegenüber bash (inkl. Start): ${perStep.toFixed(1)} ms`);
console.log(`Mehraufwand je weiterem Schritt (ohne Start):       ${marginal.toFixed(1)} ms`);
console.log(`Ziel < 30 ms je Schritt: ${perStep < 30 ? 'erreicht' : 'VERFEHLT'}`);
