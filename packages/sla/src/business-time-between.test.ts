import { describe, expect, it } from 'vitest';
import { addBusinessTime } from './add-business-time.js';
import { DEFAULT_BUSINESS_CLOCK, defineWorkdayClock } from './business-clock.js';
import { businessTimeBetween } from './business-time-between.js';
import { HOUR, MINUTE, local } from './test-time.js';

const clock = DEFAULT_BUSINESS_CLOCK;
const between = (a: string, b: string) => businessTimeBetween(clock, local(a), local(b));

describe('businessTimeBetween on the default clock', () => {
  it.each([
    ['2025-03-04T09:00', '2025-03-04T11:00', 2 * HOUR, 'inside the morning'],
    ['2025-03-04T10:00', '2025-03-04T15:30', 3 * HOUR, 'across lunch'],
    ['2025-03-04T12:30', '2025-03-04T14:00', 0, 'both inside lunch'],
    ['2025-03-04T21:00', '2025-03-05T09:00', 2 * HOUR, 'across night and midnight'],
    ['2025-03-04T23:00', '2025-03-05T07:00', 0, 'both inside the night'],
    ['2025-03-04T23:00', '2025-03-05T08:30', 30 * MINUTE, 'from inside the night'],
    ['2025-03-04T00:00', '2025-03-05T00:00', 11.5 * HOUR, 'one whole day'],
    ['2025-03-03T08:00', '2025-03-05T09:00', 24 * HOUR, '24 h spans Mon-Wed'],
    ['2025-01-31T21:30', '2025-02-01T08:30', HOUR, 'month end'],
    ['2025-02-28T21:00', '2025-03-01T09:00', 2 * HOUR, 'Feb 28 -> Mar 1 non-leap'],
    ['2025-03-01T00:00', '2025-04-01T00:00', 31 * 11.5 * HOUR, 'a whole month of 31 days'],
    ['2025-03-04T10:00', '2025-03-04T10:00', 0, 'same instant'],
  ])('%s -> %s = %d ms (%s)', (a, b, ms) => {
    expect(between(a, b)).toBe(ms);
  });

  it('is negative when the end is before the start', () => {
    expect(between('2025-03-04T15:30', '2025-03-04T10:00')).toBe(-3 * HOUR);
  });

  it('is the inverse of addBusinessTime for starts on counting time', () => {
    // Deterministic pseudo-random walk (LCG), no Math.random in tests.
    let seed = 12345;
    const next = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const base = local('2025-01-01T00:00');
    for (let i = 0; i < 300; i += 1) {
      const raw = base + Math.floor(next() * 400 * 24) * 15 * MINUTE;
      const start = addBusinessTime(clock, raw, 0); // move onto counting time
      const duration = Math.floor(next() * 100 * HOUR);
      const due = addBusinessTime(clock, start, duration);
      expect(businessTimeBetween(clock, start, due)).toBe(duration);
      expect(businessTimeBetween(clock, raw, due)).toBe(duration);
    }
  });

  it('counts working days on the working-day calendar', () => {
    const workdays = defineWorkdayClock();
    // Fri 15:00 -> Mon 15:00 is one working day.
    expect(businessTimeBetween(workdays, local('2025-03-07T15:00'), local('2025-03-10T15:00'))).toBe(24 * HOUR);
  });
});
