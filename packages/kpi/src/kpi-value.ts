/**
 * Every KPI is returned with the counts behind it, so a disputed figure can be
 * traced back to the calls or tickets that make it up.
 */
export type KpiUnit = 'ratio' | 'ms' | 'count';

export interface KpiValue {
  /**
   * ratio: numerator / denominator in 0..1 (never a percentage);
   * ms: a mean (numerator = sum of ms, denominator = number of calls) or, for
   *     a maximum, the maximum itself (denominator = number of calls it is taken over);
   * count: the number of events (= numerator).
   * `null` when the denominator is 0 (no data), except for counts which are never null.
   */
  readonly value: number | null;
  readonly numerator: number;
  /** For counts: the population the events were drawn from when known, else 0. */
  readonly denominator: number;
  readonly unit: KpiUnit;
}

/** numerator / denominator, `null` when the denominator is 0. */
export function ratio(numerator: number, denominator: number): KpiValue {
  return { value: denominator > 0 ? numerator / denominator : null, numerator, denominator, unit: 'ratio' };
}

/** Mean in ms of `count` samples whose sum is `sumMs`, `null` when count is 0. */
export function meanMs(sumMs: number, count: number): KpiValue {
  return { value: count > 0 ? sumMs / count : null, numerator: sumMs, denominator: count, unit: 'ms' };
}

/** A maximum in ms over `count` samples, `null` when count is 0. */
export function maxMs(max: number, count: number): KpiValue {
  return { value: count > 0 ? max : null, numerator: max, denominator: count, unit: 'ms' };
}

/** A plain count of events out of a population (0 when the population is unknown). */
export function count(events: number, population = 0): KpiValue {
  return { value: events, numerator: events, denominator: population, unit: 'count' };
}
