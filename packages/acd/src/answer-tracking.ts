/**
 * Answer time against the 15 s / 30 s targets (KPIS.md): the wait runs from
 * `queued_at` (never from the answer, never from arrival) to `answered_at` or
 * `abandoned_at`, in milliseconds, and the bounds are inclusive: a wait of
 * exactly 15.000 s is within 15 s.
 */

export const DEFAULT_ANSWER_THRESHOLDS_SEC = [15, 30] as const;

/**
 * The wait in ms. Throws on a non-finite time or an end before `queuedAt`:
 * that can only be clock skew or a bug, and clamping it to 0 would count a
 * perfect answer that never happened (the scorecard must be truthful).
 */
export function waitMs(queuedAt: number, answeredOrAbandonedAt: number): number {
  if (!Number.isFinite(queuedAt) || !Number.isFinite(answeredOrAbandonedAt)) {
    throw new RangeError(`wait needs finite timestamps, got ${queuedAt} and ${answeredOrAbandonedAt}`);
  }
  const wait = answeredOrAbandonedAt - queuedAt;
  if (wait < 0) {
    throw new RangeError(`wait ends (${answeredOrAbandonedAt}) before the call was queued (${queuedAt})`);
  }
  return wait;
}

/** `within15`, `within30`... one key per threshold in seconds. */
export type WaitClassification<T extends readonly number[]> = { readonly [K in T[number] as `within${K}`]: boolean };

/** True when the wait is within the threshold, inclusive. */
export function isWithin(waitMilliseconds: number, thresholdSec: number): boolean {
  return waitMilliseconds <= thresholdSec * 1000;
}

/**
 * Classifies a wait against each threshold: `classifyWait(15_000)` is
 * `{ within15: true, within30: true }`; `classifyWait(15_001)` is
 * `{ within15: false, within30: true }`.
 */
export function classifyWait<const T extends readonly number[] = typeof DEFAULT_ANSWER_THRESHOLDS_SEC>(
  waitMilliseconds: number,
  thresholdsSec: T = DEFAULT_ANSWER_THRESHOLDS_SEC as unknown as T,
): WaitClassification<T> {
  if (!Number.isFinite(waitMilliseconds) || waitMilliseconds < 0) {
    throw new RangeError(`wait must be a finite, non-negative number of ms, got ${waitMilliseconds}`);
  }
  const result: Record<string, boolean> = {};
  for (const sec of thresholdsSec) {
    if (!Number.isFinite(sec) || sec < 0) throw new RangeError(`threshold must be finite seconds >= 0, got ${sec}`);
    result[`within${sec}`] = isWithin(waitMilliseconds, sec);
  }
  return result as WaitClassification<T>;
}
