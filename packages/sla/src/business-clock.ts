import { IANAZone } from 'luxon';
import { z } from 'zod';
import { minutesOfDay, timeOfDaySchema, type TimeOfDay } from './time-of-day.js';

/** The hotlines in the seeds are all in mainland China. */
export const DEFAULT_TIMEZONE = 'Asia/Shanghai';

/**
 * Haikou (seed 001, 工单回访): callbacks are due within 24 h "其中12:00-14:30、
 * 22:00-次日8:00不做回访" - lunch and night do not count.
 */
export const DEFAULT_EXCLUDED_WINDOWS: readonly ExcludedWindow[] = [
  ['12:00', '14:30'],
  ['22:00', '08:00'],
];

/**
 * A daily window `[start, end)` in local time that the clock does not count.
 * `end < start` wraps midnight: `['22:00', '08:00']` is 22:00 to 08:00 the next morning.
 */
export type ExcludedWindow = readonly [start: TimeOfDay, end: TimeOfDay];

const excludedWindowSchema = z
  .tuple([timeOfDaySchema, timeOfDaySchema])
  // zod runs this check even when an element failed: only compare valid times.
  .refine(([start, end]) => !isTime(start) || !isTime(end) || minutesOfDay(start) !== minutesOfDay(end), {
    message: 'an excluded window needs different start and end (use 00:00-24:00 for a whole day)',
  });

const isTime = (value: string): boolean => timeOfDaySchema.safeParse(value).success;

/** A local calendar date `YYYY-MM-DD`. */
export const isoDateSchema = z.iso.date();

/** ISO weekday: 1 = Monday ... 7 = Sunday (luxon's numbering). */
export const isoWeekdaySchema = z.number().int().min(1).max(7);

/**
 * A clock that only counts some of the time: the SLA clocks are data.
 *
 * - `excludedWindows`: daily local windows that never count.
 * - `excludedDates`: whole local days that never count (public holidays).
 * - `excludedWeekdays`: whole weekdays that never count (weekends for a
 *   working-day calendar).
 * - `workingDates`: dates that count although their weekday is excluded
 *   (China's 调休 make-up working Saturdays/Sundays). `excludedDates` wins
 *   over `workingDates` when a date is in both.
 */
export interface BusinessClock {
  readonly timezone: string;
  readonly excludedWindows: readonly ExcludedWindow[];
  readonly excludedDates: readonly string[];
  readonly excludedWeekdays: readonly number[];
  readonly workingDates: readonly string[];
}

function clockSchemaWith(defaults: { excludedWindows: readonly ExcludedWindow[]; excludedWeekdays: readonly number[] }) {
  return z.object({
    timezone: z
      .string()
      .refine((zone) => IANAZone.isValidZone(zone), { message: 'unknown IANA time zone' })
      .default(DEFAULT_TIMEZONE),
    excludedWindows: z.array(excludedWindowSchema).default(() => defaults.excludedWindows.map((w) => [w[0], w[1]] as [string, string])),
    excludedDates: z.array(isoDateSchema).default(() => []),
    excludedWeekdays: z.array(isoWeekdaySchema).default(() => [...defaults.excludedWeekdays]),
    workingDates: z.array(isoDateSchema).default(() => []),
  });
}

/**
 * The business clock: every day of the week (the hotline is 7x24) minus lunch
 * and night by default.
 */
export const businessClockSchema = clockSchemaWith({ excludedWindows: DEFAULT_EXCLUDED_WINDOWS, excludedWeekdays: [] });

/**
 * A working-day calendar: whole days, Saturday and Sunday excluded by default,
 * no daily windows. 24 h on this clock is one working day (工作日), so
 * "N working days" deadlines (seed 003: 咨询类 2 个工作日) are N x 24 h on it.
 */
export const workdayClockSchema = clockSchemaWith({ excludedWindows: [], excludedWeekdays: [6, 7] });

/** What a site writes in its settings; every field has a default. */
export type BusinessClockInput = z.input<typeof businessClockSchema>;

/** Parse a business clock (lunch and night excluded unless told otherwise). Throws a ZodError on bad data. */
export function defineBusinessClock(input: BusinessClockInput = {}): BusinessClock {
  return businessClockSchema.parse(input);
}

/** Parse a working-day calendar (weekends excluded unless told otherwise). Throws a ZodError on bad data. */
export function defineWorkdayClock(input: z.input<typeof workdayClockSchema> = {}): BusinessClock {
  return workdayClockSchema.parse(input);
}

/** Lunch 12:00-14:30 and night 22:00-08:00 excluded, Asia/Shanghai, every day. */
export const DEFAULT_BUSINESS_CLOCK: BusinessClock = defineBusinessClock();

/** Monday to Friday, whole days, Asia/Shanghai (add holidays with `excludedDates`). */
export const DEFAULT_WORKDAY_CLOCK: BusinessClock = defineWorkdayClock();
