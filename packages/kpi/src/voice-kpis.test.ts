import { describe, expect, it } from 'vitest';
import type { CallFact } from './call-fact.js';
import type { VoiceCounters } from './voice-counters.js';
import { countersOf, emptyVoiceCounters, sumCounters } from './voice-counters.js';
import { MissingThresholdError, serviceLevelKey, voiceKpis } from './voice-kpis.js';
import { DEFAULT_VOICE_SETTINGS } from './voice-settings.js';

const settings = DEFAULT_VOICE_SETTINGS;
const empty = emptyVoiceCounters([15_000, 30_000]);
const counters = (over: Partial<VoiceCounters>): VoiceCounters => ({ ...empty, ...over });

describe('voiceKpis on hand-made counters', () => {
  const c = counters({
    arrived: 120,
    offered: 100,
    answered: 95,
    answeredWithin: { '15000': 90, '30000': 94 },
    abandoned: 4,
    shortAbandoned: 0,
    waitSumMs: 950_000,
    waitMaxMs: 61_000,
    talkMs: 19_000_000,
    holdMs: 1_000_000,
    acwMs: 8_500_000,
    handled: 95,
    surveyed: 50,
    surveySatisfied: 40,
    surveyBasicallySatisfied: 4,
    surveyDissatisfied: 2,
    surveyNoAnswer: 4,
    abandonedCalledBack: 3,
    recordings: 95,
    recordingsReviewed: 5,
  });
  const k = voiceKpis(c, settings);

  it('answer rate = answered / offered: exactly 95 %', () => {
    expect(k.answerRate).toEqual({ value: 0.95, numerator: 95, denominator: 100, unit: 'ratio' });
  });
  it('15 s and 30 s rates use offered as denominator', () => {
    expect(k.serviceLevels.map((s) => [s.key, s.kpi.value])).toEqual([
      ['serviceLevel15s', 0.9],
      ['serviceLevel30s', 0.94],
    ]);
  });
  it('abandon rate, ASA, longest wait', () => {
    expect(k.abandonRate.value).toBe(0.04);
    expect(k.asaMs).toEqual({ value: 10_000, numerator: 950_000, denominator: 95, unit: 'ms' });
    expect(k.longestWaitMs.value).toBe(61_000);
  });
  it('AHT = (talk + hold + ACW) / handled = 28 500 000 / 95 = 300 000 ms; ACW = 8 500 000 / 95', () => {
    expect(k.ahtMs.value).toBe(300_000);
    expect(k.acwMeanMs.numerator).toBe(8_500_000);
    expect(k.acwMeanMs.value).toBeCloseTo(89_473.684, 3);
  });
  it('satisfaction = (40 + 4) / (50 - 4) answers; no_answer is not an answer', () => {
    expect(k.satisfaction).toMatchObject({ numerator: 44, denominator: 46 });
    expect(k.satisfaction.value).toBeCloseTo(0.956522, 6);
  });
  it('hang-up satisfaction = (40 + 4 + 4 no answer) / 50 surveyed = 96 %', () => {
    expect(k.hangUpSatisfaction).toMatchObject({ value: 0.96, numerator: 48, denominator: 50 });
  });
  it('missed-call callback 3/4 and QA sampling 5/95', () => {
    expect(k.missedCallCallbackRate).toMatchObject({ value: 0.75, numerator: 3, denominator: 4 });
    expect(k.qaSamplingRate).toMatchObject({ numerator: 5, denominator: 95 });
  });
  it('counts with their population', () => {
    expect(k.offered).toEqual({ value: 100, numerator: 100, denominator: 120, unit: 'count' });
    expect(k.answered.value).toBe(95);
    expect(k.abandoned.value).toBe(4);
  });
  it('the satisfied answers are a setting', () => {
    expect(voiceKpis(c, { ...settings, satisfiedAnswers: ['satisfied'] }).satisfaction).toMatchObject({ numerator: 40, denominator: 46 });
    expect(voiceKpis(c, { ...settings, satisfiedAnswers: ['satisfied'] }).hangUpSatisfaction).toMatchObject({ numerator: 44, denominator: 50 });
  });
  it('short abandons leave numerator and denominator of the abandon rate', () => {
    const withShort = counters({ offered: 100, answered: 90, abandoned: 10, shortAbandoned: 5 });
    expect(voiceKpis(withShort, settings).abandonRate).toMatchObject({ numerator: 5, denominator: 95 });
    // ... but not the answer rate, which KPIS.md defines on all offered calls
    expect(voiceKpis(withShort, settings).answerRate).toMatchObject({ numerator: 90, denominator: 100 });
  });
});

