import { describe, expect, it } from 'vitest';
import type { KpiSet } from './kpi-set.js';
import { ratio } from './kpi-value.js';
import { loadPreset } from './preset-loader.js';
import { scoreMonth } from './score-month.js';

// seeds/003 (江都区12345业务运行质量标准): pass/fail per item, hand-computed.
const preset = loadPreset('jiangdu-12345');
const atTarget: KpiSet = {
  answerRate: ratio(95, 100),
  serviceLevel30s: ratio(95, 100),
  dispatchAccuracy: ratio(98, 100),
  satisfaction: ratio(99, 100),
  callbackCoverage: ratio(120, 120),
  missedCallCallbackRate: ratio(5, 5),
  onTimeCompletion: ratio(80, 80),
};
const score = (over: KpiSet = {}) => scoreMonth(preset, { ...atTarget, ...over });

describe('jiangdu-12345', () => {
  it('every item exactly at its target passes', () => {
    const r = score();
    expect(r.items.map((i) => [i.itemId, i.passed])).toEqual([
      ['answer-rate', true],
      ['answer-rate-30s', true],
      ['dispatch-accuracy', true],
      ['satisfaction', true],
      ['callback-coverage', true],
      ['missed-call-callback', true],
      ['on-time-completion', true],
    ]);
    expect(r.total).toBe(7);
    expect(r.outcome).toEqual({ kind: 'pass_fail', passed: true, failedItemIds: [] });
  });
  it.each([
    ['answer-rate', { answerRate: ratio(94, 100) }],
    ['answer-rate-30s', { serviceLevel30s: ratio(9_499, 10_000) }],
    ['dispatch-accuracy', { dispatchAccuracy: ratio(979, 1_000) }],
    ['satisfaction', { satisfaction: ratio(98, 100) }],
    ['callback-coverage', { callbackCoverage: ratio(119, 120) }],
    ['missed-call-callback', { missedCallCallbackRate: ratio(4, 5) }],
    ['on-time-completion', { onTimeCompletion: ratio(79, 80) }],
  ] as const)('one case under the target fails %s', (itemId, over) => {
    const r = score(over);
    expect(r.outcome).toEqual({ kind: 'pass_fail', passed: false, failedItemIds: [itemId] });
    expect(r.total).toBe(6);
  });
  it('an item without data passes (no missed call to call back, no completed ticket)', () => {
    const r = score({ missedCallCallbackRate: ratio(0, 0), onTimeCompletion: ratio(0, 0) });
    expect(r.outcome).toMatchObject({ passed: true });
    expect(r.items.filter((i) => i.noData).map((i) => i.itemId)).toEqual(['missed-call-callback', 'on-time-completion']);
  });
});
