import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { defineBusinessClock, defineWorkdayClock } from './business-clock.js';
import { compileClock, openMinuteRanges, walkOpenSpans } from './open-spans.js';

const zone = 'Asia/Shanghai';
const local = (iso: string) => DateTime.fromISO(iso, { zone }).toMillis();

describe('openMinuteRanges', () => {
  it('default windows leave 08:00-12:00 and 14:30-22:00', () => {
    expect(openMinuteRanges([[720, 870], [1320, 480]])).toEqual([[480, 720], [870, 1320]]);
  });
  it('no windows leave the whole day', () => {
    expect(openMinuteRanges([])).toEqual([[0, 1440]]);
  });
  it('merges overlapping windows', () => {
    expect(openMinuteRanges([[600, 720], [660, 780]])).toEqual([[0, 600], [780, 1440]]);
  });
  it('a window to 24:00 does not wrap', () => {
    expect(openMinuteRanges([[1320, 1440]])).toEqual([[0, 1320]]);
  });
  it('a whole-day window leaves nothing', () => {
    expect(openMinuteRanges([[0, 1440]])).toEqual([]);
  });
});

describe('compileClock', () => {
  it('gives the local counting spans of a day', () => {
    const clock = compileClock(defineBusinessClock());
    const day = clock.dayOf(local('2025-03-04T23:30'));
    expect(clock.openSpans(day)).toEqual([
      [local('2025-03-04T08:00'), local('2025-03-04T12:00')],
      [local('2025-03-04T14:30'), local('2025-03-04T22:00')],
    ]);
  });

  it('closes excluded dates and weekdays, reopens working dates', () => {
    const clock = compileClock(
      defineWorkdayClock({ excludedDates: ['2025-10-01'], workingDates: ['2025-09-28'] }),
    );
    expect(clock.openSpans(clock.dayOf(local('2025-10-01T10:00')))).toEqual([]); // Wednesday holiday
    expect(clock.openSpans(clock.dayOf(local('2025-09-27T10:00')))).toEqual([]); // Saturday
    expect(clock.openSpans(clock.dayOf(local('2025-09-28T10:00')))).toEqual([
      [local('2025-09-28T00:00'), local('2025-09-29T00:00')],
    ]); // make-up Sunday
  });

  it('walkOpenSpans refuses a clock that never counts', () => {
    const clock = compileClock(defineBusinessClock({ excludedWindows: [['00:00', '24:00']] }));
    expect(() => walkOpenSpans(clock, 0, () => undefined)).toThrow(/no counting time/);
  });
});
