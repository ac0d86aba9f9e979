import { describe, expect, it } from 'vitest';
import type { CallFact } from './call-fact.js';
import { CounterShapeError, countersOf, emptyVoiceCounters, mergeCounters, sumCounters } from './voice-counters.js';
import { DEFAULT_VOICE_SETTINGS } from './voice-settings.js';

const settings = DEFAULT_VOICE_SETTINGS;
const T0 = 1_700_000_000_000;
const base: CallFact = { callId: 'c', arrivedAt: T0, talkMs: 0, holdMs: 0, acwMs: 0 };
const answeredAfter = (waitMs: number, extra: Partial<CallFact> = {}): CallFact => ({
  ...base,
  queuedAt: T0 + 5_000,
  answeredAt: T0 + 5_000 + waitMs,
  ...extra,
});
const abandonedAfter = (waitMs: number, extra: Partial<CallFact> = {}): CallFact => ({
  ...base,
  queuedAt: T0 + 5_000,
  abandonedAt: T0 + 5_000 + waitMs,
  ...extra,
});

describe('countersOf', () => {
  it('an IVR-only call only arrives', () => {
    expect(countersOf(base, settings)).toEqual({ ...emptyVoiceCounters([15_000, 30_000]), arrived: 1 });
  });
  it('service-level bounds are inclusive, to the millisecond', () => {
    expect(countersOf(answeredAfter(15_000), settings).answeredWithin).toEqual({ '15000': 1, '30000': 1 });
    expect(countersOf(answeredAfter(15_001), settings).answeredWithin).toEqual({ '15000': 0, '30000': 1 });
    expect(countersOf(answeredAfter(30_000), settings).answeredWithin).toEqual({ '15000': 0, '30000': 1 });
    expect(countersOf(answeredAfter(30_001), settings).answeredWithin).toEqual({ '15000': 0, '30000': 0 });
  });
  it('an answered call', () => {
    const c = countersOf(answeredAfter(12_000, { talkMs: 200_000, holdMs: 10_000, acwMs: 60_000, survey: 'basically_satisfied', recorded: true, reviewed: true }), settings);
    expect(c).toMatchObject({
      arrived: 1,
      offered: 1,
      answered: 1,
      abandoned: 0,
      waitSumMs: 12_000,
      waitMaxMs: 12_000,
      talkMs: 200_000,
      holdMs: 10_000,
      acwMs: 60_000,
      handled: 1,
      surveyed: 1,
      surveyBasicallySatisfied: 1,
      surveySatisfied: 0,
      recordings: 1,
      recordingsReviewed: 1,
    });
  });
  it('an abandoned call: no wait in ASA, callback counted', () => {
    const c = countersOf(abandonedAfter(40_000, { calledBack: true }), settings);
    expect(c).toMatchObject({ offered: 1, answered: 0, abandoned: 1, shortAbandoned: 0, waitSumMs: 0, waitMaxMs: 0, abandonedCalledBack: 1, handled: 0 });
  });
  it('short abandons: wait strictly below N', () => {
    const s = { ...settings, shortAbandonMs: 5_000 };
    expect(countersOf(abandonedAfter(4_999), s).shortAbandoned).toBe(1);
    expect(countersOf(abandonedAfter(5_000), s).shortAbandoned).toBe(0);
    // default N = 0: nothing is short, not even a 0 ms abandon
    expect(countersOf(abandonedAfter(0), settings).shortAbandoned).toBe(0);
  });
  it('calledBack only counts for abandoned calls; reviewed only for recorded ones', () => {
    expect(countersOf(answeredAfter(1_000, { calledBack: true }), settings).abandonedCalledBack).toBe(0);
    expect(countersOf(answeredAfter(1_000, { reviewed: true }), settings).recordingsReviewed).toBe(0);
  });
  it('a queued call neither answered nor abandoned (e.g. overflowed) is offered only', () => {
    expect(countersOf({ ...base, queuedAt: T0 + 1 }, settings)).toMatchObject({ offered: 1, answered: 0, abandoned: 0 });
  });
  it('a call answered without a queue is handled (AHT) but not answered (answer rate)', () => {
    const c = countersOf({ ...base, answeredAt: T0 + 3_000, talkMs: 60_000 }, settings);
    expect(c).toMatchObject({ offered: 0, answered: 0, handled: 1, talkMs: 60_000 });
  });
  it('survey outcomes', () => {
    expect(countersOf(answeredAfter(1, { survey: 'no_answer' }), settings)).toMatchObject({ surveyed: 1, surveyNoAnswer: 1 });
    expect(countersOf(answeredAfter(1, { survey: 'dissatisfied' }), settings)).toMatchObject({ surveyed: 1, surveyDissatisfied: 1 });
    expect(countersOf(answeredAfter(1, { survey: 'satisfied' }), settings)).toMatchObject({ surveyed: 1, surveySatisfied: 1 });
    expect(countersOf(answeredAfter(1), settings).surveyed).toBe(0);
  });
  it('custom thresholds', () => {
    const c = countersOf(answeredAfter(20_000), { serviceLevelThresholdsMs: [10_000, 20_000], shortAbandonMs: 0 });
    expect(c.answeredWithin).toEqual({ '10000': 0, '20000': 1 });
  });
});

describe('mergeCounters', () => {
  const a = countersOf(answeredAfter(10_000, { talkMs: 100 }), settings);
  const b = countersOf(answeredAfter(25_000, { talkMs: 50 }), settings);
  const c = countersOf(abandonedAfter(3_000), settings);
  it('sums, and takes the max of the longest wait', () => {
    const m = mergeCounters(a, b);
    expect(m).toMatchObject({ offered: 2, answered: 2, waitSumMs: 35_000, waitMaxMs: 25_000, talkMs: 150 });
    expect(m.answeredWithin).toEqual({ '15000': 1, '30000': 2 });
  });
  it('is associative and commutative with the empty counters as identity', () => {
    const e = emptyVoiceCounters([15_000, 30_000]);
    expect(mergeCounters(mergeCounters(a, b), c)).toEqual(mergeCounters(a, mergeCounters(b, c)));
    expect(mergeCounters(a, b)).toEqual(mergeCounters(b, a));
    expect(mergeCounters(e, a)).toEqual(a);
    expect(sumCounters([a, b, c], [15_000, 30_000])).toEqual(mergeCounters(mergeCounters(a, b), c));
    expect(sumCounters([], [15_000, 30_000])).toEqual(e);
  });
  it('refuses to merge counters rolled up with other thresholds', () => {
    const other = countersOf(answeredAfter(1), { serviceLevelThresholdsMs: [20_000], shortAbandonMs: 0 });
    expect(() => mergeCounters(a, other)).toThrow(CounterShapeError);
  });
});
