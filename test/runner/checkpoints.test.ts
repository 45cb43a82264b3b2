import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { describe, it } from 'node:test';
import { type Checkpoints, withProgress } from '../../runner/checkpoints.ts';
import { terminalUi } from '../../runner/terminal.ts';

describe('checkpoints with a status line', () => {
  const slow = (ms: number, fail = false): Checkpoints => ({
    has: (id) => id === 'image-built',
    run: async (ids) => {
      await new Promise((resolve) => setTimeout(resolve, ms));
      if (fail) throw new Error('kaputt');
      return ids.map((id) => ({ id, status: 'pass' as const, message: 'ok' }));
    },
  });

  it('shows a spinner while a check takes longer than a moment, and clears it afterwards', async () => {
    const output = Object.assign(new PassThrough(), { isTTY: true });
    let written = '';
    output.on('data', (chunk: Buffer) => {
      written += chunk.toString();
    });
    const ui = terminalUi({ auto: true, input: new PassThrough(), output, env: { TERM: 'xterm' } });
    const outcomes = await withProgress(slow(1800), ui).run(['image-built']);
    assert.equal(outcomes[0]?.status, 'pass');
    assert.match(written, /Prüfung image-built läuft seit \d s …/);
    assert.ok(written.endsWith('\r\u001b[2K'), 'the status line is cleared at the end');
  });

  it('stops the status line also when the check throws, and stays quiet for unknown ids', async () => {
    const started: string[] = [];
    let stopped = 0;
    const ui = {
      progress: (label: string) => {
        started.push(label);
        return { activity: () => {}, stop: () => stopped++ };
      },
    };
    await assert.rejects(withProgress(slow(10, true), ui).run(['image-built']), /kaputt/);
    assert.deepEqual([started, stopped], [['Prüfung image-built'], 1]);
    assert.deepEqual(await withProgress(slow(10), ui).run(['unbekannt']), [
      { id: 'unbekannt', status: 'pass', message: 'ok' },
    ]);
    assert.equal(started.length, 1);
  });
});
