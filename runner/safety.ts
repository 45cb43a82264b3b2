import { posix } from 'node:path';

/** Which commands need an extra "ja" before they run. Pure. */
export interface Risk {
  kind: 'sudo' | 'delete' | 'outside-project';
  reason: string;
}

const DELETES: Array<[RegExp, string]> = [
  [/(^|[;&|(]\s*)(sudo\s+)?rm\s/, 'löscht Dateien (rm)'],
  [/(^|[;&|(]\s*)(sudo\s+)?rmdir\s/, 'löscht Ordner (rmdir)'],
  [
    /\bdocker\s+(rm|rmi|system\s+prune|image\s+prune|volume\s+rm|container\s+prune)\b/,
    'löscht Docker-Container oder -Images',
  ],
  [/\baws\s+\S+\s+(delete-[\w-]+|batch-delete-image|rb)\b/, 'löscht etwas in AWS'],
  [/\baws\s+s3\s+rm\b/, 'löscht Dateien in S3'],
  [/\bgit\s+(clean|reset\s+--hard)\b/, 'verwirft Änderungen in Git'],
];

export function risksOf(commands: string[], cwd: string): Risk[] {
  const risks: Risk[] = [];
  for (const command of commands) {
    if (/(^|[\s;&|(])sudo\s/.test(command))
      risks.push({ kind: 'sudo', reason: `„${command}“ braucht Administratorrechte (sudo)` });
    for (const [pattern, reason] of DELETES) {
      if (pattern.test(command)) risks.push({ kind: 'delete', reason: `„${command}“ ${reason}` });
    }
    for (const target of command.matchAll(/(?:^|[\s;&|])cd\s+("[^"]*"|'[^']*'|\S+)/g)) {
      const path = (target[1] as string).replace(/^["']|["']$/g, '');
      if (leavesProject(cwd, path))
        risks.push({ kind: 'outside-project', reason: `„${command}“ verlässt den Projektordner` });
    }
  }
  return risks;
}

/** Whether `cd path` from the project-relative `cwd` ends outside the project folder. */
export function leavesProject(cwd: string, path: string): boolean {
  if (path === '~' || path.startsWith('/') || path.startsWith('~') || /^[A-Za-z]:[\\/]/.test(path))
    return true;
  const joined = posix.normalize(posix.join(cwd, path.replace(/\\/g, '/')));
  return joined === '..' || joined.startsWith('../');
}
