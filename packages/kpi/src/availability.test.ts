import { describe, expect, it } from 'vitest';
import { availability, mergeAvailability } from './availability.js';

const DAY = 86_400_000;

describe('availability', () => {
  it('up / total: 30 days with 216 minutes down = 99.5 %', () => {
    const total = 30 * DAY;
    const down = 216 * 60_000; // 0.5 % of 43 200 minutes
    expect(availability({ upMs: total - down, totalMs: total })).toMatchObject({ value: 0.995, numerator: total - down, denominator: total });
  });
  it('nothing measured: null', () => {
    expect(availability({ upMs: 0, totalMs: 0 }).value).toBeNull();
  });
  it('up time never exceeds total time', () => {
    expect(availability({ upMs: 11, totalMs: 10 }).value).toBe(1);
  });
  it('merges by summing', () => {
    expect(mergeAvailability({ upMs: 9, totalMs: 10 }, { upMs: 10, totalMs: 10 })).toEqual({ upMs: 19, totalMs: 20 });
  });
});
