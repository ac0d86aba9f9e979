/**
 * Every instant in this package is epoch milliseconds (UTC), the same number
 * `Date.prototype.getTime()` gives. Local time only exists inside a clock.
 */
export type EpochMs = number;

/** A duration in milliseconds. */
export type DurationMs = number;

export function assertInstant(name: string, value: number): void {
  if (!Number.isFinite(value)) throw new RangeError(`${name} must be a finite epoch-ms number, got ${value}`);
}

export function assertDuration(name: string, value: number): void {
  if (!Number.isFinite(value) || value < 0) throw new RangeError(`${name} must be a finite duration >= 0 ms, got ${value}`);
}
