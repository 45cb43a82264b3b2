import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadLessonFile } from '../../runner/load.ts';
import { itemKey, planLesson, startIndex } from '../../runner/plan.ts';
import { lesson301, repoRoot } from '../helpers.ts';

const lesson = await loadLessonFile(lesson301, { cwd: repoRoot });
const stepNumbers = (items: ReturnType<typeof planLesson>) =>
  items.flatMap((item) => (item.kind === 'step' ? [item.step.number] : []));

describe('the plan of a run', () => {
  it("runs the learner's variant and keeps the others to show on request", () => {
    const linux = planLesson(lesson, { platform: 'linux' });
    const activate = linux.find(
      (item) =>
        item.kind === 'step' && item.step.kind === 'command' && item.step.code === 'source venv/bin/activate',
    );
    assert.ok(activate && activate.kind === 'step');
    assert.deepEqual(
      activate.variants.map((variant) => variant.platform),
      ['windows-cmd', 'windows-powershell'],
    );
    const numbers = stepNumbers(linux);
    const cmd = lesson.steps.find((step) => step.platform === 'windows-cmd')?.number;
    assert.ok(cmd && !numbers.includes(cmd));
    const brew = lesson.steps.find((step) => step.platform === 'macos')?.number;
    assert.ok(brew && !numbers.includes(brew));
    assert.ok(brew && stepNumbers(planLesson(lesson, { platform: 'macos' })).includes(brew));
    const windowsManual = lesson.steps.find((step) => step.platform === 'windows')?.number;
    assert.ok(
      windowsManual && stepNumbers(planLesson(lesson, { platform: 'windows' })).includes(windowsManual),
    );
  });

  it('keeps Wissensfragen in document order between the steps', () => {
    const items = planLesson(lesson, { platform: 'linux' });
    const kinds = items
      .filter((item) => item.kind !== 'step' || item.step.partId === 'teil-1')
      .map((item) => itemKey(item));
    const teil1 = kinds.slice(kinds.indexOf('start:teil-1'), kinds.indexOf('end:teil-1') + 1);
    assert.equal(teil1.at(-2), 'quiz:2');
    assert.equal(items.filter((item) => item.kind === 'quiz').length, 8);
  });

  it('--minimal keeps the setup and Teil 1, 4, 5, 6; --part keeps one part', () => {
    const minimal = planLesson(lesson, { platform: 'linux', minimal: true });
    assert.deepEqual(
      minimal
        .filter((item) => item.kind === 'section-start')
        .map((item) => item.kind === 'section-start' && item.section.id),
      ['voraussetzungen', 'teil-1', 'teil-4', 'teil-5', 'teil-6'],
    );
    const four = planLesson(lesson, { platform: 'linux', part: '4' });
    assert.deepEqual(
      four
        .filter((item) => item.kind === 'section-start')
        .map((item) => item.kind === 'section-start' && item.section.id),
      ['teil-4'],
    );
  });

  it('resumes after the last finished item and starts --from exactly that step', () => {
    const items = planLesson(lesson, { platform: 'linux' });
    const finished = new Set(items.slice(0, 5).map(itemKey));
    assert.equal(startIndex(items, { finished }), 5);
    const from = startIndex(items, { from: 28 });
    assert.deepEqual(itemKey(items[from] as (typeof items)[number]), 'step:28');
    assert.equal(startIndex(items, { from: 999 }), -1);
  });
});
