import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import {
  CreateRepositoryCommand,
  PutLifecyclePolicyCommand,
  StartImageScanCommand,
} from '@aws-sdk/client-ecr';
import { checks } from '../../checks/index.ts';
import { describePolicyProblems } from '../../checks/lifecycle-policy.ts';
import { runChecks } from '../../checks/run.ts';
import type { CheckResult } from '../../checks/types.ts';
import {
  createLessonRepository,
  type Moto,
  motoAvailable,
  motoEcr,
  putTestImage,
  startMoto,
} from '../support/moto.ts';
import { freePort } from '../support/net.ts';

const ready = motoAvailable();
if (!ready) console.warn('\n!!! moto fehlt: die AWS-Prüfungen werden ÜBERSPRUNGEN. CI installiert es.\n');

describe('AWS checks against moto', { skip: !ready }, () => {
  let moto: Moto;
  const context = (env: NodeJS.ProcessEnv, region = 'eu-central-1') => ({
    env,
    region,
    apiUrl: 'http://127.0.0.1:1',
    remote: false,
  });
  const byId = (results: CheckResult[]) => new Map(results.map((result) => [result.id, result]));

  before(async () => {
    moto = await startMoto();
  });
  after(async () => moto?.stop());
  beforeEach(async () => {
    await fetch(`${moto.url}/moto-api/reset`, { method: 'POST' });
  });

  it('identity: account and ARN, never the keys', async () => {
    const [identity] = await runChecks(checks, context(moto.env), ['aws-identity']);
    assert.equal(identity?.status, 'pass');
    assert.match(
      identity?.message ?? '',
      /^Angemeldet als arn:aws:sts::123456789012:user\/moto \(Konto 123456789012, Region eu-central-1\)\.$/,
    );
    assert.ok(!JSON.stringify(identity).includes(moto.env.AWS_SECRET_ACCESS_KEY as string));
  });

  it('identity: another region is a warning with what to do', async () => {
    const [identity] = await runChecks(
      checks,
      context({ ...moto.env, AWS_REGION: 'us-east-1' }, 'us-east-1'),
      ['aws-identity'],
    );
    assert.equal(identity?.status, 'warn');
    assert.match(identity?.hint ?? '', /aws configure set region eu-central-1/);
  });

  it('identity: no credentials points to aws configure (Teil 1.3), and the repository check is skipped', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'no-aws-'));
    const env = {
      AWS_ENDPOINT_URL: moto.url,
      AWS_CONFIG_FILE: join(empty, 'config'),
      AWS_SHARED_CREDENTIALS_FILE: join(empty, 'credentials'),
    };
    const results = byId(await runChecks(checks, context(env), ['ecr-repository']));
    assert.equal(results.get('aws-identity')?.status, 'fail');
    assert.match(results.get('aws-identity')?.message ?? '', /Unable to locate credentials/);
    assert.match(results.get('aws-identity')?.hint ?? '', /„aws configure“ .* \(Lektion, Teil 1\.3\)/);
    assert.equal(results.get('ecr-repository')?.status, 'skip');
    assert.equal(
      results.get('ecr-repository')?.message,
      'Übersprungen: „AWS-Zugang funktioniert“ ist nicht erfüllt.',
    );
  });

  it('identity: an unreachable endpoint fails fast with a German message', async () => {
    const port = await freePort();
    const started = Date.now();
    const [identity] = await runChecks(
      checks,
      context({ ...moto.env, AWS_ENDPOINT_URL: `http://127.0.0.1:${port}` }),
      ['aws-identity'],
    );
    assert.equal(identity?.status, 'fail');
    assert.match(identity?.message ?? '', /^AWS ist nicht erreichbar/);
    assert.ok(Date.now() - started < 8000);
  });

  it("repository: missing, then present with the lesson's settings, then with others", async () => {
    let results = byId(await runChecks(checks, context(moto.env), ['ecr-repository']));
    assert.equal(results.get('ecr-repository')?.status, 'fail');
    assert.equal(
      results.get('ecr-repository')?.message,
      'Erwartet das ECR-Repository „cloudnotes-api“ in eu-central-1, gefunden: keins.',
    );
    assert.match(results.get('ecr-repository')?.hint ?? '', /Teil 3\.4/);
    const ecr = motoEcr(moto);
    await createLessonRepository(ecr);
    results = byId(await runChecks(checks, context(moto.env), ['ecr-repository']));
    assert.equal(results.get('ecr-repository')?.status, 'pass');
    assert.match(
      results.get('ecr-repository')?.message ?? '',
      /123456789012\.dkr\.ecr\.eu-central-1\.amazonaws\.com\/cloudnotes-api/,
    );
    await fetch(`${moto.url}/moto-api/reset`, { method: 'POST' });
    await ecr.send(
      new CreateRepositoryCommand({ repositoryName: 'cloudnotes-api', imageTagMutability: 'IMMUTABLE' }),
    );
    results = byId(await runChecks(checks, context(moto.env), ['ecr-repository']));
    assert.equal(results.get('ecr-repository')?.status, 'warn');
    assert.equal(
      results.get('ecr-repository')?.message,
      'Das Repository existiert, aber: Tag immutability ist eingeschaltet (erwartet: Disabled); Image scan ist aus (erwartet: Enabled).',
    );
  });

  it('bonus: lifecycle policy missing, invalid, valid; scan results summarised by severity', async () => {
    const ecr = motoEcr(moto);
    await createLessonRepository(ecr);
    let results = byId(await runChecks(checks, context(moto.env), ['lifecycle-policy']));
    assert.equal(results.get('lifecycle-policy')?.status, 'fail');
    assert.equal(
      results.get('lifecycle-policy')?.message,
      'Keine Lifecycle Policy für cloudnotes-api gefunden.',
    );
    assert.equal(results.get('lifecycle-policy')?.bonus, true);
    const policy = (rule: Record<string, unknown>) =>
      new PutLifecyclePolicyCommand({
        repositoryName: 'cloudnotes-api',
        lifecyclePolicyText: JSON.stringify({ rules: [rule] }),
      });
    // ECR (and moto) refuse an invalid policy; the check still validates what it reads back.
    assert.deepEqual(
      await describePolicyProblems(
        JSON.stringify({
          rules: [
            {
              rulePriority: 1,
              selection: { tagStatus: 'any', countType: 'imageCountMoreThan', countNumber: 5 },
            },
          ],
        }),
      ),
      ["/rules/0 must have required property 'action'"],
    );
    assert.deepEqual(await describePolicyProblems('{'), ['kein gültiges JSON']);
    await ecr.send(
      policy({
        rulePriority: 1,
        description: 'Behalte nur die letzten 5 Images',
        selection: { tagStatus: 'any', countType: 'imageCountMoreThan', countNumber: 5 },
        action: { type: 'expire' },
      }),
    );
    results = byId(await runChecks(checks, context(moto.env), ['lifecycle-policy']));
    assert.equal(results.get('lifecycle-policy')?.status, 'pass');
    assert.equal(
      results.get('lifecycle-policy')?.message,
      'Lifecycle Policy mit 1 Regel(n): any: höchstens 5 Images.',
    );

    // image-scan needs image-pushed: one manifest under both tags.
    await putTestImage(ecr, ['v1.0', 'latest']);
    await ecr.send(
      new StartImageScanCommand({ repositoryName: 'cloudnotes-api', imageId: { imageTag: 'v1.0' } }),
    );
    results = byId(await runChecks(checks, context(moto.env), ['image-scan']));
    assert.equal(results.get('image-pushed')?.status, 'pass');
    assert.equal(results.get('image-scan')?.status, 'pass', results.get('image-scan')?.message);
    assert.match(
      results.get('image-scan')?.message ?? '',
      /^Scan-Ergebnisse für v1\.0: CRITICAL \d+, HIGH \d+, MEDIUM \d+, LOW \d+, INFORMATIONAL \d+, UNDEFINED \d+\.$/,
    );
  });

  it('image-pushed: a missing repository skips it with the reason', async () => {
    const results = byId(await runChecks(checks, context(moto.env), ['image-pushed']));
    assert.equal(results.get('ecr-repository')?.status, 'fail');
    assert.equal(results.get('image-pushed')?.status, 'skip');
    assert.equal(
      results.get('image-pushed')?.message,
      'Übersprungen: „ECR-Repository cloudnotes-api“ ist nicht erfüllt.',
    );
  });
});
