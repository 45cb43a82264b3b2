import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { loadLessonFile } from '../../runner/load.ts';
import type { CommandStep, FileStep, ManualStep } from '../../runner/model.ts';
import { lesson301, repoRoot } from '../helpers.ts';

const lesson = await loadLessonFile(lesson301, { cwd: repoRoot });
const source = readFileSync(lesson301, 'utf8').split('\n');
const commands = lesson.steps.filter((step): step is CommandStep => step.kind === 'command');
const files = lesson.steps.filter((step): step is FileStep => step.kind === 'file');
const manual = lesson.steps.filter((step): step is ManualStep => step.kind === 'manual');
const command = (code: string): CommandStep => {
  const found = commands.filter((step) => step.code.includes(code));
  assert.equal(found.length, 1, `genau ein Befehl mit „${code}“ erwartet`);
  return found[0] as CommandStep;
};
/** The lesson's own text at a 1-based line: proves a recorded line points at the right place. */
const lineText = (line: number): string => source[line - 1] ?? '';

describe('lesson 30.1: meta', () => {
  it('has id, title and tags from the frontmatter', () => {
    assert.equal(lesson.meta.id, '30.1');
    assert.equal(lesson.meta.title, '30.1: AWS Sandbox & ECR: Docker Images in der Cloud');
    assert.deepEqual(lesson.meta.tags, ['AWS', 'ECR', 'Docker', 'FastAPI']);
    assert.equal(lesson.file, 'lessons/30.1-aws-sandbox-ecr.md');
  });

  it('has the overview with its six goals', () => {
    assert.match(lesson.meta.overview.text, /^In dieser Übung baust du eine neue FastAPI-App/);
    assert.equal(lesson.meta.overview.goals.length, 6);
    assert.equal(
      lesson.meta.overview.goals[0]?.text,
      'AWS Sandbox einrichten - Deine Cloud-Umgebung vorbereiten und die CLI konfigurieren',
    );
    assert.match(lineText(lesson.meta.overview.goals[5]?.line ?? 0), /Image verwalten/);
  });

  it('has the time table and the total', () => {
    const table = lesson.meta.timeTable.map((row) => [row.partId, row.minutes]);
    assert.deepEqual(table, [
      ['rueckblick', 10],
      ['teil-1', 25],
      ['teil-2', 15],
      ['teil-3', 20],
      ['teil-4', 35],
      ['teil-5', 20],
      ['teil-6', 25],
      ['teil-7', 15],
      ['bonus', 15],
    ]);
    assert.equal(lesson.meta.totalTime, 'ca. 2,5 bis 3 Stunden');
    assert.equal(lesson.meta.timeTable[0]?.time, '10 min (lesen)');
  });

  it('has the minimal path Teil 1, 4, 5, 6', () => {
    assert.deepEqual(lesson.meta.minimalPath.partIds, ['teil-1', 'teil-4', 'teil-5', 'teil-6']);
    assert.equal(lesson.meta.minimalPath.note, 'wenn du wenig Zeit hast');
    assert.deepEqual(
      lesson.parts.filter((part) => part.minimal).map((part) => part.id),
      ['teil-1', 'teil-4', 'teil-5', 'teil-6'],
    );
  });

  it('has the prerequisites list', () => {
    assert.equal(lesson.meta.prerequisites.length, 5);
    assert.equal(lesson.meta.prerequisites[0], 'Docker Desktop ist installiert und läuft');
  });
});

