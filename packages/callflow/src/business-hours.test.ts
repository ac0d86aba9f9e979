import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { clockMinutes, hoursOn, isOpen } from './business-hours.js';
import { businessScheduleSchema } from './schedule-schema.js';
import type { BusinessSchedule } from './schedule-schema.js';

const SHANGHAI = 'Asia/Shanghai';

/** Epoch ms of a local wall-clock time in `zone`. */
function at(local: string, zone = SHANGHAI): number {
  const dt = DateTime.fromISO(local, { zone });
  if (!dt.isValid) throw new Error(`bad test time ${local}`);
  return dt.toMillis();
}

function schedule(input: unknown): BusinessSchedule {
  return businessScheduleSchema.parse(input);
}

const weekdays = [['08:00', '22:00']];
/** Weekdays 08-22, weekends 09-18, National Day week off, two 调休 Saturdays/Sundays. */
const office = schedule({
  weekly: { mon: weekdays, tue: weekdays, wed: weekdays, thu: weekdays, fri: weekdays, sat: [['09:00', '18:00']], sun: [['09:00', '18:00']] },
  holidays: ['2026-10-01', '2026-10-02', '2026-10-03', '2026-10-04', '2026-10-05', '2026-10-06', '2026-10-07'],
  extraWorkdays: ['2026-09-20', '2026-10-10'],
});

describe('clockMinutes', () => {
  it.each([
    ['00:00', 0],
    ['08:30', 510],
    ['23:59', 1439],
    ['24:00', 1440],
  ])('%s is %i minutes after midnight', (time, minutes) => {
    expect(clockMinutes(time)).toBe(minutes);
  });
});

describe('isOpen on a weekday (Monday 2026-03-02, Asia/Shanghai)', () => {
  it.each([
    ['2026-03-02T07:59:59.999', false],
    ['2026-03-02T08:00:00.000', true],
    ['2026-03-02T12:00', true],
    ['2026-03-02T21:59:59.999', true],
    ['2026-03-02T22:00:00.000', false],
    ['2026-03-02T23:30', false],
  ])('%s open=%s (start inclusive, end exclusive)', (local, open) => {
    expect(isOpen(office, at(local), SHANGHAI)).toBe(open);
  });

  it('uses the weekend hours on Saturday and Sunday', () => {
    expect(isOpen(office, at('2026-03-07T08:30'), SHANGHAI)).toBe(false);
    expect(isOpen(office, at('2026-03-07T09:00'), SHANGHAI)).toBe(true);
    expect(isOpen(office, at('2026-03-08T17:59'), SHANGHAI)).toBe(true);
    expect(isOpen(office, at('2026-03-08T18:00'), SHANGHAI)).toBe(false);
  });
});

describe('isOpen across midnight', () => {
  const allDay = schedule({ weekly: { mon: [['00:00', '24:00']], tue: [['00:00', '24:00']] } });

  it('a 00:00-24:00 day is open to its last millisecond and closed from the next local day', () => {
    expect(isOpen(allDay, at('2026-03-02T00:00'), SHANGHAI)).toBe(true);
    expect(isOpen(allDay, at('2026-03-03T23:59:59.999'), SHANGHAI)).toBe(true);
    expect(isOpen(allDay, at('2026-03-04T00:00'), SHANGHAI)).toBe(false);
    expect(isOpen(allDay, at('2026-03-01T23:59:59.999'), SHANGHAI)).toBe(false);
  });

  it('decides by the local day, not the UTC day (00:30 Shanghai is 16:30 UTC the day before)', () => {
    const now = at('2026-10-01T00:30');
    expect(new Date(now).toISOString()).toBe('2026-09-30T16:30:00.000Z');
    const roundTheClock = schedule({
      weekly: { wed: [['00:00', '24:00']], thu: [['00:00', '24:00']] },
      holidays: ['2026-10-01'],
    });
    // Wednesday in UTC, Thursday (a holiday) in Shanghai.
    expect(isOpen(roundTheClock, now, SHANGHAI)).toBe(false);
    expect(isOpen(roundTheClock, at('2026-09-30T23:59:59.999'), SHANGHAI)).toBe(true);
  });

  describe('a night interval 22:00-02:00 on Fridays', () => {
    const night = schedule({ weekly: { fri: [['22:00', '02:00']] } });

    it.each([
      ['2026-03-06T21:59', false],
      ['2026-03-06T22:00', true],
      ['2026-03-06T23:59:59.999', true],
      ['2026-03-07T00:00', true],
      ['2026-03-07T01:59:59.999', true],
      ['2026-03-07T02:00', false],
      ['2026-03-07T22:30', false],
      ['2026-03-06T01:00', false],
    ])('%s open=%s', (local, open) => {
      expect(isOpen(night, at(local), SHANGHAI)).toBe(open);
    });

    it('belongs to the day it starts: a holiday Friday closes the whole night', () => {
      const closedFriday = schedule({ weekly: { fri: [['22:00', '02:00']] }, holidays: ['2026-03-06'] });
      expect(isOpen(closedFriday, at('2026-03-06T23:00'), SHANGHAI)).toBe(false);
      expect(isOpen(closedFriday, at('2026-03-07T01:00'), SHANGHAI)).toBe(false);
    });

    it('a holiday Saturday does not cut the night that began on Friday', () => {
      const closedSaturday = schedule({ weekly: { fri: [['22:00', '02:00']] }, holidays: ['2026-03-07'] });
      expect(isOpen(closedSaturday, at('2026-03-07T01:00'), SHANGHAI)).toBe(true);
    });
  });
});

