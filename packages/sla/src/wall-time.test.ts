import { describe, expect, it } from 'vitest';
import { HOUR, MINUTE, local, show } from './test-time.js';
import { addWallTime } from './wall-time.js';

describe('addWallTime', () => {
  it('counts night and lunch like any other time', () => {
    expect(show(addWallTime(local('2025-03-04T21:50'), 15 * MINUTE))).toBe('2025-03-04T22:05');
    expect(show(addWallTime(local('2025-03-04T11:50'), 30 * MINUTE))).toBe('2025-03-04T12:20');
    expect(show(addWallTime(local('2025-02-28T23:00'), 3 * HOUR))).toBe('2025-03-01T02:00');
  });
  it('rejects negative durations and non-finite starts', () => {
    expect(() => addWallTime(0, -1)).toThrow(RangeError);
    expect(() => addWallTime(Number.NaN, 1)).toThrow(RangeError);
  });
});
