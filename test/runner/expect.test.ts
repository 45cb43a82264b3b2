import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkExpectation } from '../../runner/expect.ts';
import type { ExpectedOutput, MatchMode } from '../../runner/model.ts';

const expected = (text: string, match: MatchMode): ExpectedOutput => ({
  line: 1,
  source: 'block',
  text,
  match,
  intro: '',
});
const same = (text: string) => text;

describe('comparing output with the lesson', () => {
  it('exact JSON: same values whatever the spacing, a different message is named', () => {
    const want = expected('{"message":"CloudNotes API läuft!","version":"1.0.0"}', 'exact');
    assert.equal(
      checkExpectation(want, '{"message": "CloudNotes API läuft!", "version": "1.0.0"}', same).verdict,
      'pass',
    );
    const wrong = checkExpectation(want, '{"message":"Hello World","version":"1.0.0"}', same);
    assert.equal(wrong.verdict, 'fail');
    assert.equal(
      wrong.message,
      'Antwort weicht ab: message: erwartet "CloudNotes API läuft!", gefunden "Hello World".',
    );
    assert.match(checkExpectation(want, 'curl: (7) Failed to connect', same).message, /^Erwartet genau/);
  });

  it('JSON shape: values are examples, keys and types count, extra keys are fine', () => {
    const want = expected(
      '{"UserId": "AIDAX", "Account": "123456789012", "Arn": "arn:aws:iam::123456789012:user/x"}',
      'json-shape',
    );
    const real =
      'some warning\n{\n "UserId": "AIDA9", "Account": "210987654321", "Arn": "arn:aws:sts::2:user/y", "Extra": 1\n}\n';
    assert.equal(checkExpectation(want, real, same).verdict, 'pass');
    const missing = checkExpectation(want, '{"UserId": "A", "Arn": "x"}', same);
    assert.equal(missing.message, 'Die JSON-Antwort hat eine andere Form: „Account“ fehlt.');
    const typed = checkExpectation(want, '{"UserId": "A", "Account": 1, "Arn": "x"}', same);
    assert.equal(
      typed.message,
      'Die JSON-Antwort hat eine andere Form: Account: erwartet Text, gefunden Zahl.',
    );
  });

  it('JSON shape looks into lists', () => {
    const want = expected(
      '{"imageDetails": [{"imageTags": ["v1.0", "latest"], "imageDigest": "sha256:abc"}]}',
      'json-shape',
    );
    assert.equal(
      checkExpectation(want, '{"imageDetails": [{"imageTags": ["latest"], "imageDigest": "sha256:1"}]}', same)
        .verdict,
      'pass',
    );
    assert.match(
      checkExpectation(want, '{"imageDetails": []}', same).message,
      /erwartet mindestens einen Eintrag/,
    );
  });

  it('substring with placeholders filled', () => {
    const want = expected('make_bucket: <dein-bucket>', 'substring');
    const fill = (text: string) => text.replace('<dein-bucket>', 'mein-bucket');
    assert.equal(checkExpectation(want, 'make_bucket: mein-bucket\n', fill).verdict, 'pass');
    assert.equal(
      checkExpectation(expected('Login Succeeded', 'substring'), 'Error: denied', same).message,
      'Erwartet „Login Succeeded“ in der Ausgabe, gefunden: „Error: denied“.',
    );
  });

  it('version pattern: aws-cli/2.x.x takes any v2, names a v1', () => {
    const want = expected('aws-cli/2.x.x', 'pattern');
    assert.equal(
      checkExpectation(want, 'aws-cli/2.15.30 Python/3.11.8 Linux/6.1 exe/x86_64', same).verdict,
      'pass',
    );
    const v1 = checkExpectation(want, 'aws-cli/1.45.11 Python/3.11.7 Linux/6.18', same);
    assert.equal(v1.verdict, 'fail');
    assert.equal(v1.message, 'Erwartet aws-cli/2.x.x, gefunden aws-cli/1.45.11.');
  });

  it('sample output: the legacy builder\'s "Step 1/7 :" matches the lesson\'s "[1/4]", partial matches are information', () => {
    const want = expected('[1/4] FROM python:3.11-slim\n[2/4] WORKDIR /app\n...', 'sample');
    const legacy = 'Step 1/7 : FROM python:3.11-slim\n ---> 1a2b3c\nStep 2/7 : WORKDIR /app\n';
    assert.equal(checkExpectation(want, legacy, same).verdict, 'pass');
    const partial = checkExpectation(want, 'Step 1/7 : FROM python:3.11-slim\n', same);
    assert.equal(partial.verdict, 'info');
    assert.match(partial.message, /1 von 2 Beispielzeilen wiedererkannt .* „WORKDIR \/app“/);
  });
});
