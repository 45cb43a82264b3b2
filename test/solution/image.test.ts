import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, it } from 'node:test';
import { repoRoot } from '../helpers.ts';
import { type DockerEngine, dockerAvailable, dockerWork, startDocker } from '../support/docker.ts';
import { freePort } from '../support/net.ts';

// The reference solution as a container image on a real Docker engine: built from solution/Dockerfile
// on the offline stand-in of node:20-bookworm-slim, run as a non-root user, answering GET / from the
// container, healthy by its HEALTHCHECK, and stopped at once by `docker stop`.
const ready = dockerAvailable();
if (!ready)
  console.warn(
    '\n!!! dockerd oder debootstrap fehlt (oder kein root): der Image-Test wird ÜBERSPRUNGEN. CI installiert beides.\n',
  );

let engine: DockerEngine | undefined;
const name = `cloudnotes-image-test-${process.pid}`;

before(async () => {
  if (!ready) return;
  engine = await startDocker();
  const base = engine.docker(['image', 'inspect', 'node:20-bookworm-slim'], 10_000);
  if (base.status !== 0) {
    const { spawnSync } = await import('node:child_process');
    const made = spawnSync('bash', [join(repoRoot, '.ci', 'stand-ins', 'node-base-image.sh'), dockerWork], {
      env: { ...process.env, ...engine.env },
      encoding: 'utf8',
    });
    assert.equal(made.status, 0, made.stderr);
  }
});
after(() => {
  engine?.docker(['rm', '-f', name], 30_000);
  engine?.stop();
});

it('builds cloudnotes-api:v1.0 and serves the API from the container', {
  skip: !ready,
  timeout: 900_000,
}, async () => {
  const docker = engine as DockerEngine;
  const build = docker.docker([
    'build',
    '--network',
    'host',
    '-f',
    'solution/Dockerfile',
    '-t',
    'cloudnotes-api:v1.0',
    '.',
  ]);
  assert.equal(build.status, 0, build.stdout.slice(-2000) + build.stderr.slice(-2000));
  const config = JSON.parse(docker.docker(['image', 'inspect', 'cloudnotes-api:v1.0']).stdout)[0].Config as {
    User: string;
    ExposedPorts: Record<string, unknown>;
    Healthcheck?: { Test: string[] };
  };
  assert.equal(config.User, 'node');
  assert.ok('8000/tcp' in config.ExposedPorts);
  assert.ok(config.Healthcheck?.Test.some((part) => part.includes('/health')));

  const port = await freePort();
  const run = docker.docker([
    'run',
    '-d',
    '--name',
    name,
    '--network',
    'host',
    '-e',
    `PORT=${port}`,
    'cloudnotes-api:v1.0',
  ]);
  assert.equal(run.status, 0, run.stderr);
  const deadline = Date.now() + 30_000;
  let body = '';
  while (Date.now() < deadline) {
    try {
      body = await (await fetch(`http://127.0.0.1:${port}/`)).text();
      break;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  assert.equal(body, '{"message":"CloudNotes API läuft!","version":"1.0.0"}');
  const created = await fetch(`http://127.0.0.1:${port}/notes`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ title: 'aus dem Container', content: 'SQLite in /data' }),
  });
  assert.equal(created.status, 201);
  assert.equal(docker.docker(['exec', name, 'id', '-un']).stdout.trim(), 'node');
  // Only what the server needs at run time: no runner or checks packages in the image.
  const modules = docker.docker(['exec', name, 'ls', '/app/node_modules']).stdout.split('\n');
  for (const needed of ['better-sqlite3', 'pg', 'swagger-ui-dist'])
    assert.ok(modules.includes(needed), needed);
  for (const foreign of ['zx', '@aws-sdk', 'remark-parse', 'koa', 'knex', 'typescript'])
    assert.ok(!modules.includes(foreign), `${foreign} gehört nicht ins Image`);
  const size = Number(
    docker.docker(['image', 'inspect', '-f', '{{.Size}}', 'cloudnotes-api:v1.0']).stdout.trim(),
  );
  console.log(
    `  Image cloudnotes-api:v1.0: ${(size / 1e6).toFixed(0)} MB, node_modules: ${modules.filter(Boolean).length} Einträge`,
  );
  let health = '';
  for (let i = 0; i < 60 && health !== 'healthy'; i++) {
    health = docker.docker(['inspect', '-f', '{{.State.Health.Status}}', name]).stdout.trim();
    if (health !== 'healthy') await new Promise((resolve) => setTimeout(resolve, 500));
  }
  assert.equal(health, 'healthy');
  const started = Date.now();
  assert.equal(docker.docker(['stop', name]).status, 0);
  const stopMs = Date.now() - started;
  assert.ok(stopMs < 3000, `docker stop dauerte ${stopMs} ms`);
  assert.equal(docker.docker(['inspect', '-f', '{{.State.ExitCode}}', name]).stdout.trim(), '0');
});
