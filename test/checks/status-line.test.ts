import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { gradeLearner } from '../../checks/grade.ts';
import { checks } from '../../checks/index.ts';
import { statusLine } from '../../checks/status-line.ts';
import type { Check } from '../../checks/types.ts';
import { loadLessonFile } from '../../runner/load.ts';
import { lesson301, repoRoot } from '../helpers.ts';

describe('progress while grading', () => {
  it('a quick grade shows nothing; a slow one a cleared line with what still runs, cut to the width', async () => {
    const quick: string[] = [];
    const silent = statusLine((text) => quick.push(text));
    silent.update(3, 10, ['AWS-Zugang funktioniert']);
    silent.stop();
    assert.deepEqual(quick, []);

    const written: string[] = [];
    const line = statusLine((text) => written.push(text), { delayMs: 0, width: 60 });
    line.update(6, 10, ['Image cloudnotes-api:v1.0 gebaut', 'Image nach ECR gepusht (v1.0 und latest)']);
    line.update(6, 10, ['Image cloudnotes-api:v1.0 gebaut', 'Image nach ECR gepusht (v1.0 und latest)']);
    line.stop();
    assert.equal(written.length, 2, 'the same text is not drawn twice');
    assert.equal(written[0], '\r\u001b[2KPrüfungen: 6 von 10 fertig – noch offen: Image cloudnotes-…');
    assert.equal(written[1], '\r\u001b[2K');
  });

  it('gradeLearner reports each finished check with the titles of those still running', async () => {
    const delays: Record<string, number> = { 'image-built': 60, 'image-pushed': 30 };
    const fake: Check[] = checks.map((check) => ({
      ...check,
      run: async () => {
        await new Promise((resolve) => setTimeout(resolve, delays[check.id] ?? 0));
        return { status: 'pass', messageId: Object.keys(check.messages)[0] ?? 'ok' };
      },
    }));
    const seen: Array<[number, number, string[]]> = [];
    await gradeLearner({
      lesson: await loadLessonFile(lesson301, { cwd: repoRoot }),
      checks: fake,
      env: {},
      region: 'eu-central-1',
      instructor: false,
      onCheckDone: (done, total, running) => seen.push([done, total, running]),
    });
    const total = seen[0]?.[1] ?? 0;
    assert.ok(total >= 8, `all checks of the lesson counted (${total})`);
    assert.deepEqual(
      seen.map(([done]) => done),
      Array.from({ length: total }, (_, i) => i + 1),
    );
    assert.deepEqual(seen.at(-2)?.[2], ['Image cloudnotes-api:v1.0 gebaut']);
    assert.deepEqual(seen.at(-1)?.[2], []);
  });
});
