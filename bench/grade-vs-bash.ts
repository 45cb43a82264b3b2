#!/usr/bin/env node
// Grading speed, side by side in one run against the local stand-ins (moto for STS/ECR, a private
// dockerd with a registry, the reference solution as the learner's API):
//   1. `npm run grade 30.1` (the built CLI, a fresh process each time, all checks of the lesson);
//   2. the same verification as a bash script with `aws` CLI calls, docker and curl (bench/grade-baseline.sh);
//   3. a 30-student roster (`--roster`, instructor mode, 8 at a time).
// Usage: npm run bench:grade [-- --runs 3]. Needs moto, dockerd, docker-registry, busybox and aws (CI has them).
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { importBusyboxImage, startDocker } from '../test/support/docker.ts';
import { createLessonRepository, motoEcr, startMoto } from '../test/support/moto.ts';
import { freePort } from '../test/support/net.ts';
import { registerPushed, startRegistry } from '../test/support/registry.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({ options: { runs: { type: 'string', default: '3' } } });
const runs = Number(values.runs);

const work = mkdtempSync(join(tmpdir(), 'bench-grade-'));

/** The learner's API in a process of its own (the measured commands run synchronously from here). */
async function startApi() {
  const port = await freePort();
  const child = spawn(process.execPath, [join(root, 'dist', 'solution.mjs')], {
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: `sqlite:///${join(work, 'notes.db')}`,
    },
    stdio: 'ignore',
  });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    try {
      if ((await fetch(`${url}/health`)).ok) break;
    } catch {
      if (i > 100) throw new Error('npm run solution startete nicht (npm run build vergessen?)');
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    url,
    close: async () => {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
    },
  };
}

const [moto, engine, registry, api] = await Promise.all([
  startMoto(),
  startDocker(join(work, 'docker'), { bridge: true }),
  startRegistry(),
  startApi(),
]);

