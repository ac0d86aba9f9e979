import { DateTime, IANAZone } from 'luxon';
import { z } from 'zod';

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
/** Weekday keys in ISO order: luxon's `weekday` 1 is `mon`, 7 is `sun`. */
export type Weekday = (typeof WEEKDAYS)[number];

/** Local wall-clock time "HH:mm"; "24:00" is allowed so that a day can be open to its very end. */
export const clockTimeSchema = z
  .string()
  .regex(/^(?:(?:[01]\d|2[0-3]):[0-5]\d|24:00)$/, 'expected a time "HH:mm" between 00:00 and 24:00');

/**
 * An opening interval [from, to) in local wall-clock time. When `to` is earlier
 * than `from` the interval runs past midnight (a night shift, "22:00"-"02:00"),
 * and the part after midnight belongs to the day it started on: a holiday on
 * that first day closes the whole night.
 */
export const openIntervalSchema = z
  .tuple([clockTimeSchema, clockTimeSchema])
  .refine(([from]) => from !== '24:00', 'an interval cannot start at 24:00')
  .refine(([from, to]) => from !== to, 'an interval needs different start and end (use "00:00"-"24:00" for a whole day)');
export type OpenInterval = z.infer<typeof openIntervalSchema>;

/** Opening hours per weekday; a missing or empty day is closed all day. */
export const weeklyHoursSchema = z.strictObject({
  mon: z.array(openIntervalSchema).optional(),
  tue: z.array(openIntervalSchema).optional(),
  wed: z.array(openIntervalSchema).optional(),
  thu: z.array(openIntervalSchema).optional(),
  fri: z.array(openIntervalSchema).optional(),
  sat: z.array(openIntervalSchema).optional(),
  sun: z.array(openIntervalSchema).optional(),
});
export type WeeklyHours = z.infer<typeof weeklyHoursSchema>;

/** A local calendar date "YYYY-MM-DD" that exists (no 2026-02-30). */
export const localDateSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date "YYYY-MM-DD"')
  .refine((v) => DateTime.fromISO(v).isValid, 'not a calendar date');

/** An IANA time zone name luxon knows, e.g. "Asia/Shanghai". */
export const timeZoneSchema = z
  .string()
  .refine((v) => IANAZone.isValidZone(v), 'unknown IANA time zone');

/**
 * The fields of a business-hours switch: the weekly pattern, public holidays
 * (closed all day) and extra working days (调休, a weekend day worked in exchange
 * for a longer holiday). An extra working day uses `extraWorkdayHours`, or
 * Monday's hours when that is not given.
 */
export const businessScheduleShape = {
  weekly: weeklyHoursSchema,
  holidays: z.array(localDateSchema).default([]),
  extraWorkdays: z.array(localDateSchema).default([]),
  extraWorkdayHours: z.array(openIntervalSchema).optional(),
};

export const businessScheduleSchema = z.strictObject(businessScheduleShape);
export type BusinessSchedule = z.infer<typeof businessScheduleSchema>;
