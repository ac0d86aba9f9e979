import { z } from 'zod';
import { addBusinessTime } from './add-business-time.js';
import type { BusinessClock } from './business-clock.js';
import type { DurationMs, EpochMs } from './epoch-ms.js';
import { addWallTime } from './wall-time.js';

/**
 * Which clock a deadline runs on:
 * - `wall`: real elapsed time (dispatch 15 min, return review 30 min / 3 h, 48 h stale);
 * - `business`: the business clock, lunch and night excluded (callback 24 h);
 * - `workday`: the working-day calendar (department deadlines in 工作日).
 */
export const CLOCK_KINDS = ['wall', 'business', 'workday'] as const;
export type ClockKind = (typeof CLOCK_KINDS)[number];

export const DEADLINE_UNITS = ['minutes', 'hours', 'days'] as const;
/** `days` are 24 h of the chosen clock: on `workday`, N days = N working days. */
export type DeadlineUnit = (typeof DEADLINE_UNITS)[number];

export const deadlineSchema = z.object({
  clock: z.enum(CLOCK_KINDS),
  amount: z.number().positive().finite(),
  unit: z.enum(DEADLINE_UNITS),
});

/** A deadline as data, e.g. `{ clock: 'business', amount: 24, unit: 'hours' }`. */
export type Deadline = z.output<typeof deadlineSchema>;

/** The non-wall clocks a rule set carries. */
export interface SlaClocks {
  readonly business: BusinessClock;
  readonly workday: BusinessClock;
}

const UNIT_MS: Record<DeadlineUnit, number> = { minutes: 60_000, hours: 3_600_000, days: 86_400_000 };

/** The deadline's length in ms of its own clock. */
export function deadlineMs(deadline: Deadline): DurationMs {
  return Math.round(deadline.amount * UNIT_MS[deadline.unit]);
}

/** When a deadline that starts at `start` falls due. */
export function addDeadline(clocks: SlaClocks, start: EpochMs, deadline: Deadline): EpochMs {
  const ms = deadlineMs(deadline);
  switch (deadline.clock) {
    case 'wall':
      return addWallTime(start, ms);
    case 'business':
      return addBusinessTime(clocks.business, start, ms);
    case 'workday':
      return addBusinessTime(clocks.workday, start, ms);
  }
}

/** Shorthands that read like the seeds. */
export const minutes = (amount: number, clock: ClockKind = 'wall'): Deadline => ({ clock, amount, unit: 'minutes' });
export const hours = (amount: number, clock: ClockKind = 'wall'): Deadline => ({ clock, amount, unit: 'hours' });
export const workingDays = (amount: number): Deadline => ({ clock: 'workday', amount, unit: 'days' });
