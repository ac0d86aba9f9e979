import { describe, expect, it } from 'vitest';
import type { KpiSet } from './kpi-set.js';
import { count, ratio } from './kpi-value.js';
import { loadPreset } from './preset-loader.js';
import type { ManualAdjustment } from './score-month.js';
import { scoreMonth } from './score-month.js';

// seeds/001 (海口12345热线运营考核标准), hand-computed.
const preset = loadPreset('haikou-12345');
const atTarget: KpiSet = {
  answerRate: ratio(9_500, 10_000),
  utilisation: ratio(70, 100),
  fcr: ratio(800, 1_000),
  satisfaction: ratio(950, 1_000),
  lateDispatches: count(0, 500),
  lateCallbacks: count(0, 400),
  staleSuspended: count(0),
  lateReturnReviews: count(0, 30),
};
const score = (over: KpiSet = {}, adjustments: ManualAdjustment[] = []) => scoreMonth(preset, { ...atTarget, ...over }, adjustments);
const pointsOf = (r: ReturnType<typeof score>, id: string) => r.items.find((i) => i.itemId === id)?.points;
const adj = (itemId: string, points: number): ManualAdjustment => ({ itemId, points, reason: 'inspection', author: 'sup' });

describe('haikou-12345', () => {
  it('every item at target and no extras: 100 of 110 nominal points, full payout', () => {
    const r = score();
    expect(r.maxPoints).toBe(110);
    expect(r.total).toBe(100);
    expect(r.outcome).toEqual({ kind: 'payout', payoutRatio: 1, band: '>= 90' });
  });
  it('answer rate 13 pts at >= 95 %, -1 per point below, down to 0', () => {
    expect(pointsOf(score({ answerRate: ratio(9_412, 10_000) }), 'answer-rate')).toBe(12.12);
    expect(pointsOf(score({ answerRate: ratio(9_499, 10_000) }), 'answer-rate')).toBe(12.99);
    expect(pointsOf(score({ answerRate: ratio(8_000, 10_000) }), 'answer-rate')).toBe(0);
  });
  it('FCR 3 pts at 80 %, -0.5 per point below, +0.2 per point above up to +2', () => {
    expect(pointsOf(score({ fcr: ratio(780, 1_000) }), 'fcr')).toBe(2);
    expect(pointsOf(score({ fcr: ratio(850, 1_000) }), 'fcr')).toBe(4);
    expect(pointsOf(score({ fcr: ratio(950, 1_000) }), 'fcr')).toBe(5);
    expect(pointsOf(score({ fcr: ratio(600, 1_000) }), 'fcr')).toBe(0);
  });
  it('satisfaction 2 pts at 95 %, -0.5 below, +0.2 above up to +1', () => {
    expect(pointsOf(score({ satisfaction: ratio(930, 1_000) }), 'satisfaction')).toBe(1);
    expect(pointsOf(score({ satisfaction: ratio(980, 1_000) }), 'satisfaction')).toBe(2.6);
    expect(pointsOf(score({ satisfaction: ratio(1_000, 1_000) }), 'satisfaction')).toBe(3);
    expect(pointsOf(score({ satisfaction: ratio(900, 1_000) }), 'satisfaction')).toBe(0);
  });
  it('staffing item: utilisation 70 %, -0.2 per point below, plus -0.5 per report not filed', () => {
    expect(pointsOf(score({ utilisation: ratio(65, 100) }), 'staffing')).toBe(1);
    expect(pointsOf(score({ utilisation: ratio(65, 100) }, [adj('staffing', -0.5)]), 'staffing')).toBe(0.5);
    expect(pointsOf(score({ utilisation: ratio(65, 100) }, [adj('staffing', -0.5), adj('staffing', -0.5), adj('staffing', -0.5)]), 'staffing')).toBe(0);
    expect(pointsOf(score({ utilisation: ratio(50, 100) }), 'staffing')).toBe(0);
    expect(pointsOf(score({ utilisation: ratio(90, 100) }), 'staffing')).toBe(2);
  });
  it('late dispatch -0.5 each, 6 pts cap', () => {
    expect(pointsOf(score({ lateDispatches: count(3, 500) }), 'dispatch-timeliness')).toBe(4.5);
    expect(pointsOf(score({ lateDispatches: count(12, 500) }), 'dispatch-timeliness')).toBe(0);
    expect(pointsOf(score({ lateDispatches: count(13, 500) }), 'dispatch-timeliness')).toBe(0);
  });
  it('late callbacks and stale suspended tickets -0.5 each, 5 pts cap; a reported ticket is added back', () => {
    const r = score({ lateCallbacks: count(2, 400), staleSuspended: count(1) });
    expect(pointsOf(r, 'ticket-callback')).toBe(3.5);
    expect(r.items.find((i) => i.itemId === 'ticket-callback')).toMatchObject({ kpi: 'lateCallbacks + staleSuspended', value: 3 });
    expect(pointsOf(score({ lateCallbacks: count(2, 400), staleSuspended: count(1) }, [adj('ticket-callback', 0.5)]), 'ticket-callback')).toBe(4);
    expect(pointsOf(score({ lateCallbacks: count(11, 400) }), 'ticket-callback')).toBe(0);
  });
  it('late return reviews -0.5 each, 5 pts cap', () => {
    expect(pointsOf(score({ lateReturnReviews: count(1, 30) }), 'return-review')).toBe(4.5);
    expect(pointsOf(score({ lateReturnReviews: count(30, 30) }), 'return-review')).toBe(0);
  });
  it('extras start at 0: activities -3..+3, commendations 0..+4, tours 0..+3', () => {
    const r = score({}, [adj('activities', 0.2), adj('commendations', 2), adj('commendations', 2.5), adj('guided-tours', 0.4)]);
    expect([pointsOf(r, 'activities'), pointsOf(r, 'commendations'), pointsOf(r, 'guided-tours')]).toEqual([0.2, 4, 0.4]);
    expect(pointsOf(score({}, [adj('activities', -5)]), 'activities')).toBe(-3);
    expect(r.total).toBe(104.6);
  });
  it('bonuses can take a month above 110', () => {
    const r = score({ fcr: ratio(1, 1), satisfaction: ratio(1, 1) }, [adj('staff-turnover', 3), adj('activities', 3), adj('commendations', 4), adj('guided-tours', 3)]);
    expect(r.total).toBe(116);
  });
  it('payout bands on the total', () => {
    const minus = (n: number) => [adj('general-management', -4), adj('public-opinion', -6), adj('attendance', -n)];
    expect(score({}, minus(0)).total).toBe(90);
    expect(score({}, minus(0)).outcome).toMatchObject({ payoutRatio: 1 });
    expect(score({}, minus(0.01)).outcome).toMatchObject({ payoutRatio: 0.85 });
    const low = score({ answerRate: ratio(0, 100), lateDispatches: count(100, 500) }, minus(0));
    expect(low.total).toBe(71);
    expect(low.outcome).toMatchObject({ payoutRatio: 0.7 });
    const lower = score({ answerRate: ratio(0, 100), lateDispatches: count(100, 500), fcr: ratio(0, 1), satisfaction: ratio(0, 1), utilisation: ratio(0, 1) }, minus(2));
    expect(lower.total).toBe(62); // 71 - 3 - 2 - 2 - 2
    expect(lower.outcome).toMatchObject({ payoutRatio: 0.5 });
    const lowest = score({ answerRate: ratio(0, 100), lateDispatches: count(100, 500), fcr: ratio(0, 1), satisfaction: ratio(0, 1), utilisation: ratio(0, 1), lateCallbacks: count(100) }, minus(2));
    expect(lowest.total).toBe(57);
    expect(lowest.outcome).toEqual({ kind: 'payout', payoutRatio: 0, band: '< 60' });
  });
  it('computed items without a seed-given manual part refuse adjustments', () => {
    expect(() => score({}, [adj('answer-rate', 1)])).toThrow(/no manual adjustment/);
  });
});
