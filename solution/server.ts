#!/usr/bin/env node
import { realpathSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { pathToFileURL } from 'node:url';
import type { Knex } from 'knex';
import { createApp } from './app.ts';
import { loadSettings, parseDatabaseUrl, redactUrl, type Settings } from './config.ts';
import { openDatabase } from './db.ts';
import { answerHealthDirectly, HealthMonitor } from './health.ts';

/** `npm run solution`: the CloudNotes API on PORT (8000), with migrations run at start. */
export interface RunningServer {
  server: Server;
  db: Knex;
  url: string;
  /** Stops accepting, lets running requests finish (at most `graceMs`), closes the pool. */
  close(graceMs?: number): Promise<void>;
}

export async function startServer(settings: Settings): Promise<RunningServer> {
  const db = await openDatabase(parseDatabaseUrl(settings.databaseUrl), settings.databaseLog);
  const health = new HealthMonitor(db);
  const handle = createApp({ db, health }).callback();
  const server = createServer((req, res) => {
    if (!answerHealthDirectly(health, req, res)) handle(req, res);
  });
  server.keepAliveTimeout = 5000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(settings.port, settings.host, () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : settings.port;
  const host = settings.host === '0.0.0.0' ? '127.0.0.1' : settings.host;
  return {
    server,
    db,
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    async close(graceMs = 1500) {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const timer = setTimeout(() => server.closeAllConnections(), graceMs);
      await closed;
      clearTimeout(timer);
      await db.destroy();
    },
  };
}

async function main(): Promise<void> {
  const settings = loadSettings();
  const running = await startServer(settings);
  process.stdout.write(
    `CloudNotes API läuft auf ${running.url} (Datenbank: ${redactUrl(settings.databaseUrl)}) – Swagger UI: ${running.url}/docs\n`,
  );
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`${signal} erhalten – beende laufende Anfragen und schließe die Datenbank …\n`);
    running.close().then(
      () => {
        process.exitCode = 0;
      },
      (error: unknown) => {
        process.stderr.write(`Fehler beim Beenden: ${String(error)}\n`);
        process.exitCode = 1;
      },
    );
    // Whatever happens, the process is gone within 2 s.
    setTimeout(() => process.exit(process.exitCode ?? 0), 2000).unref();
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

function isEntryPoint(): boolean {
  const script = process.argv[1];
  try {
    return script !== undefined && import.meta.url === pathToFileURL(realpathSync(script)).href;
  } catch {
    return false;
  }
}

if (isEntryPoint()) {
  main().catch((error: unknown) => {
    process.stderr.write(
      `Die CloudNotes API konnte nicht starten: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exitCode = 1;
  });
}