describe('zero denominators give null, never NaN', () => {
  const k = voiceKpis(empty, settings);
  it.each([
    'answerRate',
    'abandonRate',
    'asaMs',
    'longestWaitMs',
    'ahtMs',
    'acwMeanMs',
    'satisfaction',
    'hangUpSatisfaction',
    'missedCallCallbackRate',
    'qaSamplingRate',
  ] as const)('%s', (name) => {
    expect(k[name].value).toBeNull();
    expect(k[name].denominator).toBe(0);
  });
  it('service levels and counts', () => {
    expect(k.serviceLevels.every((s) => s.kpi.value === null)).toBe(true);
    expect(k.offered.value).toBe(0);
  });
  it('only no_answer survey outcomes: satisfaction null, hang-up satisfaction 100 %', () => {
    const k2 = voiceKpis(counters({ surveyed: 3, surveyNoAnswer: 3 }), settings);
    expect(k2.satisfaction.value).toBeNull();
    expect(k2.hangUpSatisfaction.value).toBe(1);
  });
});

describe('voiceKpis from facts (end to end)', () => {
  const T0 = 1_700_000_000_000;
  const f = (i: number, over: Partial<CallFact>): CallFact => ({ callId: `c${i}`, arrivedAt: T0, talkMs: 0, holdMs: 0, acwMs: 0, ...over });
  const facts: CallFact[] = [
    f(1, { queuedAt: T0, answeredAt: T0 + 15_000, talkMs: 100_000, acwMs: 20_000, survey: 'satisfied' }), // exactly 15 s
    f(2, { queuedAt: T0, answeredAt: T0 + 15_001, talkMs: 200_000, holdMs: 30_000, acwMs: 50_000, survey: 'dissatisfied' }),
    f(3, { queuedAt: T0, answeredAt: T0 + 31_000, talkMs: 60_000, survey: 'no_answer' }),
    f(4, { queuedAt: T0, abandonedAt: T0 + 8_000, calledBack: true }),
    f(5, {}), // IVR only
  ];
  const k = voiceKpis(sumCounters(facts.map((x) => countersOf(x, settings)), [15_000, 30_000]), settings);
  it('hand-computed', () => {
    expect(k.offered.value).toBe(4);
    expect(k.answerRate.value).toBe(0.75); // 3 / 4
    expect(k.serviceLevels[0]?.kpi).toMatchObject({ numerator: 1, denominator: 4 }); // only the exact-15 s call
    expect(k.serviceLevels[1]?.kpi).toMatchObject({ numerator: 2, denominator: 4 });
    expect(k.asaMs.value).toBeCloseTo((15_000 + 15_001 + 31_000) / 3, 9);
    expect(k.longestWaitMs.value).toBe(31_000);
    expect(k.ahtMs.value).toBe((120_000 + 280_000 + 60_000) / 3);
    expect(k.acwMeanMs.value).toBe(70_000 / 3);
    expect(k.satisfaction).toMatchObject({ value: 0.5, numerator: 1, denominator: 2 });
    expect(k.hangUpSatisfaction).toMatchObject({ numerator: 2, denominator: 3 });
    expect(k.missedCallCallbackRate.value).toBe(1);
    expect(k.abandonRate.value).toBe(0.25);
  });
});

describe('thresholds', () => {
  it('serviceLevelKey', () => {
    expect(serviceLevelKey(15_000)).toBe('serviceLevel15s');
    expect(serviceLevelKey(20_000)).toBe('serviceLevel20s');
  });
  it('a threshold missing from the counters is an error, not a zero', () => {
    expect(() => voiceKpis(empty, { ...settings, serviceLevelThresholdsMs: [20_000] })).toThrow(MissingThresholdError);
  });
});
