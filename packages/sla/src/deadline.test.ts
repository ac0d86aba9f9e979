import { describe, expect, it } from 'vitest';
import { DEFAULT_BUSINESS_CLOCK, DEFAULT_WORKDAY_CLOCK } from './business-clock.js';
import { addDeadline, deadlineMs, deadlineSchema, hours, minutes, workingDays } from './deadline.js';
import { local, show } from './test-time.js';

const clocks = { business: DEFAULT_BUSINESS_CLOCK, workday: DEFAULT_WORKDAY_CLOCK };

describe('deadlines', () => {
  it('converts units to ms', () => {
    expect(deadlineMs(minutes(15))).toBe(900_000);
    expect(deadlineMs(hours(3))).toBe(10_800_000);
    expect(deadlineMs(workingDays(2))).toBe(172_800_000);
    expect(deadlineMs(hours(0.5))).toBe(1_800_000);
  });

  it('runs each deadline on its own clock', () => {
    const start = local('2025-03-07T21:30'); // a Friday evening
    expect(show(addDeadline(clocks, start, minutes(45)))).toBe('2025-03-07T22:15');
    expect(show(addDeadline(clocks, start, minutes(45, 'business')))).toBe('2025-03-08T08:15');
    expect(show(addDeadline(clocks, start, workingDays(1)))).toBe('2025-03-10T21:30');
  });

  it('validates', () => {
    expect(deadlineSchema.safeParse({ clock: 'wall', amount: 0, unit: 'hours' }).success).toBe(false);
    expect(deadlineSchema.safeParse({ clock: 'moon', amount: 1, unit: 'hours' }).success).toBe(false);
    expect(deadlineSchema.safeParse({ clock: 'wall', amount: 1, unit: 'weeks' }).success).toBe(false);
    expect(deadlineSchema.parse({ clock: 'workday', amount: 2, unit: 'days' })).toEqual(workingDays(2));
  });
});
