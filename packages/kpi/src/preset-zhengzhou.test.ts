import { describe, expect, it } from 'vitest';
import type { KpiSet } from './kpi-set.js';
import { count, ratio } from './kpi-value.js';
import { loadPreset } from './preset-loader.js';
import type { ManualAdjustment } from './score-month.js';
import { scoreMonth } from './score-month.js';

// seeds/000 (郑州市12328热线服务考核细则), hand-computed.
const preset = loadPreset('zhengzhou-12328');
const atTarget: KpiSet = {
  answerRate: ratio(9_500, 10_000),
  serviceLevel15s: ratio(9_600, 10_000),
  satisfaction: ratio(900, 1_000),
  complianceDays: ratio(28, 30), // 93.33 %
  channelResponseRate: ratio(200, 200),
  complaintRate: ratio(0, 12_000),
  lateDispatches: count(0),
};
const score = (over: KpiSet = {}, adjustments: ManualAdjustment[] = [], prior?: number) =>
  scoreMonth(preset, { ...atTarget, ...over }, adjustments, prior === undefined ? {} : { priorFailedMonthsInPeriod: prior });
const pointsOf = (r: ReturnType<typeof score>, id: string) => r.items.find((i) => i.itemId === id)?.points;
const adj = (itemId: string, points: number): ManualAdjustment => ({ itemId, points, reason: 'inspection', author: 'sup' });

