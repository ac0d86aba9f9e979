import { assertDuration, assertInstant, type DurationMs, type EpochMs } from './epoch-ms.js';

/**
 * A plain deadline on the wall clock: elapsed real time, night and holidays
 * included (dispatch within 15 min, return review within 30 min / 3 h).
 */
export function addWallTime(start: EpochMs, durationMs: DurationMs): EpochMs {
  assertInstant('start', start);
  assertDuration('durationMs', durationMs);
  return start + durationMs;
}
