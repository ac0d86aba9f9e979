import { describe, expect, expectTypeOf, it } from 'vitest';
import { DEFAULT_ANSWER_THRESHOLDS_SEC, classifyWait, isWithin, waitMs } from './answer-tracking.js';

describe('waitMs', () => {
  it('counts from queuedAt to the answer or the abandon', () => {
    expect(waitMs(1_700_000_000_000, 1_700_000_015_000)).toBe(15_000);
    expect(waitMs(5, 5)).toBe(0);
  });

  it('refuses an end before queuedAt (clock skew or a bug) instead of hiding it', () => {
    expect(() => waitMs(10_000, 9_999)).toThrow(RangeError);
  });

  it('refuses non-finite timestamps', () => {
    expect(() => waitMs(Number.NaN, 1)).toThrow(RangeError);
    expect(() => waitMs(1, Number.POSITIVE_INFINITY)).toThrow(RangeError);
  });
});

describe('classifyWait with the default 15 s / 30 s thresholds', () => {
  it.each([
    [0, true, true],
    [14_999, true, true],
    [15_000, true, true], // exactly 15.000 s counts within 15 s
    [15_001, false, true],
    [29_999, false, true],
    [30_000, false, true],
    [30_001, false, false],
    [120_000, false, false],
  ])('%i ms -> within15 %s, within30 %s', (wait, within15, within30) => {
    expect(classifyWait(wait)).toEqual({ within15, within30 });
  });

  it('uses [15, 30] by default', () => {
    expect(DEFAULT_ANSWER_THRESHOLDS_SEC).toEqual([15, 30]);
  });

  it('types the result keys', () => {
    expectTypeOf(classifyWait(1)).toEqualTypeOf<{ readonly within15: boolean; readonly within30: boolean }>();
    expectTypeOf(classifyWait(1, [20])).toEqualTypeOf<{ readonly within20: boolean }>();
  });
});

describe('classifyWait with site thresholds', () => {
  it('makes one key per threshold, inclusive', () => {
    expect(classifyWait(20_000, [10, 20, 60])).toEqual({ within10: false, within20: true, within60: true });
    expect(classifyWait(20_001, [20])).toEqual({ within20: false });
    expect(classifyWait(0, [0])).toEqual({ within0: true });
    expect(classifyWait(1, [0])).toEqual({ within0: false });
  });

  it('handles fractional seconds', () => {
    expect(classifyWait(7_500, [7.5])).toEqual({ 'within7.5': true });
    expect(classifyWait(7_501, [7.5])).toEqual({ 'within7.5': false });
  });

  it('returns an empty record for no thresholds', () => {
    expect(classifyWait(5, [])).toEqual({});
  });

  it('refuses a negative or non-finite wait or threshold', () => {
    expect(() => classifyWait(-1)).toThrow(RangeError);
    expect(() => classifyWait(Number.NaN)).toThrow(RangeError);
    expect(() => classifyWait(1, [-5])).toThrow(RangeError);
    expect(() => classifyWait(1, [Number.POSITIVE_INFINITY])).toThrow(RangeError);
  });
});

describe('isWithin', () => {
  it('is inclusive at the bound', () => {
    expect(isWithin(15_000, 15)).toBe(true);
    expect(isWithin(15_001, 15)).toBe(false);
  });
});