describe('zhengzhou-12328', () => {
  it('every item at its target: 100 points, no deduction', () => {
    const r = score();
    expect(r.total).toBe(100);
    expect(r.outcome).toMatchObject({ kind: 'fee_deduction', failed: false, deductionRatio: 0 });
  });
  it('items and their nominal points', () => {
    const r = score();
    const byId = Object.fromEntries(r.items.map((i) => [i.itemId, i.maxPoints]));
    expect(byId).toMatchObject({
      'answer-rate': 10,
      'answer-rate-15s': 10,
      'ivr-satisfaction': 5,
      'dispatch-accuracy': 10,
      'duty-7x24': 5,
      'compliance-days': 10,
      'channel-response': 5,
      'supervised-matters': 5,
      'complaint-rate': 10,
    });
  });
  it('answer rate 10 pts at >= 95 %, -1 per point below, no bonus above', () => {
    expect(pointsOf(score({ answerRate: ratio(9_400, 10_000) }), 'answer-rate')).toBe(9);
    expect(pointsOf(score({ answerRate: ratio(9_499, 10_000) }), 'answer-rate')).toBe(9.99); // one call under
    expect(pointsOf(score({ answerRate: ratio(9_450, 10_000) }), 'answer-rate')).toBe(9.5);
    expect(pointsOf(score({ answerRate: ratio(10_000, 10_000) }), 'answer-rate')).toBe(10);
    expect(pointsOf(score({ answerRate: ratio(8_000, 10_000) }), 'answer-rate')).toBe(0);
  });
  it('15 s rate 10 pts at >= 96 %', () => {
    expect(pointsOf(score({ serviceLevel15s: ratio(9_550, 10_000) }), 'answer-rate-15s')).toBe(9.5);
    expect(pointsOf(score({ serviceLevel15s: ratio(9_000, 10_000) }), 'answer-rate-15s')).toBe(4);
  });
  it('IVR satisfaction 5 pts at >= 90 %', () => {
    expect(pointsOf(score({ satisfaction: ratio(88, 100) }), 'ivr-satisfaction')).toBe(3);
    expect(pointsOf(score({ satisfaction: ratio(80, 100) }), 'ivr-satisfaction')).toBe(0);
    expect(pointsOf(score({ satisfaction: ratio(0, 0) }), 'ivr-satisfaction')).toBe(5); // no survey answered
  });
  it('compliance days 10 pts at >= 93 % of the days of the month', () => {
    // 30 days: 28 -> 93.33 % full; 27 -> 90 %: -3
    expect(pointsOf(score({ complianceDays: ratio(27, 30) }), 'compliance-days')).toBe(7);
    // 31 days: 29 -> 93.55 % full; 28 -> 90.32 %: -2.677... -> 7.32
    expect(pointsOf(score({ complianceDays: ratio(29, 31) }), 'compliance-days')).toBe(10);
    expect(pointsOf(score({ complianceDays: ratio(28, 31) }), 'compliance-days')).toBe(7.32);
    // 28 days: 26 -> 92.857 %: -0.142857 -> 9.86; 27 -> 96.4 % full
    expect(pointsOf(score({ complianceDays: ratio(26, 28) }), 'compliance-days')).toBe(9.86);
    expect(pointsOf(score({ complianceDays: ratio(27, 28) }), 'compliance-days')).toBe(10);
  });
  it('channel response 5 pts at 100 %, -1 per point below', () => {
    expect(pointsOf(score({ channelResponseRate: ratio(198, 200) }), 'channel-response')).toBe(4);
    expect(pointsOf(score({ channelResponseRate: ratio(199, 200) }), 'channel-response')).toBe(4.5);
  });
  it('complaint rate: 10 pts only if < 0.01 % of tickets', () => {
    expect(pointsOf(score({ complaintRate: ratio(1, 10_001) }), 'complaint-rate')).toBe(10);
    expect(pointsOf(score({ complaintRate: ratio(1, 10_000) }), 'complaint-rate')).toBe(0);
    expect(pointsOf(score({ complaintRate: ratio(0, 0) }), 'complaint-rate')).toBe(10);
  });
  it('manual items: deductions and the -3..+3 social supervision items', () => {
    const r = score({}, [adj('appearance', -0.2), adj('appearance', -0.2), adj('business-ability', -0.5), adj('typical-cases', 3), adj('third-party-monitoring', -3)]);
    expect(pointsOf(r, 'appearance')).toBe(0.6);
    expect(pointsOf(r, 'business-ability')).toBe(9.5);
    expect(r.total).toBe(100 - 0.4 - 0.5 + 3 - 3);
    expect(pointsOf(score({}, [adj('duty-7x24', -5)]), 'duty-7x24')).toBe(0);
  });
  it('below 90: warning first, then 5 %, then 10 %; below 85: 10 %', () => {
    const month = (answerRate: number) => ({ answerRate: ratio(answerRate, 10_000) });
    // 94.5 % and 15 s at 91.5 % -> -0.5 - 4.5 = -5 -> 95 (pass)
    expect(score({ ...month(9_450), serviceLevel15s: ratio(9_150, 10_000) }).total).toBe(95);
    // answer rate 85 % -> 0 of 10 -> total 90: still passes
    expect(score(month(8_500)).outcome).toMatchObject({ failed: false });
    // plus one 0.01 deduction -> 89.99
    const failing = score(month(8_500), [adj('appearance', -0.01)]);
    expect(failing.total).toBe(89.99);
    expect(failing.outcome).toMatchObject({ failed: true, failedMonthRank: 1, action: 'rectification', deductionRatio: 0 });
    expect(score(month(8_500), [adj('appearance', -0.01)], 1).outcome).toMatchObject({ failedMonthRank: 2, deductionRatio: 0.05 });
    expect(score(month(8_500), [adj('appearance', -0.01)], 2).outcome).toMatchObject({ failedMonthRank: 3, deductionRatio: 0.1 });
    // 15 s at 91 % also -> 90 - 5 = 85: no severe deduction; 84.99: 10 % in the first failed month
    expect(score({ ...month(8_500), serviceLevel15s: ratio(9_100, 10_000) }, [], 0).outcome).toMatchObject({ deductionRatio: 0, action: 'rectification' });
    expect(score({ ...month(8_500), serviceLevel15s: ratio(9_100, 10_000) }, [adj('appearance', -0.01)], 0).outcome).toMatchObject({
      deductionRatio: 0.1,
      action: 'fee_deduction',
    });
  });
});
