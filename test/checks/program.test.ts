import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { checks } from '../../checks/index.ts';
import { onPath, runProgram } from '../../checks/program.ts';
import { runChecks } from '../../checks/run.ts';
import type { CheckContext } from '../../checks/types.ts';

const context = (env: NodeJS.ProcessEnv, signal = new AbortController().signal): CheckContext => ({
  env,
  signal,
  region: 'eu-central-1',
  remote: false,
});

describe('running the learner’s programs', () => {
  it('passes arguments as they are and returns exit code, stdout and stderr', async () => {
    const output = await runProgram(context(process.env), 'sh', [
      '-c',
      'printf "%s|" "$@"; echo fehler >&2; exit 3',
      'sh',
      'a b',
      '$HOME',
      '{{.Id}}\t{{json .Config}}',
    ]);
    assert.deepEqual(output, {
      exitCode: 3,
      stdout: 'a b|$HOME|{{.Id}}\t{{json .Config}}|',
      stderr: 'fehler\n',
      missing: false,
    });
  });

  it('says when the program is not on the PATH, and stops it when the check is aborted', async () => {
    const empty = { PATH: mkdtempSync(join(tmpdir(), 'empty-path-')) };
    const missing = await runProgram(context(empty), 'docker', ['version']);
    assert.equal(missing.missing, true);
    assert.equal(missing.exitCode, 127);
    const abort = new AbortController();
    const started = Date.now();
    const running = runProgram(context(process.env, abort.signal), 'sleep', ['30']);
    setTimeout(() => abort.abort(), 100);
    const stopped = await running;
    assert.equal(stopped.exitCode, 128 + 15, 'SIGTERM, as a shell reports it');
    assert.equal(stopped.missing, false);
    const killed = await runProgram(context(process.env), 'sh', ['-c', 'kill -9 $$']);
    assert.equal(killed.exitCode, 128 + 9);
    assert.ok(Date.now() - started < 5000, 'sleep 30 was stopped');
  });

  it('on Windows, starts a program that exists only as a batch file (pip puts the AWS CLI v1 there as aws.cmd)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'scripts dir-'));
    // Stands in for pip's aws.cmd; on Windows cmd.exe runs it, here /bin/sh does.
    writeFileSync(
      join(dir, 'aws.cmd'),
      '#!/bin/sh\necho "aws-cli/1.45.11 Python/3.11.7 Windows/10 botocore/1.43.11 $1"\n',
      {
        mode: 0o755,
      },
    );
    const env = { PATH: dir };
    const windows = await runProgram(context(env), 'aws', ['--version'], 'win32');
    assert.equal(windows.exitCode, 0, windows.stderr);
    assert.equal(windows.stdout, 'aws-cli/1.45.11 Python/3.11.7 Windows/10 botocore/1.43.11 --version\n');
    // Elsewhere a .cmd file is no program, and without one Windows says missing as well.
    assert.equal((await runProgram(context(env), 'aws', ['--version'], 'linux')).missing, true);
    assert.equal((await runProgram(context(env), 'docker', ['version'], 'win32')).missing, true);
    // cmd.exe would take apart what is not a plain word: such a call does not go through it.
    assert.equal((await runProgram(context(env), 'aws', ['--query', 'a b'], 'win32')).missing, true);
    // Windows spells the variable Path, and separates with ;.
    assert.equal(onPath('aws.cmd', { Path: `C:\\nirgends;${dir}` }, ';'), join(dir, 'aws.cmd'));
  });

  it('docker-engine without docker on the PATH: says to install Docker Desktop, not to start it', async () => {
    const [result] = await runChecks(
      checks,
      {
        env: { PATH: mkdtempSync(join(tmpdir(), 'empty-path-')) },
        region: 'eu-central-1',
        apiUrl: '',
        remote: false,
      },
      ['docker-engine'],
    );
    assert.equal(result?.status, 'fail');
    assert.match(result?.message ?? '', /Erwartet das Programm docker, gefunden: keins/);
    assert.match(result?.hint ?? '', /Installiere Docker Desktop/);
  });
});
