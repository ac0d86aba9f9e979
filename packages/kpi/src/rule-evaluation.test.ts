import { describe, expect, it } from 'vitest';
import type { KpiSet } from './kpi-set.js';
import { count, meanMs, ratio } from './kpi-value.js';
import type { ScorecardItem } from './preset-schema.js';
import { itemSchema } from './preset-schema.js';
import { MissingKpiError, countSteps, evaluateRule } from './rule-evaluation.js';

const item = (points: number, rule: Record<string, unknown>, id = 'x'): ScorecardItem => itemSchema.parse({ id, label: id, points, rule });
const pts = (i: ScorecardItem, kpis: KpiSet): number => evaluateRule(i, kpis).points;
const close = (actual: number, expected: number): void => expect(actual).toBeCloseTo(expected, 9);

describe('countSteps', () => {
  it('snaps float noise before counting whole steps', () => {
    expect(countSteps((0.95 - 0.94) * 100, 'ceil')).toBe(1);
    expect(countSteps((0.95 - 0.94) * 100, 'floor')).toBe(1);
    expect(countSteps(0.5, 'prorate')).toBe(0.5);
    expect(countSteps(0.5, 'floor')).toBe(0);
    expect(countSteps(0.5, 'ceil')).toBe(1);
  });
});

describe('linear (higher is better)', () => {
  const answer = item(10, { kind: 'linear', kpi: 'answerRate', target: 0.95, perPointBelow: 1 });
  it('exactly at target: full points', () => {
    expect(pts(answer, { answerRate: ratio(95, 100) })).toBe(10);
    expect(pts(answer, { answerRate: ratio(19, 20) })).toBe(10);
    expect(pts(answer, { answerRate: ratio(9_500, 10_000) })).toBe(10);
  });
  it('one call under the target', () => {
    // 94 / 100 = 1 percentage point below: -1
    close(pts(answer, { answerRate: ratio(94, 100) }), 9);
    // 9 499 / 10 000 = 0.01 point below: -0.01 (pro-rated)
    close(pts(answer, { answerRate: ratio(9_499, 10_000) }), 9.99);
  });
  it('partial points: pro-rated by default, whole steps by setting', () => {
    close(pts(answer, { answerRate: ratio(945, 1_000) }), 9.5);
    const floor = item(10, { kind: 'linear', kpi: 'answerRate', target: 0.95, perPointBelow: 1, partial: 'floor' });
    const ceil = item(10, { kind: 'linear', kpi: 'answerRate', target: 0.95, perPointBelow: 1, partial: 'ceil' });
    expect(pts(floor, { answerRate: ratio(945, 1_000) })).toBe(10);
    expect(pts(ceil, { answerRate: ratio(945, 1_000) })).toBe(9);
    expect(pts(ceil, { answerRate: ratio(94, 100) })).toBe(9); // not 8: float noise snapped
  });
  it('never below 0 by default; a smaller cap by setting', () => {
    expect(pts(answer, { answerRate: ratio(80, 100) })).toBe(0);
    const capped = item(2, { kind: 'linear', kpi: 'answerRate', target: 0.95, perPointBelow: 1, maxDeduction: 1.5 });
    close(pts(capped, { answerRate: ratio(80, 100) }), 0.5);
  });
  it('no bonus above target unless configured', () => {
    expect(pts(answer, { answerRate: ratio(100, 100) })).toBe(10);
  });
  it('bonus above target, capped (Haikou FCR: 3 pts at 80 %, -0.5 below, +0.2 above, max +2)', () => {
    const fcr = item(3, { kind: 'linear', kpi: 'fcr', target: 0.8, perPointBelow: 0.5, perPointAbove: 0.2, maxBonus: 2 });
    expect(pts(fcr, { fcr: ratio(80, 100) })).toBe(3);
    close(pts(fcr, { fcr: ratio(85, 100) }), 4);
    close(pts(fcr, { fcr: ratio(805, 1_000) }), 3.1);
    close(pts(fcr, { fcr: ratio(90, 100) }), 5);
    close(pts(fcr, { fcr: ratio(95, 100) }), 5);
    close(pts(fcr, { fcr: ratio(79, 100) }), 2.5);
    close(pts(fcr, { fcr: ratio(70, 100) }), 0);
    expect(evaluateRule(fcr, { fcr: ratio(1, 2) })).toMatchObject({ floor: 0, ceiling: 5 });
  });
  it('no data: full points by default, 0 by setting', () => {
    expect(evaluateRule(answer, { answerRate: ratio(0, 0) })).toMatchObject({ points: 10, noData: true });
    const strict = item(10, { kind: 'linear', kpi: 'answerRate', target: 0.95, perPointBelow: 1, whenNoData: 'zero' });
    expect(pts(strict, { answerRate: ratio(0, 0) })).toBe(0);
  });
  it('a missing KPI is an error, not a zero', () => {
    expect(() => evaluateRule(answer, {})).toThrow(MissingKpiError);
    expect(() => evaluateRule(answer, {})).toThrow(/item "x" needs KPI "answerRate"/);
  });
});

