import type { CallFact } from './call-fact.js';
import type { LocalDay } from './time-buckets.js';
import { DEFAULT_TIME_ZONE, bucketStart, localDayOf } from './time-buckets.js';

export interface RollupKey {
  /** Start (epoch ms) of the local 15-minute interval the call belongs to. */
  readonly intervalStart: number;
  /** The local day the call belongs to (`YYYY-MM-DD`). */
  readonly localDay: LocalDay;
}

/**
 * Where a call is counted: the interval and local day in which it was
 * queued, answered and abandoned alike, not the day it ended (KPIS.md edge
 * rules). IVR-only calls, never queued, go by `arrivedAt`.
 */
export function rollupKeyOf(fact: CallFact, tz: string = DEFAULT_TIME_ZONE): RollupKey {
  const at = fact.queuedAt ?? fact.arrivedAt;
  return { intervalStart: bucketStart(at, '15m', tz), localDay: localDayOf(at, tz) };
}
