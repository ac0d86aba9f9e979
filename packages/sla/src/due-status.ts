import type { DurationMs, EpochMs } from './epoch-ms.js';

/** `ok`: more than `soonMs` left; `soon`: due within `soonMs`; `overdue`: past due. */
export type DueStatus = 'ok' | 'soon' | 'overdue';

/**
 * Where `now` stands against `due`. The due instant itself is still on time
 * (bounds are inclusive, as in KPIS.md: exactly 15.000 s is within 15 s).
 */
export function dueStatus(due: EpochMs, now: EpochMs, soonMs: DurationMs): DueStatus {
  if (now > due) return 'overdue';
  return due - now <= soonMs ? 'soon' : 'ok';
}

/** Whether something done at `doneAt` met `due` (inclusive). */
export function isOnTime(due: EpochMs, doneAt: EpochMs): boolean {
  return doneAt <= due;
}
