import { DateTime } from 'luxon';
import type { BusinessClock } from './business-clock.js';
import { MINUTES_PER_DAY, minutesOfDay } from './time-of-day.js';

/** A half-open span of time `[start, end)` in epoch ms. */
export type Span = readonly [start: number, end: number];

/** How many consecutive days without any counting time mean "this clock never counts". */
const MAX_CLOSED_DAYS = 3660;

/**
 * A clock prepared for walking day by day: the daily windows are turned once
 * into the minutes of a day that count.
 */
export interface CompiledClock {
  readonly timezone: string;
  /** Start of the local day containing `at`. */
  dayOf(at: number): DateTime;
  /** The counting spans of one local day, ascending, never overlapping. */
  openSpans(day: DateTime): readonly Span[];
}

export function compileClock(clock: BusinessClock): CompiledClock {
  const openMinutes = openMinuteRanges(clock.excludedWindows.map(([s, e]) => [minutesOfDay(s), minutesOfDay(e)] as const));
  const excludedDates = new Set(clock.excludedDates);
  const workingDates = new Set(clock.workingDates);
  const excludedWeekdays = new Set(clock.excludedWeekdays);

  const isClosedDay = (day: DateTime): boolean => {
    const date = day.toISODate() ?? '';
    if (excludedDates.has(date)) return true;
    if (workingDates.has(date)) return false;
    return excludedWeekdays.has(day.weekday);
  };

  // set() rather than plus(): on a DST day "14:30" is still 14:30 on the wall.
  const atMinute = (day: DateTime, minute: number): number =>
    minute >= MINUTES_PER_DAY
      ? day.plus({ days: 1 }).startOf('day').toMillis()
      : day.set({ hour: Math.floor(minute / 60), minute: minute % 60, second: 0, millisecond: 0 }).toMillis();

  return {
    timezone: clock.timezone,
    dayOf: (at) => DateTime.fromMillis(at, { zone: clock.timezone }).startOf('day'),
    openSpans: (day) => (isClosedDay(day) ? [] : openMinutes.map(([s, e]) => [atMinute(day, s), atMinute(day, e)] as const)),
  };
}

/**
 * The minute ranges of a day left open by the excluded windows. A wrapping
 * window `[22:00, 08:00)` closes `[0, 08:00)` and `[22:00, 24:00)` of every day.
 */
export function openMinuteRanges(windows: readonly (readonly [number, number])[]): readonly (readonly [number, number])[] {
  const closed = windows
    .flatMap(([s, e]): (readonly [number, number])[] => (s < e ? [[s, e]] : [[s, MINUTES_PER_DAY], [0, e]]))
    .filter(([s, e]) => s < e)
    .sort((a, b) => a[0] - b[0]);
  const open: (readonly [number, number])[] = [];
  let cursor = 0;
  for (const [s, e] of closed) {
    if (s > cursor) open.push([cursor, s]);
    cursor = Math.max(cursor, e);
  }
  if (cursor < MINUTES_PER_DAY) open.push([cursor, MINUTES_PER_DAY]);
  return open;
}

/**
 * Walks the local days from the one containing `from`, handing each day's
 * counting spans to `visit` until it returns a value. Throws when the clock
 * has had no counting time for ten years (a misconfigured clock), rather than
 * looping forever.
 */
export function walkOpenSpans<T>(clock: CompiledClock, from: number, visit: (spans: readonly Span[], day: DateTime) => T | undefined): T {
  let day = clock.dayOf(from);
  let closedDays = 0;
  for (;;) {
    const spans = clock.openSpans(day);
    const result = visit(spans, day);
    if (result !== undefined) return result;
    closedDays = spans.length === 0 ? closedDays + 1 : 0;
    if (closedDays > MAX_CLOSED_DAYS) {
      throw new RangeError(`clock in ${clock.timezone} has no counting time for ${MAX_CLOSED_DAYS} days`);
    }
    day = day.plus({ days: 1 }).startOf('day');
  }
}
