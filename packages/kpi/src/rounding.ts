/**
 * Rounding for display and for scorecard points.
 *
 * KPIs are kept as exact counts and computed as ratios of counts; nothing is
 * rounded until a figure is shown or a scorecard item's final points are fixed.
 * Binary floating point cannot hold 0.95 or 0.005 exactly, so rounding goes
 * through the decimal string form (`1.005` rounds to `1.01`, not `1.00`).
 */

/** Removes binary noise below 1e-9 (e.g. `(0.95 - 0.94) * 100 = 1.0000000000000009` becomes 1). */
export function snap(x: number): number {
  const snapped = Number(x.toFixed(9));
  return snapped === 0 ? 0 : snapped;
}

/** Rounds half away from zero to `decimals` places (default 2), decimal-exactly. */
export function roundTo(x: number, decimals = 2): number {
  if (!Number.isFinite(x)) throw new RangeError(`cannot round ${x}`);
  const sign = x < 0 ? -1 : 1;
  const shifted = Math.round(Number(`${Math.abs(x).toFixed(9)}e${decimals}`));
  const result = sign * Number(`${shifted}e-${decimals}`);
  return result === 0 ? 0 : result;
}

/** Points are always shown with two decimals. */
export function roundPoints(x: number): number {
  return roundTo(x, 2);
}
