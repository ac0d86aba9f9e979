import type { KpiValue } from './kpi-value.js';
import { ratio } from './kpi-value.js';

/** Platform components whose availability the contracts measure (Changsha: queue, seats, IVR, telephony system). */
export const PLATFORM_COMPONENTS = ['queue', 'ivr', 'seats', 'telephony'] as const;
export type PlatformComponent = (typeof PLATFORM_COMPONENTS)[number];

/** Additive: time the component was up, out of the time it was due to run. */
export interface AvailabilityCounters {
  readonly upMs: number;
  readonly totalMs: number;
}

export function mergeAvailability(a: AvailabilityCounters, b: AvailabilityCounters): AvailabilityCounters {
  return { upMs: a.upMs + b.upMs, totalMs: a.totalMs + b.totalMs };
}

/** up time / total time; `null` when nothing was measured. */
export function availability(c: AvailabilityCounters): KpiValue {
  return ratio(Math.min(c.upMs, c.totalMs), c.totalMs);
}
