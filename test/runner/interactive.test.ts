import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { RunState } from '../../runner/state.ts';
import { repoRoot } from '../helpers.ts';
import { cliArgs } from '../support/cli-process.ts';
import { demoLessonsDir } from '../support/demo-lesson.ts';
import { type Moto, motoAvailable, startMoto } from '../support/moto.ts';
import { Terminal, tmuxAvailable } from '../support/tmux.ts';

const ready = tmuxAvailable() && motoAvailable();
if (!ready)
  console.warn(
    '\n!!! tmux oder moto fehlt: die Tests der interaktiven Oberfläche werden ÜBERSPRUNGEN. CI installiert beide.\n',
  );

// A copy of its own: the demo server's port must not collide with another test file's.
const { dir: lessonsDir } = await demoLessonsDir();

describe('the interactive runner in a real terminal (tmux)', { skip: !ready }, () => {
  let moto: Moto;
  let project: string;
  let env: Record<string, string>;
  const terminals: Terminal[] = [];
  const command = () =>
    `cd ${repoRoot} && ${process.execPath} ${cliArgs.join(' ')} 90.1 --lessons-dir ${lessonsDir} --dir ${project}`;

  before(async () => {
    moto = await startMoto();
    project = mkdtempSync(join(tmpdir(), 'lesson-tty-'));
    env = {
      ...moto.env,
      HOME: mkdtempSync(join(tmpdir(), 'lesson-tty-home-')),
      PATH: process.env.PATH ?? '',
      TERM: 'xterm-256color',
    };
  });
  after(async () => {
    for (const terminal of terminals) terminal.close();
    await moto?.stop();
  });

  it('asks before each step, skips on s, quits on q and resumes where the learner stopped', async () => {
    const first = new Terminal(command(), env);
    terminals.push(first);
    let screen = await first.waitFor(/Ausführen\? \[Enter\/s\/q\]/);
    assert.match(screen, /Schritt 1 · Befehl · 1\.1 Ordner anlegen/);
    assert.match(screen, /\$ mkdir demo\n {2}\$ cd demo\nAusführen\?/);
    first.type('s');
    screen = await first.waitFor(/Schritt 2 · Befehl/);
    assert.match(screen, /→ übersprungen: von dir übersprungen/);
    await first.waitFor(/Ausführen\? \[Enter\/s\/q\]/, 30_000, 2);
    first.type('q');
    screen = await first.waitFor(/\[beendet mit 0\]/);
    assert.match(screen, /Fortschritt gespeichert\. Weiter geht es mit: npm run lesson 90\.1/);
    first.close();

    const second = new Terminal(command(), env);
    terminals.push(second);
    screen = await second.waitFor(/Ausführen\? \[Enter\/s\/q\]/);
    assert.match(screen, /Willkommen zurück/);
    assert.match(screen, /Schritt 2 · Befehl · 1\.2 Virtual Environment/);
    assert.doesNotMatch(screen, /Schritt 1 · /);
    second.close();
  });

  it("shows a Wissensfrage, reveals the lesson's answer on Enter and remembers the rating", async () => {
    const terminal = new Terminal(`${command()} --from 5`, env);
    terminals.push(terminal);
    await terminal.waitFor(/Ausführen\? \[Enter\/s\/q\]/);
    terminal.type('');
    let screen = await terminal.waitFor(/Denk kurz nach oder tippe deine Antwort/);
    assert.match(screen, /Wissensfrage 1\nWarum nutzt man ein Virtual Environment\?/);
    assert.doesNotMatch(screen, /getrennt/);
    terminal.type('damit nichts kollidiert');
    screen = await terminal.waitFor(/Wie gut wusstest du es\?/);
    assert.match(
      screen,
      /Antwort:\nDamit die Pakete dieses Projekts getrennt von anderen Projekten bleiben\./,
    );
    terminal.type('3');
    await terminal.waitFor(/Checkpoint Teil 1:/);
    await terminal.waitFor(/\[Enter\/s\/q\]/, 30_000, 2);
    terminal.type('q');
    await terminal.waitFor(/\[beendet mit 0\]/);
    const state = JSON.parse(readFileSync(join(project, '.lesson', 'state-90.1.json'), 'utf8')) as RunState;
    assert.equal(state.quizzes['1']?.rating, 3);
  });
});
