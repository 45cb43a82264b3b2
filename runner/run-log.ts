import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { redact, secretsFromDotenv, secretsFromEnv } from './redact.ts';

/**
 * One log per run in `.lesson/logs/` of the project folder: what ran, where, and what it printed,
 * with every known secret replaced by «geheim» before it reaches the disk.
 */
export class RunLog {
  readonly secrets = new Set<string>();
  readonly path: string | undefined;
  private fd: number | undefined;

  constructor(projectDir: string, lessonId: string, started: Date, disabled: boolean) {
    if (disabled) return;
    const dir = join(projectDir, '.lesson', 'logs');
    mkdirSync(dir, { recursive: true });
    const stamp = started.toISOString().replace(/[:.]/g, '-');
    this.path = join(dir, `${lessonId}-${stamp}.log`);
    this.fd = openSync(this.path, 'a', 0o600);
  }

  addSecretsFromEnv(env: Record<string, string | undefined>): void {
    for (const secret of secretsFromEnv(env)) this.secrets.add(secret);
  }

  addDotenvSecrets(content: string): void {
    for (const secret of secretsFromDotenv(content)) this.secrets.add(secret);
  }

  addSecret(secret: string): void {
    if (secret.length >= 6) this.secrets.add(secret);
  }

  line(text: string): void {
    if (this.fd === undefined) return;
    writeSync(this.fd, `${new Date().toISOString()} ${redact(text, this.secrets)}\n`);
  }

  command(script: string, cwd: string): void {
    this.line(`$ (${cwd}) ${script.replace(/\n/g, '\n    ')}`);
  }

  output(stdout: string, stderr: string): void {
    if (this.fd === undefined) return;
    if (stdout) writeSync(this.fd, redact(stdout.endsWith('\n') ? stdout : `${stdout}\n`, this.secrets));
    if (stderr)
      writeSync(this.fd, redact(`[stderr] ${stderr.endsWith('\n') ? stderr : `${stderr}\n`}`, this.secrets));
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }
}