describe('lesson 30.1: parts', () => {
  it('has Rückblick, Teil 1 … 7, Bonus and Aufräumen, in order, each at its heading', () => {
    assert.deepEqual(
      lesson.parts.map((part) => part.id),
      [
        'rueckblick',
        'teil-1',
        'teil-2',
        'teil-3',
        'teil-4',
        'teil-5',
        'teil-6',
        'teil-7',
        'bonus',
        'aufraeumen',
      ],
    );
    for (const part of lesson.parts) assert.match(lineText(part.line), /^## /, part.id);
  });

  it('takes goal, time and done-when from the part where the lesson gives them', () => {
    const byId = new Map(lesson.parts.map((part) => [part.id, part]));
    assert.equal(byId.get('teil-1')?.goal, 'Deine AWS-Umgebung ist einsatzbereit und die CLI funktioniert');
    assert.equal(byId.get('teil-1')?.minutes, 25);
    assert.equal(byId.get('teil-4')?.minutes, 35);
    assert.equal(
      byId.get('teil-4')?.doneWhen,
      'Die API unter `http://localhost:8000/docs` Notizen erstellen und anzeigen kann',
    );
    assert.equal(byId.get('teil-6')?.doneWhen, 'Das Image in der ECR Console sichtbar ist');
    assert.equal(byId.get('teil-2')?.doneWhen, undefined);
    assert.equal(byId.get('bonus')?.minutes, 15);
    assert.equal(byId.get('bonus')?.goal, undefined);
    // Rückblick has no Zeitbedarf box; its time comes from the table.
    assert.equal(byId.get('rueckblick')?.minutes, 10);
    assert.equal(byId.get('aufraeumen')?.minutes, undefined);
  });
});

describe('lesson 30.1: code blocks', () => {
  it('classifies all 55 fenced blocks, none unknown', () => {
    // 54 fences start a line; the 55th sits in the blockquote "Architektur-Kontext" (line 28).
    assert.equal(lesson.blocks.length, 55);
    assert.equal(source.filter((line) => /^(> )?```/.test(line)).length, 110);
    assert.deepEqual(
      lesson.blocks.filter((block) => block.role === 'unknown'),
      [],
    );
    const roles: Record<string, number> = {};
    for (const block of lesson.blocks) roles[block.role] = (roles[block.role] ?? 0) + 1;
    assert.deepEqual(roles, { illustration: 11, command: 29, interaction: 1, 'expected-output': 6, file: 8 });
    for (const block of lesson.blocks) assert.match(lineText(block.line), /```/, `Zeile ${block.line}`);
  });

  it('keeps illustrations apart: mermaid diagrams, URI patterns, a tree, sample logs', () => {
    const kinds = lesson.blocks
      .filter((block) => block.role === 'illustration')
      .map((block) => `${block.line}:${block.illustration}`);
    assert.deepEqual(kinds, [
      '28:text',
      '109:diagram',
      '143:diagram',
      '300:diagram',
      '337:uri',
      '343:uri',
      '407:uri',
      '455:tree',
      '1002:log',
      '1008:log',
      '1097:diagram',
    ]);
  });

  it('links every command, file, expected output and prompt list to its step', () => {
    for (const block of lesson.blocks) {
      if (block.role === 'illustration') assert.equal(block.step, undefined);
      else assert.ok(block.step !== undefined, `Zeile ${block.line} ohne Schritt`);
    }
    const prompts = lesson.blocks.find((block) => block.role === 'interaction');
    assert.equal(prompts?.step, command('aws configure').number);
  });
});

describe('lesson 30.1: steps', () => {
  it('numbers steps in document order with lines that point at them', () => {
    assert.deepEqual(
      lesson.steps.map((step) => step.number),
      lesson.steps.map((_, index) => index + 1),
    );
    for (const step of lesson.steps) {
      if (step.kind === 'manual') assert.match(lineText(step.line), /^\d+\. /, `Schritt ${step.number}`);
      else assert.match(lineText(step.line), /```/, `Schritt ${step.number}`);
    }
    assert.equal(lesson.steps.length, 29 + 8 + manual.length);
  });

  it("finds the 8 files the learner writes, with paths relative to the lesson's working directory", () => {
    assert.deepEqual(
      files.map((file) => file.path),
      [
        'cloudnotes/backend/requirements.txt',
        'cloudnotes/backend/database.py',
        'cloudnotes/backend/models.py',
        'cloudnotes/backend/schemas.py',
        'cloudnotes/backend/main.py',
        'cloudnotes/backend/.env',
        'cloudnotes/backend/Dockerfile',
        'cloudnotes/backend/.dockerignore',
      ],
    );
    const main = files.find((file) => file.name === 'main.py') as FileStep;
    assert.equal(main.lang, 'python');
    assert.ok(main.content.startsWith('from fastapi import FastAPI, Depends, HTTPException\n'));
    assert.ok(main.content.endsWith('    db.commit()\n'));
    const dockerignore = files.find((file) => file.name === '.dockerignore') as FileStep;
    assert.equal(dockerignore.content, 'venv/\n__pycache__/\n*.pyc\n.env\nnotes.db\n.git/\n');
    assert.equal(
      (files.find((file) => file.name === '.env') as FileStep).content,
      'DATABASE_URL=sqlite:///./notes.db\n',
    );
  });

  it('tracks the working directory through cd and treats "Stelle sicher … backend/" as a precaution', () => {
    const setup = command('mkdir cloudnotes');
    assert.deepEqual(setup.commands, ['mkdir cloudnotes', 'cd cloudnotes', 'mkdir backend', 'cd backend']);
    assert.equal(setup.cwd, '.');
    assert.equal(setup.cwdAfter, 'cloudnotes/backend');
    const ensure = commands.find((step) => step.code === 'cd backend') as CommandStep;
    assert.equal(ensure.ensuresDirectory, true);
    assert.equal(ensure.cwd, 'cloudnotes/backend');
    assert.equal(ensure.cwdAfter, 'cloudnotes/backend');
    assert.equal(command('docker build').cwd, 'cloudnotes/backend');
    assert.equal(command('docker --version').cwd, '.');
  });

  it('labels platform variants and groups them', () => {
    const posix = command('source venv/bin/activate');
    const cmd = commands.find((step) => step.code === 'venv\\Scripts\\activate') as CommandStep;
    const powershell = command('Activate.ps1');
    assert.deepEqual(
      [posix.platform, cmd.platform, powershell.platform],
      ['posix', 'windows-cmd', 'windows-powershell'],
    );
    assert.ok(posix.variantGroup !== null);
    assert.equal(cmd.variantGroup, posix.variantGroup);
    assert.equal(powershell.variantGroup, posix.variantGroup);
    assert.equal(command('python -m venv venv').platform, 'any');
    assert.equal(command('python -m venv venv').variantGroup, null);
    assert.equal(command('brew install awscli').platform, 'macos');
    assert.equal(command('sudo ./aws/install').platform, 'linux');
    assert.equal(command('brew install awscli').variantGroup, command('sudo ./aws/install').variantGroup);
  });

  it('marks steps in <details> boxes and explicitly optional ones as optional', () => {
    assert.equal(command('brew install awscli').optional, true);
    assert.equal(command('sudo ./aws/install').optional, true);
    assert.equal(command('aws ecr create-repository').optional, true);
    assert.equal(command('aws --version').optional, false);
    const windowsInstall = manual.find((step) => step.platform === 'windows') as ManualStep;
    assert.equal(windowsInstall.optional, true);
    assert.match(windowsInstall.instructions[0] ?? '', /AWSCLIV2\.msi/);
  });

  it('recognises the interactive and the long-running step', () => {
    assert.deepEqual(
      commands.filter((step) => step.interactive).map((step) => step.code),
      ['aws configure'],
    );
    const configure = command('aws configure');
    assert.deepEqual(
      configure.interaction?.prompts.map((prompt) => prompt.prompt),
      ['AWS Access Key ID', 'AWS Secret Access Key', 'Default region name', 'Default output format'],
    );
    assert.equal(configure.interaction?.prompts[2]?.value, 'eu-central-1');
    assert.equal(configure.skipWhenPasses, 'aws-identity');
    const servers = commands.filter((step) => step.longRunning);
    assert.deepEqual(
      servers.map((step) => step.code),
      ['uvicorn main:app --reload --host 0.0.0.0 --port 8000'],
    );
    // From the overlay; the lesson's own "Öffne im Browser" URL would be /docs.
    assert.equal(servers[0]?.readyUrl, 'http://localhost:8000/health');
    assert.equal(command('docker run -d').longRunning, false);
  });

  it("finds the placeholder <deine-account-id> with its positions and the lesson's hint", () => {
    assert.equal(lesson.placeholders.length, 1);
    const placeholder = lesson.placeholders[0];
    assert.equal(placeholder?.token, '<deine-account-id>');
    assert.equal(placeholder?.steps.length, 5);
    assert.match(placeholder?.hint ?? '', /12-stelligen Account-ID/);
    assert.deepEqual(placeholder?.fill, {
      source: 'aws-account-id',
      pattern: '^[0-9]{12}$',
      prompt: 'Deine 12-stellige AWS Account-ID',
    });
    const login = command('get-login-password');
    const [position] = login.placeholders;
    assert.ok(position);
    assert.equal(
      lineText(position.line).slice(position.column - 1, position.column - 1 + position.token.length),
      '<deine-account-id>',
    );
  });

  it('attaches expected output to the command it belongs to, with how to compare it', () => {
    const expectations = commands.flatMap((step) =>
      step.expected.map((expected) => [
        step.commands[0]?.split(' ').slice(0, 3).join(' '),
        expected.match,
        expected.source,
      ]),
    );
    assert.deepEqual(expectations, [
      ['aws --version', 'pattern', 'inline'],
      ['aws sts get-caller-identity', 'json-shape', 'block'],
      ['aws ecr create-repository', 'json-shape', 'block'],
      ['docker build -t', 'sample', 'block'],
      ['curl http://localhost:8000/', 'exact', 'block'],
      ['aws ecr get-login-password', 'substring', 'inline'],
      [
        'docker push <deine-account-id>.dkr.ecr.eu-central-1.amazonaws.com/cloudnotes-api:v1.0',
        'sample',
        'block',
      ],
      ['aws ecr describe-images', 'json-shape', 'block'],
    ]);
    assert.equal(
      command('curl http://localhost:8000/').expected[0]?.text,
      '{"message":"CloudNotes API läuft!","version":"1.0.0"}',
    );
    assert.equal(command('get-login-password').expected[0]?.text, 'Login Succeeded');
    assert.equal(command('aws --version').expected[0]?.text, 'aws-cli/2.x.x');
    assert.match(
      command('aws sts get-caller-identity').expected[0]?.intro ?? '',
      /^Du solltest eine JSON-Antwort sehen/,
    );
  });

  it('finds the console click-paths as manual steps', () => {
    const bySection = manual.map((step) => [step.section, step.instructions.length]);
    assert.deepEqual(bySection, [
      ['1.1 In die AWS Sandbox einloggen', 3],
      ['1.2 AWS CLI prüfen', 3],
      ['3.1 ECR in der Console öffnen', 4],
      ['3.2 Repository erstellen (Console)', 3],
      ['Übung: Push-Befehle anzeigen', 3],
      ['7.1 In der Console prüfen', 3],
      ['Lifecycle Policies', 3],
      ['Image Scanning', 4],
    ]);
    const create = manual.find((step) => step.section?.startsWith('3.2')) as ManualStep;
    // The list is interrupted by the settings table and continues at "3."; both belong to one step.
    assert.match(create.instructions[2] ?? '', /^Klicke auf "Create repository"/);
    assert.deepEqual(
      lesson.content.tables[create.tables[0] ?? -1]?.rows.map((row) => row[0]),
      ['Visibility', 'Repository name', 'Tag immutability', 'Image scan'],
    );
    assert.deepEqual(create.checks, ['ecr-repository']);
  });
});

describe('lesson 30.1: quizzes, checklist, content', () => {
  it('has the 8 Wissensfragen with question and answer', () => {
    assert.deepEqual(
      lesson.quizzes.map((quiz) => quiz.number),
      [1, 2, 3, 4, 5, 6, 7, 8],
    );
    const second = lesson.quizzes[1];
    assert.equal(
      second?.question,
      'Was macht der Befehl `aws sts get-caller-identity` und warum ist er nützlich?',
    );
    assert.match(second?.answer ?? '', /^`aws sts get-caller-identity` zeigt dir:/);
    assert.match(second?.answer ?? '', /Skripte\*\*: du kannst die Account-ID automatisch auslesen/);
    assert.equal(second?.partId, 'teil-1');
    for (const quiz of lesson.quizzes) {
      assert.match(lineText(quiz.line), /^### Wissensfrage \d/);
      assert.ok(quiz.answer.length > 50, quiz.title);
      assert.doesNotMatch(quiz.answer, /<\/?details|<summary/);
    }
  });

  it('has the 9 checklist items and the 3 Aufräumen items with their lines and checks', () => {
    assert.equal(lesson.checklist.length, 9);
    assert.equal(lesson.cleanup.length, 3);
    assert.equal(lesson.checklist[1]?.text, 'ECR Repository `cloudnotes-api` existiert');
    assert.match(lineText(lesson.checklist[1]?.line ?? 0), /ECR Repository `cloudnotes-api` existiert/);
    assert.equal(
      lesson.cleanup[0]?.text,
      '**Lokaler Test-Container** gestoppt und entfernt (`docker stop cloudnotes-test && docker rm cloudnotes-test`)',
    );
    assert.deepEqual(
      lesson.checklist.map((item) => (item.selfAssessed ? 'selbst' : item.checks.join('+'))),
      [
        'aws-identity',
        'ecr-repository',
        'api-responds',
        'image-built',
        'image-pushed',
        'image-pushed',
        'selbst',
        'selbst',
        'test-container-removed',
      ],
    );
  });

  it('keeps admonitions, details boxes, tables and callouts as structured content', () => {
    assert.deepEqual(
      lesson.content.admonitions.map((a) => [a.line, a.type, a.title]),
      [[265, 'warning', 'Sandbox ≠ AWS Free Tier']],
    );
    assert.match(
      lesson.content.admonitions[0]?.text ?? '',
      /^Die Techstarter-Sandbox-Accounts haben \*\*kein automatisches Free Tier\*\*/,
    );
    const kinds: Record<string, number> = {};
    for (const details of lesson.content.details) kinds[details.kind] = (kinds[details.kind] ?? 0) + 1;
    assert.deepEqual(kinds, { info: 2, answer: 8, optional: 1, help: 1 });
    const help = lesson.content.details.find((details) => details.kind === 'help');
    assert.match(help?.text ?? '', /"Unable to locate credentials"\*\* → Führe `aws configure` erneut aus/);
    assert.equal(lesson.content.tables.length, 8);
    assert.deepEqual(lesson.content.tables[0]?.header, ['Teil', 'Thema', 'Zeitbedarf']);
    const labels = new Set(lesson.content.callouts.map((callout) => callout.label));
    for (const label of [
      'Ziel',
      'Zeitbedarf',
      'Du bist fertig, wenn',
      'Tipp',
      'Wichtig',
      'Hinweis',
      'Merksatz',
    ]) {
      assert.ok(labels.has(label), label);
    }
  });

  it('reports no diagnostics for the clean lesson', () => {
    assert.deepEqual(lesson.diagnostics, []);
  });
});
