import { DateTime } from 'luxon';
import { WEEKDAYS } from './schedule-schema.js';
import type { BusinessSchedule, OpenInterval } from './schedule-schema.js';

const MINUTES_PER_DAY = 24 * 60;

/** "HH:mm" to minutes after local midnight ("24:00" is 1440). */
export function clockMinutes(time: string): number {
  const [h, m] = time.split(':');
  return Number(h) * 60 + Number(m);
}

/**
 * Whether the site is open at `now` (epoch ms), judged on the local wall clock
 * and local calendar day of `timezone`. Holidays close their whole day; extra
 * working days (调休) open with the extra-workday hours even on a weekend.
 */
export function isOpen(schedule: BusinessSchedule, now: number, timezone: string): boolean {
  const local = DateTime.fromMillis(now, { zone: timezone });
  if (!local.isValid) throw new RangeError(`isOpen: invalid time zone "${timezone}" or time ${now}`);
  // Wall-clock minutes, not elapsed time since midnight: on a DST day the two differ.
  const minute = local.hour * 60 + local.minute + (local.second * 1000 + local.millisecond) / 60_000;

  for (const [from, to] of hoursOn(schedule, local)) {
    const start = clockMinutes(from);
    const end = clockMinutes(to);
    if (minute >= start && minute < (end > start ? end : MINUTES_PER_DAY)) return true;
  }
  // Night intervals that began yesterday and run past midnight.
  for (const [from, to] of hoursOn(schedule, local.minus({ days: 1 }))) {
    const end = clockMinutes(to);
    if (end < clockMinutes(from) && minute < end) return true;
  }
  return false;
}

/** The intervals that start on the local day of `day`. */
export function hoursOn(schedule: BusinessSchedule, day: DateTime): readonly OpenInterval[] {
  const date = day.toISODate();
  if (date === null) return [];
  if (schedule.holidays.includes(date)) return [];
  if (schedule.extraWorkdays.includes(date)) return schedule.extraWorkdayHours ?? schedule.weekly.mon ?? [];
  const weekday = WEEKDAYS[day.weekday - 1];
  return weekday === undefined ? [] : (schedule.weekly[weekday] ?? []);
}
