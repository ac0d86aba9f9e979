import { z } from 'zod';

/** Minutes in a local day (a window may end at `24:00`). */
export const MINUTES_PER_DAY = 24 * 60;

/**
 * A local wall-clock time `HH:MM`, `00:00` to `24:00` (`24:00` is the end of
 * the day, so a window can run to midnight without wrapping).
 */
export const timeOfDaySchema = z
  .string()
  .regex(/^(?:(?:[01]\d|2[0-3]):[0-5]\d|24:00)$/, 'expected a local time HH:MM between 00:00 and 24:00');

/** `HH:MM`, validated by {@link timeOfDaySchema}. */
export type TimeOfDay = z.output<typeof timeOfDaySchema>;

/** `'14:30'` -> 870. Throws on a malformed time (validate with the schema first). */
export function minutesOfDay(time: TimeOfDay): number {
  const match = /^(\d\d):(\d\d)$/.exec(time);
  if (!match) throw new RangeError(`not a time of day: ${JSON.stringify(time)}`);
  const minutes = Number(match[1]) * 60 + Number(match[2]);
  if (minutes > MINUTES_PER_DAY || Number(match[2]) > 59) {
    throw new RangeError(`not a time of day: ${JSON.stringify(time)}`);
  }
  return minutes;
}
