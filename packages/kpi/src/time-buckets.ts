import { DateTime, Info } from 'luxon';

/**
 * Local-time bucketing. All instants are epoch ms (UTC); buckets, days and
 * months are those of the site's time zone (IANA name, default Asia/Shanghai),
 * because a "day" in the contracts is a local calendar day.
 */
export type Granularity = '15m' | 'hour' | 'day' | 'month';

export const DEFAULT_TIME_ZONE = 'Asia/Shanghai';

/** `YYYY-MM-DD`, a local calendar day. */
export type LocalDay = string;
/** `YYYY-MM`, a local calendar month. */
export type LocalMonth = string;

// Zones already checked: luxon's check builds an Intl.DateTimeFormat on every call, which made
// each bucketStart/localDayOf cost tens of microseconds (the aggregator calls them per call fact).
const knownZones = new Set<string>();

export function assertTimeZone(tz: string): void {
  if (knownZones.has(tz)) return;
  if (!Info.isValidIANAZone(tz)) throw new RangeError(`unknown time zone "${tz}"`);
  knownZones.add(tz);
}

function local(epochMs: number, tz: string): DateTime {
  assertTimeZone(tz);
  if (!Number.isFinite(epochMs)) throw new RangeError(`invalid instant ${epochMs}`);
  return DateTime.fromMillis(epochMs, { zone: tz });
}

/** Start (epoch ms) of the local bucket containing `epochMs`. */
export function bucketStart(epochMs: number, granularity: Granularity, tz: string = DEFAULT_TIME_ZONE): number {
  const t = local(epochMs, tz);
  switch (granularity) {
    case '15m': {
      const hour = t.startOf('hour');
      return hour.plus({ minutes: Math.floor(t.minute / 15) * 15 }).toMillis();
    }
    case 'hour':
      return t.startOf('hour').toMillis();
    case 'day':
      return t.startOf('day').toMillis();
    case 'month':
      return t.startOf('month').toMillis();
  }
}

function next(start: DateTime, granularity: Granularity): DateTime {
  switch (granularity) {
    // minutes and hours are absolute time; days and months are calendar steps (DST-safe)
    case '15m':
      return start.plus({ minutes: 15 });
    case 'hour':
      return start.plus({ hours: 1 });
    case 'day':
      return start.plus({ days: 1 });
    case 'month':
      return start.plus({ months: 1 });
  }
}

/**
 * Starts of the local buckets overlapping the half-open range [from, to):
 * the first is the bucket containing `from`, the last starts before `to`.
 */
export function bucketsBetween(from: number, to: number, granularity: Granularity, tz: string = DEFAULT_TIME_ZONE): number[] {
  if (to <= from) return [];
  const out: number[] = [];
  let cursor = local(bucketStart(from, granularity, tz), tz);
  while (cursor.toMillis() < to) {
    out.push(cursor.toMillis());
    cursor = next(cursor, granularity);
  }
  return out;
}

/** The local calendar day of an instant. */
export function localDayOf(epochMs: number, tz: string = DEFAULT_TIME_ZONE): LocalDay {
  return local(epochMs, tz).toFormat('yyyy-MM-dd');
}

/** The local calendar month of an instant. */
export function localMonthOf(epochMs: number, tz: string = DEFAULT_TIME_ZONE): LocalMonth {
  return local(epochMs, tz).toFormat('yyyy-MM');
}

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

function parseMonth(month: LocalMonth): { year: number; month: number } {
  const m = MONTH.exec(month);
  if (!m?.[1] || !m[2]) throw new RangeError(`invalid month "${month}", expected YYYY-MM`);
  return { year: Number(m[1]), month: Number(m[2]) };
}

/** 28, 29, 30 or 31. */
export function daysInMonth(month: LocalMonth): number {
  const { year, month: m } = parseMonth(month);
  const days = DateTime.utc(year, m, 1).daysInMonth;
  if (days === undefined) throw new RangeError(`invalid month "${month}"`);
  return days;
}

/** Every local day of a month, in order. */
export function daysOfMonth(month: LocalMonth): LocalDay[] {
  const n = daysInMonth(month);
  return Array.from({ length: n }, (_, i) => `${month}-${String(i + 1).padStart(2, '0')}`);
}

/** [start, end) of a local month as epoch ms. */
export function monthRange(month: LocalMonth, tz: string = DEFAULT_TIME_ZONE): { from: number; to: number } {
  assertTimeZone(tz);
  const { year, month: m } = parseMonth(month);
  const start = DateTime.fromObject({ year, month: m, day: 1 }, { zone: tz });
  return { from: start.toMillis(), to: start.plus({ months: 1 }).toMillis() };
}
