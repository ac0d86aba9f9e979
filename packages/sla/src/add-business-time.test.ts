import { describe, expect, it } from 'vitest';
import { addBusinessTime } from './add-business-time.js';
import { DEFAULT_BUSINESS_CLOCK, defineBusinessClock, defineWorkdayClock } from './business-clock.js';
import { HOUR, MINUTE, local, show } from './test-time.js';

// Default clock: counts 08:00-12:00 and 14:30-22:00 local, every day: 11.5 h a day.
const clock = DEFAULT_BUSINESS_CLOCK;
const add = (start: string, ms: number) => show(addBusinessTime(clock, local(start), ms));

describe('addBusinessTime on the default clock (lunch 12:00-14:30, night 22:00-08:00)', () => {
  it.each([
    // [start, duration, due, why]
    ['2025-03-04T09:00', 2 * HOUR, '2025-03-04T11:00', 'inside the morning'],
    ['2025-03-04T10:00', 3 * HOUR, '2025-03-04T15:30', 'across lunch: 10-12 (2h) + 14:30-15:30'],
    ['2025-03-04T11:59', 2 * MINUTE, '2025-03-04T14:31', 'one minute each side of lunch'],
    ['2025-03-04T10:00', 2 * HOUR, '2025-03-04T12:00', 'lands exactly on the lunch start: 12:00, not 14:30'],
    ['2025-03-04T21:00', 2 * HOUR, '2025-03-05T09:00', 'across night and midnight: 21-22 + 08-09'],
    ['2025-03-04T21:00', 1 * HOUR, '2025-03-04T22:00', 'lands exactly on the night start'],
    ['2025-03-04T13:00', 1 * HOUR, '2025-03-04T15:30', 'start inside lunch counts from 14:30'],
    ['2025-03-04T13:00', 0, '2025-03-04T14:30', 'zero duration inside lunch = end of lunch'],
    ['2025-03-04T12:00', 0, '2025-03-04T14:30', 'lunch start itself is excluded'],
    ['2025-03-04T14:30', 0, '2025-03-04T14:30', 'lunch end itself counts'],
    ['2025-03-04T10:00', 0, '2025-03-04T10:00', 'zero duration on counting time = start'],
    ['2025-03-04T23:00', 1 * HOUR, '2025-03-05T09:00', 'start inside night before midnight'],
    ['2025-03-05T03:00', 1 * HOUR, '2025-03-05T09:00', 'start inside night after midnight: same day 08:00'],
    ['2025-03-05T00:00', 30 * MINUTE, '2025-03-05T08:30', 'start at midnight'],
    ['2025-03-04T22:00', 0, '2025-03-05T08:00', 'night start itself is excluded'],
    ['2025-01-31T21:30', 1 * HOUR, '2025-02-01T08:30', 'month end: Jan 31 -> Feb 1'],
    ['2025-02-28T21:00', 2 * HOUR, '2025-03-01T09:00', 'Feb 28 -> Mar 1 in non-leap 2025'],
    ['2024-02-28T21:00', 2 * HOUR, '2024-02-29T09:00', 'Feb 28 -> Feb 29 in leap 2024'],
    ['2024-02-29T21:00', 2 * HOUR, '2024-03-01T09:00', 'Feb 29 -> Mar 1 in leap 2024'],
    ['2024-12-31T21:30', 1 * HOUR, '2025-01-01T08:30', 'year end'],
    ['2025-03-04T10:00:30', 90_000, '2025-03-04T10:02', 'seconds are kept'],
  ])('%s + %d ms -> %s (%s)', (start, ms, due) => {
    expect(add(start, ms)).toBe(due);
  });

  describe('24 h of business time spans more than two days (a business day is 11.5 h)', () => {
    it.each([
      // 08:00 Mon: Mon 11.5 + Tue 11.5 = 23 h, 1 h more on Wed.
      ['2025-03-03T08:00', '2025-03-05T09:00'],
      // 10:00 Mon: Mon 2 + 7.5 = 9.5, Tue 11.5 -> 21, 3 h on Wed: 08:00-11:00.
      ['2025-03-03T10:00', '2025-03-05T11:00'],
      // 21:00 Mon: Mon 1, Tue 11.5, Wed 11.5 = 24 exactly -> Wed 22:00, not Thu 08:00.
      ['2025-03-03T21:00', '2025-03-05T22:00'],
      // 13:00 Mon (lunch): Mon 7.5, Tue 11.5 -> 19, 5 h on Wed: 08-12 (4) + 14:30-15:30.
      ['2025-03-03T13:00', '2025-03-05T15:30'],
      // 23:00 Mon (night): starts Tue 08:00: Tue 11.5 + Wed 11.5 = 23, 1 h on Thu.
      ['2025-03-03T23:00', '2025-03-06T09:00'],
      // Fri 16:00 (the hotline works weekends): Fri 6, Sat 11.5 -> 17.5, Sun 08-12 (4) -> 21.5, 14:30 + 2.5 h.
      ['2025-03-07T16:00', '2025-03-09T17:00'],
      // Across month end: Jan 30 20:00: Jan 30 2, Jan 31 11.5 -> 13.5, Feb 1 needs 10.5: 08-12 (4) + 14:30 + 6.5 h = 21:00.
      ['2025-01-30T20:00', '2025-02-01T21:00'],
      // Across Feb/Mar in a non-leap year: Feb 27 15:00: 7, Feb 28 11.5 -> 18.5, Mar 1 needs 5.5: 08-12 + 14:30-16:00.
      ['2025-02-27T15:00', '2025-03-01T16:00'],
    ])('%s + 24 h -> %s', (start, due) => {
      expect(add(start, 24 * HOUR)).toBe(due);
    });

    it('48 h from Monday 08:00: four full business days (46 h) + 2 h on Friday', () => {
      expect(add('2025-03-03T08:00', 48 * HOUR)).toBe('2025-03-07T10:00');
    });
  });

  it('skips excluded dates entirely', () => {
    const holidays = defineBusinessClock({ excludedDates: ['2025-10-01', '2025-10-02'] });
    // Sep 30 21:00: 1 h, Oct 1 and 2 skipped, Oct 3 08:00 + 1 h.
    expect(show(addBusinessTime(holidays, local('2025-09-30T21:00'), 2 * HOUR))).toBe('2025-10-03T09:00');
  });

  it('a clock without windows is the wall clock', () => {
    const wall = defineBusinessClock({ excludedWindows: [] });
    expect(show(addBusinessTime(wall, local('2025-03-04T23:00'), 2 * HOUR))).toBe('2025-03-05T01:00');
  });

  it('uses the clock time zone, not the machine one', () => {
    const utc = defineBusinessClock({ timezone: 'UTC' });
    // 21:00 UTC + 2 h: 1 h to 22:00 UTC, then 08:00 UTC next day + 1 h.
    expect(show(addBusinessTime(utc, local('2025-03-04T21:00', 'UTC'), 2 * HOUR), 'UTC')).toBe('2025-03-05T09:00');
  });

  it('counts real hours across a DST change', () => {
    // Europe/Berlin springs forward on 2025-03-30 at 02:00 -> 03:00: the day has 23 h.
    const berlin = defineBusinessClock({ timezone: 'Europe/Berlin', excludedWindows: [['22:00', '08:00']] });
    // Sat 21:00 + 2 h: 1 h to 22:00, Sun 08:00 + 1 h (wall times unaffected by the jump at 02:00).
    expect(show(addBusinessTime(berlin, local('2025-03-29T21:00', 'Europe/Berlin'), 2 * HOUR), 'Europe/Berlin')).toBe(
      '2025-03-30T09:00',
    );
    const whole = defineBusinessClock({ timezone: 'Europe/Berlin', excludedWindows: [] });
    expect(show(addBusinessTime(whole, local('2025-03-29T12:00', 'Europe/Berlin'), 24 * HOUR), 'Europe/Berlin')).toBe(
      '2025-03-30T13:00',
    );
  });

  describe('working-day calendar (weekends excluded, whole days)', () => {
    const workdays = defineWorkdayClock();
    const addDays = (start: string, days: number) => show(addBusinessTime(workdays, local(start), days * 24 * HOUR));
    it.each([
      ['2025-03-04T10:00', 2, '2025-03-06T10:00', 'Tue + 2 working days = Thu, same time'],
      ['2025-03-07T15:00', 1, '2025-03-10T15:00', 'Fri + 1 working day = Mon'],
      ['2025-03-08T10:00', 1, '2025-03-11T00:00', 'Sat: counting starts Mon 00:00, due at the end of Monday'],
      ['2025-03-06T10:00', 4, '2025-03-12T10:00', 'Thu + 4 = Wed next week'],
      ['2025-02-27T10:00', 2, '2025-03-03T10:00', 'Thu Feb 27 + 2 = Mon Mar 3 (non-leap February)'],
    ])('%s + %d -> %s (%s)', (start, days, due) => {
      expect(addDays(start, days)).toBe(due);
    });

    it('National Day holiday and its make-up Sunday', () => {
      const national = defineWorkdayClock({
        excludedDates: ['2025-10-01', '2025-10-02', '2025-10-03', '2025-10-06', '2025-10-07', '2025-10-08'],
        workingDates: ['2025-09-28', '2025-10-11'],
      });
      // Fri Sep 26 10:00 + 1 working day: Sat 27 off, Sun 28 works -> Sun 28 10:00.
      expect(show(addBusinessTime(national, local('2025-09-26T10:00'), 24 * HOUR))).toBe('2025-09-28T10:00');
      // Tue Sep 30 10:00 + 2: Oct 1-8 off (Oct 4/5 weekend), Oct 9 counts -> Oct 10 10:00.
      expect(show(addBusinessTime(national, local('2025-09-30T10:00'), 48 * HOUR))).toBe('2025-10-10T10:00');
    });
  });

  it('rejects bad numbers', () => {
    expect(() => addBusinessTime(clock, Number.NaN, HOUR)).toThrow(RangeError);
    expect(() => addBusinessTime(clock, 0, -1)).toThrow(RangeError);
    expect(() => addBusinessTime(clock, 0, Number.POSITIVE_INFINITY)).toThrow(RangeError);
  });
});
