import type { BusinessClock } from './business-clock.js';
import { assertInstant, type DurationMs, type EpochMs } from './epoch-ms.js';
import { compileClock, walkOpenSpans } from './open-spans.js';

/**
 * Counting time on `clock` between two instants, in ms; negative when `to`
 * is before `from`. The inverse of `addBusinessTime` for any start that is
 * itself on counting time.
 */
export function businessTimeBetween(clock: BusinessClock, from: EpochMs, to: EpochMs): DurationMs {
  assertInstant('from', from);
  assertInstant('to', to);
  if (to < from) return -businessTimeBetween(clock, to, from);
  if (to === from) return 0;
  let total = 0;
  return walkOpenSpans(compileClock(clock), from, (spans, day) => {
    if (day.toMillis() >= to) return total;
    for (const [spanStart, spanEnd] of spans) {
      const overlap = Math.min(spanEnd, to) - Math.max(spanStart, from);
      if (overlap > 0) total += overlap;
    }
    return undefined;
  });
}
