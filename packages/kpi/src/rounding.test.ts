import { describe, expect, it } from 'vitest';
import { roundPoints, roundTo, snap } from './rounding.js';

describe('snap', () => {
  it('removes float noise from percentage-point arithmetic', () => {
    expect((0.95 - 0.94) * 100).not.toBe(1);
    expect(snap((0.95 - 0.94) * 100)).toBe(1);
    expect(snap(-0)).toBe(0);
  });
});

describe('roundTo / roundPoints', () => {
  it('rounds half away from zero on the decimal value', () => {
    expect(roundPoints(1.005)).toBe(1.01);
    expect(roundPoints(8.999999999999999)).toBe(9);
    expect(roundPoints(2.345)).toBe(2.35);
    expect(roundPoints(-0.125)).toBe(-0.13);
    expect(roundPoints(-0.001)).toBe(0);
    expect(Object.is(roundPoints(-0.001), -0)).toBe(false);
  });
  it('supports other precisions', () => {
    expect(roundTo(0.123456, 4)).toBe(0.1235);
    expect(roundTo(12.5, 0)).toBe(13);
  });
  it('rejects non-finite numbers', () => {
    expect(() => roundPoints(Number.NaN)).toThrow(RangeError);
  });
});