describe('isOpen with holidays and extra working days (调休)', () => {
  it('closes a weekday holiday all day', () => {
    expect(isOpen(office, at('2026-10-01T10:00'), SHANGHAI)).toBe(false);
    expect(isOpen(office, at('2026-10-07T21:00'), SHANGHAI)).toBe(false);
    expect(isOpen(office, at('2026-10-08T08:00'), SHANGHAI)).toBe(true);
  });

  it('closes a weekend holiday that would have weekend hours', () => {
    expect(isOpen(office, at('2026-10-03T10:00'), SHANGHAI)).toBe(false);
  });

  it("opens an extra working day with Monday's hours by default", () => {
    // Saturday 2026-10-10: weekend hours would open at 09:00 and close at 18:00.
    expect(isOpen(office, at('2026-10-10T08:00'), SHANGHAI)).toBe(true);
    expect(isOpen(office, at('2026-10-10T20:00'), SHANGHAI)).toBe(true);
    expect(isOpen(office, at('2026-10-10T22:00'), SHANGHAI)).toBe(false);
    // Sunday 2026-09-20.
    expect(isOpen(office, at('2026-09-20T07:59'), SHANGHAI)).toBe(false);
    expect(isOpen(office, at('2026-09-20T21:00'), SHANGHAI)).toBe(true);
  });

  it('opens an extra working day even when weekends are closed, with extraWorkdayHours when given', () => {
    const weekdaysOnly = schedule({
      weekly: { mon: weekdays, fri: weekdays },
      extraWorkdays: ['2026-10-10'],
      extraWorkdayHours: [['09:00', '12:00']],
    });
    expect(isOpen(weekdaysOnly, at('2026-10-17T10:00'), SHANGHAI)).toBe(false);
    expect(isOpen(weekdaysOnly, at('2026-10-10T08:30'), SHANGHAI)).toBe(false);
    expect(isOpen(weekdaysOnly, at('2026-10-10T10:00'), SHANGHAI)).toBe(true);
    expect(isOpen(weekdaysOnly, at('2026-10-10T12:00'), SHANGHAI)).toBe(false);
  });

  it('treats a missing day as closed', () => {
    const mondays = schedule({ weekly: { mon: weekdays } });
    expect(isOpen(mondays, at('2026-03-03T10:00'), SHANGHAI)).toBe(false);
  });
});

describe('isOpen in other time zones', () => {
  const nineToFive = schedule({ weekly: { mon: [['09:00', '17:00']], sun: [['09:00', '17:00']] } });

  it('follows the local clock across a DST change (America/New_York, DST from 2026-03-08)', () => {
    const ny = 'America/New_York';
    // Monday after the change: 09:00 EDT is 13:00 UTC (it was 14:00 UTC a week before).
    expect(isOpen(nineToFive, Date.parse('2026-03-09T12:59:59.999Z'), ny)).toBe(false);
    expect(isOpen(nineToFive, Date.parse('2026-03-09T13:00:00Z'), ny)).toBe(true);
    expect(isOpen(nineToFive, Date.parse('2026-03-02T13:30:00Z'), ny)).toBe(false);
    expect(isOpen(nineToFive, Date.parse('2026-03-02T14:00:00Z'), ny)).toBe(true);
    // The change day itself (02:00 jumps to 03:00) keeps wall-clock hours.
    expect(isOpen(nineToFive, Date.parse('2026-03-08T13:00:00Z'), ny)).toBe(true);
    expect(isOpen(nineToFive, Date.parse('2026-03-08T21:00:00Z'), ny)).toBe(false);
  });

  it('the same instant is open in one zone and closed in another', () => {
    // Monday 10:00 in Shanghai (UTC+8), Monday 08:00 in Urumqi (UTC+6), Sunday 21:00 in New York.
    const now = Date.parse('2026-03-02T02:00:00Z');
    expect(isOpen(nineToFive, now, SHANGHAI)).toBe(true);
    expect(isOpen(nineToFive, now, 'Asia/Urumqi')).toBe(false);
    expect(isOpen(nineToFive, now, 'America/New_York')).toBe(false);
    expect(isOpen(nineToFive, now + 3_600_000, 'Asia/Urumqi')).toBe(true);
  });

  it('throws on an unknown zone', () => {
    expect(() => isOpen(nineToFive, 0, 'Mars/Olympus_Mons')).toThrow(RangeError);
  });
});

describe('hoursOn', () => {
  it('returns the intervals of a local day, after holidays and extra working days', () => {
    const day = (iso: string) => DateTime.fromISO(iso, { zone: SHANGHAI });
    expect(hoursOn(office, day('2026-03-02'))).toEqual([['08:00', '22:00']]);
    expect(hoursOn(office, day('2026-03-07'))).toEqual([['09:00', '18:00']]);
    expect(hoursOn(office, day('2026-10-01'))).toEqual([]);
    expect(hoursOn(office, day('2026-10-10'))).toEqual([['08:00', '22:00']]);
  });
});
