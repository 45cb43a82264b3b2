import { posix } from 'node:path';
import type { Placeholder } from '../model.ts';
import { PLACEHOLDER } from './wording.ts';

/** Pure helpers over the text of a shell block: splitting, placeholders, directory changes. */

/** Logical commands of a block: continuation lines joined, blank lines and comments dropped. */
export function splitCommands(code: string): string[] {
  const commands: string[] = [];
  let pending = '';
  for (const raw of code.split(/\r?\n/)) {
    const line = raw.trimEnd();
    if (pending === '' && (line.trim() === '' || line.trim().startsWith('#'))) continue;
    if (line.endsWith('\\') && !/^[A-Za-z]:?\\?\w*\\\w/.test(line.trim())) {
      pending += `${line.slice(0, -1).trimEnd()} `;
      continue;
    }
    commands.push((pending + line).trim());
    pending = '';
  }
  if (pending.trim() !== '') commands.push(pending.trim());
  return commands;
}

/** Placeholders with their line and column in the lesson file (the code starts on `firstLine`). */
export function placeholdersIn(code: string, firstLine: number): Placeholder[] {
  const found: Placeholder[] = [];
  code.split(/\r?\n/).forEach((lineText, index) => {
    for (const match of lineText.matchAll(PLACEHOLDER)) {
      found.push({
        token: match[0],
        name: match[1] as string,
        line: firstLine + index,
        column: (match.index ?? 0) + 1,
      });
    }
  });
  return found;
}

/** Directory changes of a command line: `cd a && cd b` → ['a', 'b']; `cd` alone → ['~']. */
export function directoryChanges(command: string): string[] {
  const changes: string[] = [];
  for (const part of command.split(/&&|;|\|\|/)) {
    const match = /^\s*cd(?:\s+("[^"]*"|'[^']*'|\S+))?\s*$/.exec(part);
    if (match) changes.push(match[1] ? match[1].replace(/^["']|["']$/g, '') : '~');
  }
  return changes;
}

/**
 * Applies a `cd` to a project-relative directory. Absolute paths and `~` leave the project; they are
 * kept as written so the plan shows them (the runner asks before leaving the project folder).
 */
export function changeDirectory(cwd: string, target: string): string {
  if (target === '~' || target.startsWith('/') || target.startsWith('~/') || target.includes('$'))
    return target;
  const joined = posix.normalize(posix.join(cwd, target.replace(/\\/g, '/')));
  return joined === '' ? '.' : joined;
}

/** Whether `cwd` already is the directory `target` names (`cloudnotes/backend` is `backend`). */
export function isAlreadyIn(cwd: string, target: string): boolean {
  const wanted = posix.normalize(target.replace(/\\/g, '/')).replace(/\/$/, '');
  return cwd === wanted || cwd.endsWith(`/${wanted}`);
}

const INTERACTIVE = [
  /^aws configure(\s+--profile\s+\S+)?$/,
  /^aws configure sso\b/,
  /^(ssh|sftp|telnet|psql|mysql|mongosh|sqlite3|redis-cli|python3?|node|irb|vim?|nano)(\s+[^|<>]*)?$/,
  /^docker login\b(?!.*--password-stdin)(?!.*\s-p\s)/,
  /^(gh auth login|az login|npm login|passwd)\b/,
];

export function isInteractive(command: string): boolean {
  // `python script.py` runs a program; only a bare interpreter or one with flags only waits for input.
  if (/^python3?\s+(?!-)\S/.test(command) || /^node\s+(?!-)\S/.test(command)) return false;
  if (/^(python3?|node)\s+-(m|c|V|-version)\b/.test(command)) return false;
  return INTERACTIVE.some((pattern) => pattern.test(command));
}

const SERVERS = [
  /^uvicorn\s/,
  /^gunicorn\s/,
  /^(flask|fastapi)\s+(run|dev)\b/,
  /^(npm|pnpm|yarn)\s+(run\s+)?(dev|start|serve)\b/,
  /^python3?\s+-m\s+(http\.server|uvicorn|flask)\b/,
  /^python3?\s+manage\.py\s+runserver\b/,
  /^docker(-|\s)compose\s+up\b(?!.*\s-d\b)(?!.*--detach)/,
];

/** Commands that serve until stopped (the lesson then says "Stoppe den Server mit Ctrl+C"). */
export function isServer(command: string): boolean {
  return SERVERS.some((pattern) => pattern.test(command));
}
