import { describe, expect, it } from 'vitest';
import {
  assertTimeZone,
  bucketStart,
  bucketsBetween,
  daysInMonth,
  daysOfMonth,
  localDayOf,
  localMonthOf,
  monthRange,
} from './time-buckets.js';

// Asia/Shanghai is UTC+8 all year (no DST).
const sh = (iso: string): number => Date.parse(`${iso}+08:00`);

describe('bucketStart (Asia/Shanghai)', () => {
  const t = sh('2024-03-05T23:59:59.999');
  it('15 minutes', () => {
    expect(bucketStart(t, '15m')).toBe(sh('2024-03-05T23:45:00.000'));
    expect(bucketStart(sh('2024-03-05T10:15:00.000'), '15m')).toBe(sh('2024-03-05T10:15:00.000'));
    expect(bucketStart(sh('2024-03-05T10:14:59.999'), '15m')).toBe(sh('2024-03-05T10:00:00.000'));
  });
  it('hour, day and month are local, not UTC', () => {
    expect(bucketStart(t, 'hour')).toBe(sh('2024-03-05T23:00:00.000'));
    // 2024-03-05T23:59 local is 15:59 UTC: the local day starts at 16:00 UTC the day before
    expect(bucketStart(t, 'day')).toBe(Date.parse('2024-03-04T16:00:00.000Z'));
    expect(bucketStart(t, 'month')).toBe(sh('2024-03-01T00:00:00.000'));
  });
  it('00:30 local is already the next local day although UTC is still the previous day', () => {
    const t2 = sh('2024-03-06T00:30:00.000');
    expect(new Date(t2).toISOString().slice(0, 10)).toBe('2024-03-05');
    expect(localDayOf(t2)).toBe('2024-03-06');
    expect(bucketStart(t2, 'day')).toBe(sh('2024-03-06T00:00:00.000'));
  });
  it('rejects an unknown zone', () => {
    expect(() => bucketStart(0, 'day', 'Mars/Olympus')).toThrow(/unknown time zone/);
  });
});

describe('bucketStart in a zone with DST and a 45-minute offset', () => {
  it('Europe/Berlin spring forward: the local day has 23 hours', () => {
    const days = bucketsBetween(Date.parse('2024-03-30T12:00:00Z'), Date.parse('2024-04-01T12:00:00Z'), 'day', 'Europe/Berlin');
    expect(days.map((d) => new Date(d).toISOString())).toEqual([
      '2024-03-29T23:00:00.000Z',
      '2024-03-30T23:00:00.000Z',
      '2024-03-31T22:00:00.000Z',
    ]);
  });
  it('Asia/Kathmandu (+05:45): 15-minute buckets still align', () => {
    const t = Date.parse('2024-01-01T00:07:00Z'); // 05:52 local
    expect(new Date(bucketStart(t, '15m', 'Asia/Kathmandu')).toISOString()).toBe('2024-01-01T00:00:00.000Z');
    expect(new Date(bucketStart(t, 'hour', 'Asia/Kathmandu')).toISOString()).toBe('2023-12-31T23:15:00.000Z');
  });
});

describe('bucketsBetween', () => {
  it('covers [from, to) with the bucket containing from first', () => {
    expect(bucketsBetween(sh('2024-03-05T10:05:00'), sh('2024-03-05T10:45:00'), '15m')).toEqual([
      sh('2024-03-05T10:00:00'),
      sh('2024-03-05T10:15:00'),
      sh('2024-03-05T10:30:00'),
    ]);
    expect(bucketsBetween(sh('2024-03-05T10:00:00'), sh('2024-03-05T10:45:00.001'), '15m')).toHaveLength(4);
  });
  it('a day has 96 quarter hours and 24 hours', () => {
    const { from, to } = { from: sh('2024-03-05T00:00:00'), to: sh('2024-03-06T00:00:00') };
    expect(bucketsBetween(from, to, '15m')).toHaveLength(96);
    expect(bucketsBetween(from, to, 'hour')).toHaveLength(24);
    expect(bucketsBetween(from, to, 'day')).toEqual([from]);
  });
  it('months of 28, 29, 30 and 31 days', () => {
    for (const [month, days] of [
      ['2023-02', 28],
      ['2024-02', 29],
      ['2024-04', 30],
      ['2024-01', 31],
    ] as const) {
      const { from, to } = monthRange(month);
      expect(bucketsBetween(from, to, 'day')).toHaveLength(days);
      expect(bucketsBetween(from, to, 'month')).toEqual([from]);
    }
  });
  it('a year has 12 months; an empty range has no bucket', () => {
    expect(bucketsBetween(sh('2024-01-01T00:00:00'), sh('2025-01-01T00:00:00'), 'month')).toHaveLength(12);
    expect(bucketsBetween(5, 5, 'day')).toEqual([]);
  });
});

describe('months and days', () => {
  it('days in month', () => {
    expect(daysInMonth('2023-02')).toBe(28);
    expect(daysInMonth('2024-02')).toBe(29);
    expect(daysInMonth('2024-06')).toBe(30);
    expect(daysInMonth('2024-12')).toBe(31);
    expect(() => daysInMonth('2024-13')).toThrow(/invalid month/);
  });
  it('days of month', () => {
    const feb = daysOfMonth('2023-02');
    expect(feb[0]).toBe('2023-02-01');
    expect(feb.at(-1)).toBe('2023-02-28');
  });
  it('month range is local', () => {
    expect(monthRange('2024-03')).toEqual({ from: sh('2024-03-01T00:00:00'), to: sh('2024-04-01T00:00:00') });
    expect(localMonthOf(sh('2024-03-31T23:59:59.999'))).toBe('2024-03');
    expect(localMonthOf(sh('2024-04-01T00:00:00'))).toBe('2024-04');
  });
});

describe('assertTimeZone', () => {
  it('remembers valid zones and still rejects unknown ones', () => {
    expect(() => assertTimeZone('Asia/Shanghai')).not.toThrow();
    expect(() => assertTimeZone('Asia/Shanghai')).not.toThrow();
    expect(() => assertTimeZone('Mars/Olympus')).toThrow(/unknown time zone "Mars\/Olympus"/);
    expect(() => assertTimeZone('Mars/Olympus')).toThrow(/unknown time zone/);
  });
});
