import type { KpiValue } from './kpi-value.js';
import type { LocalDay, LocalMonth } from './time-buckets.js';
import { daysOfMonth } from './time-buckets.js';

/** What a day needs for compliance: its offered and answered calls (from the day's voice counters). */
export interface DailyAnswerCounts {
  readonly offered: number;
  readonly answered: number;
}

export interface ComplianceDay {
  readonly localDay: LocalDay;
  readonly offered: number;
  readonly answered: number;
  /** answered / offered; `null` on a day with no offered calls. */
  readonly answerRate: number | null;
  readonly compliant: boolean;
}

export interface ComplianceDaysResult {
  /** 接通率月达标天数: compliant days / days in the month. */
  readonly kpi: KpiValue;
  readonly days: readonly ComplianceDay[];
}

/** Thrown when a day outside the month is passed in. */
export class DayOutsideMonthError extends Error {
  override readonly name = 'DayOutsideMonthError';
}

/**
 * Compliance days of a local month: a day is compliant when its answer rate is
 * at least `target` (default 0.95); a day with no offered calls, or absent
 * from `daily`, is compliant (KPIS.md edge rules). The denominator is the
 * number of days in the month (28, 29, 30 or 31), also for a month not yet over.
 */
export function complianceDays(
  month: LocalMonth,
  daily: ReadonlyMap<LocalDay, DailyAnswerCounts> | Readonly<Record<LocalDay, DailyAnswerCounts>>,
  target = 0.95,
): ComplianceDaysResult {
  const byDay = daily instanceof Map ? daily : new Map(Object.entries(daily));
  const monthDays = daysOfMonth(month);
  const inMonth = new Set(monthDays);
  for (const day of byDay.keys()) {
    if (!inMonth.has(day)) throw new DayOutsideMonthError(`${day} is not a day of ${month}`);
  }
  const days = monthDays.map((localDay): ComplianceDay => {
    const c = byDay.get(localDay);
    const offered = c?.offered ?? 0;
    const answered = c?.answered ?? 0;
    const answerRate = offered > 0 ? answered / offered : null;
    return { localDay, offered, answered, answerRate, compliant: answerRate === null || answerRate >= target };
  });
  const compliant = days.filter((d) => d.compliant).length;
  return {
    kpi: { value: compliant / days.length, numerator: compliant, denominator: days.length, unit: 'ratio' },
    days,
  };
}