try {
  // The learner's state after the lesson: repository, image built and pushed with both tags.
  const ecr = motoEcr(moto);
  await createLessonRepository(ecr);
  importBusyboxImage(engine);
  for (const tag of ['v1.0', 'latest']) {
    engine.docker(['tag', 'cloudnotes-api:v1.0', `${registry.host}/cloudnotes-api:${tag}`]);
    engine.docker(['push', `${registry.host}/cloudnotes-api:${tag}`]);
    await registerPushed(ecr, registry.host, tag);
  }
  const env = { ...process.env, ...moto.env, ...engine.env, NO_COLOR: '1' };
  const roster = join(work, 'klasse.csv');
  writeFileSync(
    roster,
    `name,profile,api_url\n${Array.from({ length: 30 }, (_, i) => `Person ${i + 1},,${api.url}`).join('\n')}\n`,
  );

  // Both remove their probe container without waiting for it (a learner sees the result first); the
  // removal must not run into the next contender's time, so each waits, untimed, until it is gone.
  const settle = () => {
    for (const deadline = Date.now() + 15_000; Date.now() < deadline; ) {
      const left = engine.docker(['ps', '-a', '-q', '--filter', 'name=^/cloudnotes-check-']);
      if (left.status === 0 && left.stdout.trim() === '') return;
      spawnSync('sleep', ['0.05']);
    }
    throw new Error('Probe-Container nach 15 s noch da');
  };
  // Busy time of all cores together (user, nice, sys, irq) in ms: what a run costs the whole machine,
  // daemons included; against the elapsed time it shows whether the cores are the limit.
  const busyMs = () =>
    cpus().reduce((sum, { times }) => sum + times.user + times.nice + times.sys + times.irq, 0);
  const time = (command: string, args: string[], expectStatus: number[]) => {
    const start = process.hrtime.bigint();
    const busyBefore = busyMs();
    const result = spawnSync(command, args, { cwd: root, env, encoding: 'utf8' });
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    const cpuMs = busyMs() - busyBefore;
    settle();
    if (!expectStatus.includes(result.status ?? -1))
      throw new Error(
        `${command} ${args.join(' ')} endete mit ${result.status}:\n${result.stdout}\n${result.stderr}`,
      );
    return { ms, cpuMs, output: result.stdout };
  };
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

  const variants = [
    {
      name: 'npm run grade 30.1 (alle Prüfungen, eigener Prozess)',
      run: () => time(process.execPath, ['dist/grade.mjs', '30.1', '--api-url', api.url, '--json'], [0, 1]),
    },
    {
      name: 'Bash-Skript: aws CLI + docker + curl (dieselben Punkte)',
      run: () => time('bash', [join(root, 'bench', 'grade-baseline.sh'), api.url], [0]),
    },
    {
      name: 'Klasse: 30 Personen --roster (8 gleichzeitig)',
      run: () =>
        time(
          process.execPath,
          [
            'dist/grade.mjs',
            '30.1',
            '--roster',
            roster,
            '--out',
            join(work, 'bericht'),
            '--concurrency',
            '8',
          ],
          [0, 1],
        ),
    },
  ];
  // Rounds in turn (grade, bash, class, grade, bash, class, …): the machine's drift over the minute a
  // run takes hits all three alike, and each round's own ratio is reported as well.
  for (const variant of variants) variant.run(); // warm-up: file cache, first moto answers
  const figures = variants.map((variant) => ({
    name: variant.name,
    times: [] as number[],
    cpu: [] as number[],
  }));
  for (let i = 0; i < runs; i++)
    for (const [index, variant] of variants.entries()) {
      const { ms, cpuMs } = variant.run();
      figures[index]?.times.push(ms);
      figures[index]?.cpu.push(cpuMs);
    }
  const check = JSON.parse(variants[0]?.run().output ?? '{}') as {
    checks: Array<{ id: string; status: string; durationMs: number }>;
  };
  console.log(
    `\nBewertung von Lektion 30.1 gegen moto, dockerd + Registry und die Referenzlösung, ${runs} Läufe (Median):\n`,
  );
  const width = Math.max(...figures.map((figure) => figure.name.length));
  for (const figure of figures)
    console.log(
      `  ${figure.name.padEnd(width)}  ${median(figure.times).toFixed(0).padStart(6)} ms   (${figure.times.map((ms) => ms.toFixed(0)).join(', ')})`,
    );
  const [grade, bash, roster30] = figures.map((figure) => median(figure.times)) as [number, number, number];
  const ratios = (figures[1]?.times ?? []).map((ms, i) => ms / (figures[0]?.times[i] ?? ms));
  console.log(
    `\n  Faktor Bash / grade: ${(bash / grade).toFixed(1)}× ${bash / grade >= 5 ? 'im Ziel' : 'UNTER dem Ziel'} (≥ 5×; je Runde ${ratios.map((ratio) => ratio.toFixed(1)).join(', ')})   grade: ${grade <= 1500 ? 'im Ziel' : 'ÜBER dem Ziel'} von 1500 ms   Klasse: ${roster30 <= 10_000 ? 'im Ziel' : 'ÜBER dem Ziel'} von 10 s`,
  );
  console.log(`  Ergebnisse des grade-Laufs: ${check.checks.map((c) => `${c.id}=${c.status}`).join(' ')}`);
  console.log(`  Dauer je Prüfung (ms): ${check.checks.map((c) => `${c.id} ${c.durationMs}`).join(' · ')}`);
  console.log(
    `  Rechenzeit aller ${cpus().length} Kerne je Lauf (Median): ${figures.map((figure) => `${figure.name.split(' (')[0]} ${median(figure.cpu).toFixed(0)} ms in ${median(figure.times).toFixed(0)} ms`).join(' · ')}\n`,
  );
} finally {
  engine.stop();
  await Promise.all([moto.stop(), registry.stop(), api.close()]);
}
