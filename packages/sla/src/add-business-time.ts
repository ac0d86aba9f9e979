import type { BusinessClock } from './business-clock.js';
import { assertDuration, assertInstant, type DurationMs, type EpochMs } from './epoch-ms.js';
import { compileClock, walkOpenSpans } from './open-spans.js';

/**
 * The instant at which `durationMs` of counting time has passed on `clock`
 * since `start`. A start inside an excluded window counts from the window's
 * end; a due time that lands exactly on the start of an excluded window is
 * that instant (12:00 sharp, not 14:30).
 */
export function addBusinessTime(clock: BusinessClock, start: EpochMs, durationMs: DurationMs): EpochMs {
  assertInstant('start', start);
  assertDuration('durationMs', durationMs);
  let remaining = durationMs;
  return walkOpenSpans(compileClock(clock), start, (spans) => {
    for (const [spanStart, spanEnd] of spans) {
      if (spanEnd <= start) continue;
      const from = Math.max(spanStart, start);
      if (remaining <= spanEnd - from) return from + remaining;
      remaining -= spanEnd - from;
    }
    return undefined;
  });
}
