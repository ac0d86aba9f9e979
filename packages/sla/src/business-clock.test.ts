import { describe, expect, it } from 'vitest';
import {
  DEFAULT_BUSINESS_CLOCK,
  DEFAULT_WORKDAY_CLOCK,
  businessClockSchema,
  defineBusinessClock,
} from './business-clock.js';

describe('business clock schema', () => {
  it('defaults to Asia/Shanghai with lunch and night excluded', () => {
    expect(DEFAULT_BUSINESS_CLOCK).toEqual({
      timezone: 'Asia/Shanghai',
      excludedWindows: [
        ['12:00', '14:30'],
        ['22:00', '08:00'],
      ],
      excludedDates: [],
      excludedWeekdays: [],
      workingDates: [],
    });
  });

  it('the working-day calendar excludes weekends and has no daily windows', () => {
    expect(DEFAULT_WORKDAY_CLOCK.excludedWindows).toEqual([]);
    expect(DEFAULT_WORKDAY_CLOCK.excludedWeekdays).toEqual([6, 7]);
  });

  it('keeps explicit values', () => {
    const clock = defineBusinessClock({ timezone: 'UTC', excludedWindows: [], excludedDates: ['2025-10-01'] });
    expect(clock.timezone).toBe('UTC');
    expect(clock.excludedWindows).toEqual([]);
    expect(clock.excludedDates).toEqual(['2025-10-01']);
  });

  it('does not share default arrays between parses', () => {
    const a = businessClockSchema.parse({});
    const b = businessClockSchema.parse({});
    expect(a.excludedWindows).not.toBe(b.excludedWindows);
  });

  it.each([
    [{ timezone: 'Mars/Olympus' }, 'timezone'],
    [{ excludedWindows: [['12:00', '12:00']] }, 'excludedWindows'],
    [{ excludedWindows: [['12:00', '25:00']] }, 'excludedWindows'],
    [{ excludedDates: ['2025-02-30'] }, 'excludedDates'],
    [{ excludedWeekdays: [0] }, 'excludedWeekdays'],
  ])('rejects %j', (input, field) => {
    const result = businessClockSchema.safeParse(input);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path[0]).toBe(field);
  });
});
