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

const MINUTE_MS = 60_000;

/** Minutes in which some controller reported the component up (one count per minute, whatever the instances). */
export type UpMinutes = Readonly<Partial<Record<PlatformComponent, number>>>;

/** Where availability is measured: from the first sample ever (commissioning) to the last minute whose sample is due by now. */
export interface MeasuredPeriod {
  readonly from: number | null;
  readonly to: number;
}

/**
 * The end of the measured period at `now`: the current minute is not over and the one before
 * may still have its sample on the way (a controller reports a minute after it ends, through the
 * event bus), so both are left out rather than counted down.
 */
export function measuredUntil(now: number): number {
  return now - (now % MINUTE_MS) - MINUTE_MS;
}

/**
 * Availability counters of every component over the bucket [from, to): the time due is the
 * bucket's whole minutes inside the measured period; the time up is the minutes a sample
 * reported the component up (the caller counts only samples inside that same overlap). A minute
 * without a sample is down: a platform that cannot report is not serving (KPIS.md; Changsha
 * scores 排队机/IVR/座席/话务 by fault minutes over working minutes). Nothing is due before the
 * first sample ever, so a bucket before commissioning is "no data" (null), not 0 %.
 */
export function availabilityOfMinutes(up: UpMinutes, bucket: { from: number; to: number }, measured: MeasuredPeriod): Record<PlatformComponent, AvailabilityCounters> {
  const start = measured.from === null ? bucket.to : Math.max(bucket.from, ceilMinute(measured.from));
  const end = Math.min(bucket.to, measured.to);
  const dueMinutes = Math.max(0, Math.floor((end - start) / MINUTE_MS));
  const totalMs = dueMinutes * MINUTE_MS;
  const of = (c: PlatformComponent): AvailabilityCounters => ({ upMs: Math.min(up[c] ?? 0, dueMinutes) * MINUTE_MS, totalMs });
  return { queue: of('queue'), ivr: of('ivr'), seats: of('seats'), telephony: of('telephony') };
}

function ceilMinute(t: number): number {
  return Math.ceil(t / MINUTE_MS) * MINUTE_MS;
}
