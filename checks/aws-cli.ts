import { runProgram } from './program.ts';
import { defineCheck } from './types.ts';

/** Teil 1.2: „Du solltest eine Ausgabe wie `aws-cli/2.x.x` sehen.“ Version 1 geht auch, die Lektion will 2. */
export default defineCheck({
  id: 'aws-cli',
  title: 'AWS CLI installiert',
  points: 1,
  needs: [],
  scope: 'local',
  timeoutMs: 15_000,
  messages: {
    ok: { text: 'AWS CLI {version} ist installiert.' },
    v1: {
      text: 'Erwartet AWS CLI 2.x, gefunden {version}. Für diese Lektion reicht sie meist, aber nicht überall.',
      hint: 'Installiere Version 2 (Teil 1.2, „AWS CLI Installation“).',
    },
    missing: {
      text: 'Erwartet die AWS CLI (aws-cli/2.x.x), gefunden: kein Programm „aws“.',
      hint: 'Installiere sie wie in Teil 1.2 beschrieben und öffne danach ein neues Terminal.',
    },
  },
  async run(context) {
    const output = await runProgram(context, 'aws', ['--version']);
    const version = /aws-cli\/(\d+)\.\d+\.\d+/.exec(`${output.stdout} ${output.stderr}`);
    if (output.exitCode !== 0 || !version) return { status: 'fail', messageId: 'missing' };
    const data = { version: version[0] };
    return version[1] === '2'
      ? { status: 'pass', messageId: 'ok', data }
      : { status: 'warn', messageId: 'v1', data };
  },
});
