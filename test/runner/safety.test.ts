import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { redact, secretsFromDotenv, secretsFromEnv } from '../../runner/redact.ts';
import { risksOf } from '../../runner/safety.ts';
import { storableEnvChanges } from '../../runner/state.ts';

describe('secrets', () => {
  it('hides known values and access-key shapes', () => {
    const secrets = [
      ...secretsFromEnv({
        AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG',
        HOME: '/root',
        GITHUB_TOKEN: 'ghp_abcdef123',
      }),
      ...secretsFromDotenv('DATABASE_URL=postgresql://u:pw@h/db\n# c\nX=1\n'),
    ];
    const text =
      'key wJalrXUtnFEMI/K7MDENG id AKIAIOSFODNN7EXAMPLE url postgresql://u:pw@h/db home /root token ghp_abcdef123';
    assert.equal(redact(text, secrets), 'key «geheim» id «geheim» url «geheim» home /root token «geheim»');
    assert.equal(redact('aws_secret_access_key = abc/def', []), 'aws_secret_access_key = «geheim»');
  });

  it('keeps only harmless environment changes for the state file', () => {
    const initial = { PATH: '/usr/bin', HOME: '/root' };
    const current = {
      PATH: '/p/venv/bin:/usr/bin',
      HOME: '/root',
      VIRTUAL_ENV: '/p/venv',
      AWS_SECRET_ACCESS_KEY: 'x',
      MY_TOKEN: 'y',
      HARMLESS: 'contains s3cr3t-value inside',
    };
    assert.deepEqual(storableEnvChanges(initial, current, new Set(['s3cr3t-value'])), {
      PATH: '/p/venv/bin:/usr/bin',
      VIRTUAL_ENV: '/p/venv',
    });
  });
});

describe('commands that need an extra "ja"', () => {
  it('sudo, deleting and leaving the project folder', () => {
    assert.deepEqual(
      risksOf(['sudo ./aws/install'], '.').map((risk) => risk.kind),
      ['sudo'],
    );
    assert.deepEqual(
      risksOf(['docker stop cloudnotes-test', 'docker rm cloudnotes-test'], '.').map((risk) => risk.kind),
      ['delete'],
    );
    assert.deepEqual(
      risksOf(['rm -rf venv'], 'a').map((risk) => risk.kind),
      ['delete'],
    );
    assert.deepEqual(
      risksOf(['cd ../..'], 'a').map((risk) => risk.kind),
      ['outside-project'],
    );
    assert.deepEqual(
      risksOf(['cd /etc'], '.').map((risk) => risk.kind),
      ['outside-project'],
    );
    assert.deepEqual(risksOf(['cd ..'], 'a/b'), []);
    assert.deepEqual(
      risksOf(['docker build -t x .', 'aws ecr describe-images --repository-name x'], '.'),
      [],
    );
  });
});