describe('linear_lower_is_better (Changsha AHT: 3 pts at <= 300 s, -0.2 per 5 s over)', () => {
  const aht = item(3, { kind: 'linear_lower_is_better', kpi: 'ahtMs', target: 300_000, step: 5_000, perStepAbove: 0.2 });
  const ms = (v: number) => ({ ahtMs: meanMs(v * 10, 10) });
  it('at or under target: full points', () => {
    expect(pts(aht, ms(300_000))).toBe(3);
    expect(pts(aht, ms(120_000))).toBe(3);
  });
  it('over target', () => {
    close(pts(aht, ms(305_000)), 2.8);
    close(pts(aht, ms(302_500)), 2.9);
    close(pts(aht, ms(300_001)), 3 - 0.2 / 5_000);
    close(pts(aht, ms(350_000)), 1);
    expect(pts(aht, ms(400_000))).toBe(0);
  });
  it('whole steps by setting', () => {
    const floor = item(3, { kind: 'linear_lower_is_better', kpi: 'ahtMs', target: 300_000, step: 5_000, perStepAbove: 0.2, partial: 'floor' });
    const ceil = item(3, { kind: 'linear_lower_is_better', kpi: 'ahtMs', target: 300_000, step: 5_000, perStepAbove: 0.2, partial: 'ceil' });
    expect(pts(floor, ms(304_999))).toBe(3);
    close(pts(ceil, ms(300_001)), 2.8);
  });
  it('no answered call: full points', () => {
    expect(pts(aht, { ahtMs: meanMs(0, 0) })).toBe(3);
  });
});

describe('threshold (Zhengzhou complaint rate: 10 pts only if < 0.01 %)', () => {
  const complaints = item(10, { kind: 'threshold', kpi: 'complaintRate', comparator: '<', target: 0.0001 });
  it('exactly 0.01 % is not under it', () => {
    expect(evaluateRule(complaints, { complaintRate: ratio(1, 10_000) })).toMatchObject({ points: 0, passed: false });
  });
  it('one ticket more and it is', () => {
    expect(evaluateRule(complaints, { complaintRate: ratio(1, 10_001) })).toMatchObject({ points: 10, passed: true });
    expect(pts(complaints, { complaintRate: ratio(0, 50) })).toBe(10);
  });
  it('no tickets: full points', () => {
    expect(evaluateRule(complaints, { complaintRate: ratio(0, 0) })).toMatchObject({ points: 10, passed: true, noData: true });
  });
  it('every comparator', () => {
    const mk = (comparator: string) => item(1, { kind: 'threshold', kpi: 'answerRate', comparator, target: 0.5 });
    const at = { answerRate: ratio(1, 2) };
    expect(['>=', '>', '<=', '<'].map((c) => pts(mk(c), at))).toEqual([1, 0, 1, 0]);
  });
});

describe('pass_fail (Jiangdu dispatch accuracy >= 98 %)', () => {
  const accuracy = item(1, { kind: 'pass_fail', kpi: 'dispatchAccuracy', comparator: '>=', target: 0.98 });
  it('exactly at target passes, one ticket under fails', () => {
    expect(evaluateRule(accuracy, { dispatchAccuracy: ratio(98, 100) })).toMatchObject({ passed: true, points: 1 });
    expect(evaluateRule(accuracy, { dispatchAccuracy: ratio(979, 1_000) })).toMatchObject({ passed: false, points: 0 });
  });
  it('no data passes by default, fails by setting', () => {
    expect(evaluateRule(accuracy, { dispatchAccuracy: ratio(0, 0) }).passed).toBe(true);
    const strict = item(1, { kind: 'pass_fail', kpi: 'dispatchAccuracy', comparator: '>=', target: 0.98, whenNoData: 'zero' });
    expect(evaluateRule(strict, { dispatchAccuracy: ratio(0, 0) }).passed).toBe(false);
  });
});

describe('per_event_deduction (Haikou callbacks: -0.5 per late callback or stale ticket, 5 pts)', () => {
  const callbacks = item(5, { kind: 'per_event_deduction', events: ['lateCallbacks', 'staleSuspended'], perEvent: 0.5 });
  it('counts the events of every KPI', () => {
    expect(pts(callbacks, { lateCallbacks: count(3, 800), staleSuspended: count(1) })).toBe(3);
    expect(pts(callbacks, { lateCallbacks: count(0, 800), staleSuspended: count(0) })).toBe(5);
  });
  it('capped at the item points, or at a configured cap', () => {
    expect(pts(callbacks, { lateCallbacks: count(12), staleSuspended: count(0) })).toBe(0);
    const capped = item(5, { kind: 'per_event_deduction', events: ['lateDispatches'], perEvent: 0.5, maxDeduction: 2 });
    expect(pts(capped, { lateDispatches: count(12) })).toBe(3);
    expect(evaluateRule(capped, { lateDispatches: count(0) })).toMatchObject({ floor: 3, ceiling: 5 });
  });
  it('needs every event KPI', () => {
    expect(() => evaluateRule(callbacks, { lateCallbacks: count(1) })).toThrow(/staleSuspended/);
  });
});

describe('manual', () => {
  it('starts at the item points within [0, points] by default', () => {
    expect(evaluateRule(item(2, { kind: 'manual' }), {})).toEqual({ points: 2, floor: 0, ceiling: 2, inputs: [], noData: false });
  });
  it('a bonus/penalty item starts at 0', () => {
    expect(evaluateRule(item(0, { kind: 'manual', start: 0, min: -3, max: 3 }), {})).toMatchObject({ points: 0, floor: -3, ceiling: 3 });
  });
});
