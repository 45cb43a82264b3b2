import { realpathSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { type Command, CommanderError } from 'commander';

/** What the CLIs (`lesson`, `grade`) share: German help and usage errors, and how they know they were started. */

const HELP_TITLES: Record<string, string> = {
  'Usage:': 'Aufruf:',
  'Arguments:': 'Argumente:',
  'Options:': 'Optionen:',
};

/** German headings, errors returned instead of printed by commander, output through the caller's io. */
export function germanCli(
  command: Command,
  io: { stdout: (text: string) => void; stderr: (text: string) => void },
): Command {
  return command
    .helpOption('-h, --help', 'diese Hilfe zeigen')
    .configureHelp({ styleTitle: (title) => HELP_TITLES[title] ?? title })
    .helpCommand(false)
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr, outputError: () => {} })
    .showSuggestionAfterError(false);
}

/** A commander error in German with where to find help; 0 when help was asked for, else 2. */
export function usageError(
  error: CommanderError,
  io: { stderr: (text: string) => void },
  texts: { excessArguments: string; missingArgument: string; help: string },
): number {
  if (
    error.code === 'commander.helpDisplayed' ||
    error.code === 'commander.help' ||
    error.code === 'commander.version'
  )
    return 0;
  const name = /'([^']+)'/.exec(error.message)?.[1] ?? '';
  const messages: Record<string, string> = {
    'commander.unknownOption': `Unbekannte Option „${name}“.`,
    'commander.excessArguments': texts.excessArguments,
    'commander.optionMissingArgument': `Der Option „${name}“ fehlt ihr Wert.`,
    'commander.missingArgument': texts.missingArgument.replace('{name}', name),
  };
  io.stderr(`Fehler: ${messages[error.code] ?? error.message}\nHilfe: ${texts.help}\n`);
  return 2;
}

/** Started as a program (also through the symlinks npx and npm link create), not imported. */
export function isEntryPoint(moduleUrl: string): boolean {
  const script = process.argv[1];
  if (!script) return false;
  try {
    return moduleUrl === pathToFileURL(realpathSync(script)).href;
  } catch {
    return false;
  }
}

/** Runs a CLI's main as the process: its return value is the exit code; a crash is 70, in German. */
export function runAsProcess(main: () => Promise<number>): void {
  main().then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`Interner Fehler: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 70;
    },
  );
}

/** Parses the arguments; an exit code when that already ended the run (help shown, usage error). */
export function parseCli(
  command: Command,
  argv: string[],
  io: { stderr: (text: string) => void },
  texts: Parameters<typeof usageError>[2],
): number | undefined {
  try {
    command.parse(argv, { from: 'user' });
    return undefined;
  } catch (error) {
    if (error instanceof CommanderError) return usageError(error, io, texts);
    throw error;
  }
}
