import { describe, expect, it } from 'vitest';
import { count, maxMs, meanMs, ratio } from './kpi-value.js';

describe('kpi values', () => {
  it('ratio keeps the counts and is null on a zero denominator', () => {
    expect(ratio(19, 20)).toEqual({ value: 0.95, numerator: 19, denominator: 20, unit: 'ratio' });
    expect(ratio(0, 0).value).toBeNull();
  });
  it('mean and max are null without samples', () => {
    expect(meanMs(30_000, 3).value).toBe(10_000);
    expect(meanMs(0, 0).value).toBeNull();
    expect(maxMs(42_000, 2).value).toBe(42_000);
    expect(maxMs(0, 0).value).toBeNull();
  });
  it('count is never null', () => {
    expect(count(0)).toEqual({ value: 0, numerator: 0, denominator: 0, unit: 'count' });
    expect(count(3, 120).value).toBe(3);
  });
});
