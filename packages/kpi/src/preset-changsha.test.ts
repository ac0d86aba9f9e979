import { describe, expect, it } from 'vitest';
import type { KpiSet } from './kpi-set.js';
import { meanMs, ratio } from './kpi-value.js';
import { loadPreset } from './preset-loader.js';
import { scoreMonth } from './score-month.js';

// seeds/002 (长沙市12345热线评分表), hand-computed.
const preset = loadPreset('changsha-12345');
const calls = 1_000;
const atTarget: KpiSet = {
  answerRate: ratio(950, 1_000),
  ahtMs: meanMs(300_000 * calls, calls),
  acwMeanMs: meanMs(120_000 * calls, calls),
  hangUpSatisfaction: ratio(95, 100),
  fcr: ratio(70, 100),
  qaSamplingRate: ratio(50, 1_000),
  dissatisfiedCallbackRate: ratio(40, 40),
  availabilityQueue: ratio(99, 100),
  availabilitySeats: ratio(99, 100),
  availabilityIvr: ratio(995, 1_000),
  availabilityTelephony: ratio(99, 100),
};
const score = (over: KpiSet = {}) => scoreMonth(preset, { ...atTarget, ...over });
const pointsOf = (over: KpiSet, id: string) => score(over).items.find((i) => i.itemId === id)?.points;
const ms = (perCall: number) => meanMs(perCall * calls, calls);

describe('changsha-12345', () => {
  it('every item at its target: 100 points, no payout tiers in the seed', () => {
    const r = score();
    expect(r.total).toBe(100);
    expect(r.outcome).toEqual({ kind: 'none' });
  });
  it('answer rate 4 pts >= 95 %, -0.5 per point', () => {
    expect(pointsOf({ answerRate: ratio(940, 1_000) }, 'answer-rate')).toBe(3.5);
    expect(pointsOf({ answerRate: ratio(949, 1_000) }, 'answer-rate')).toBe(3.95);
    expect(pointsOf({ answerRate: ratio(850, 1_000) }, 'answer-rate')).toBe(0);
  });
  it('AHT 3 pts <= 300 s, -0.2 per 5 s over', () => {
    expect(pointsOf({ ahtMs: ms(300_000) }, 'aht')).toBe(3);
    expect(pointsOf({ ahtMs: ms(310_000) }, 'aht')).toBe(2.6);
    expect(pointsOf({ ahtMs: ms(302_500) }, 'aht')).toBe(2.9);
    expect(pointsOf({ ahtMs: ms(375_000) }, 'aht')).toBe(0);
    expect(pointsOf({ ahtMs: meanMs(0, 0) }, 'aht')).toBe(3);
  });
  it('ACW 3 pts <= 120 s, -0.2 per 5 s over', () => {
    expect(pointsOf({ acwMeanMs: ms(121_000) }, 'acw')).toBe(2.96);
    expect(pointsOf({ acwMeanMs: ms(145_000) }, 'acw')).toBe(2);
  });
  it('hang-up satisfaction 4 pts >= 95 %, -0.5 per point', () => {
    expect(pointsOf({ hangUpSatisfaction: ratio(93, 100) }, 'hang-up-satisfaction')).toBe(3);
  });
  it('online resolution 4 pts >= 70 %, -0.2 per point', () => {
    expect(pointsOf({ fcr: ratio(65, 100) }, 'online-resolution')).toBe(3);
    expect(pointsOf({ fcr: ratio(50, 100) }, 'online-resolution')).toBe(0);
  });
  it('QA rate 4 pts >= 5 %, -0.5 per point', () => {
    expect(pointsOf({ qaSamplingRate: ratio(40, 1_000) }, 'qa-rate')).toBe(3.5);
    expect(pointsOf({ qaSamplingRate: ratio(49, 1_000) }, 'qa-rate')).toBe(3.95);
    expect(pointsOf({ qaSamplingRate: ratio(0, 1_000) }, 'qa-rate')).toBe(1.5);
  });
  it('dissatisfied callback 3 pts at 100 %, -0.5 per point', () => {
    expect(pointsOf({ dissatisfiedCallbackRate: ratio(39, 40) }, 'dissatisfied-callback')).toBe(1.75);
    expect(pointsOf({ dissatisfiedCallbackRate: ratio(0, 0) }, 'dissatisfied-callback')).toBe(3);
  });
  it('queue 1 pt >= 99 %, IVR 1 pt >= 99.5 %, -0.2 per point below', () => {
    expect(pointsOf({ availabilityQueue: ratio(985, 1_000) }, 'queue-availability')).toBe(0.9);
    expect(pointsOf({ availabilityIvr: ratio(99, 100) }, 'ivr-availability')).toBe(0.9);
    expect(pointsOf({ availabilityIvr: ratio(9_949, 10_000) }, 'ivr-availability')).toBe(1); // -0.002 rounds to 1.00
    expect(pointsOf({ availabilitySeats: ratio(94, 100) }, 'seat-availability')).toBe(0);
    expect(pointsOf({ availabilityTelephony: ratio(98, 100) }, 'telephony-availability')).toBe(0.8);
  });
  it('a bad month adds up item by item', () => {
    const r = score({
      answerRate: ratio(940, 1_000), // 3.5
      ahtMs: ms(310_000), // 2.6
      acwMeanMs: ms(121_000), // 2.96
      hangUpSatisfaction: ratio(93, 100), // 3
      fcr: ratio(65, 100), // 3
      qaSamplingRate: ratio(40, 1_000), // 3.5
      dissatisfiedCallbackRate: ratio(39, 40), // 1.75
      availabilityQueue: ratio(985, 1_000), // 0.9
    });
    // 100 - 0.5 - 0.4 - 0.04 - 1 - 1 - 0.5 - 1.25 - 0.1
    expect(r.total).toBe(95.21);
  });
});
