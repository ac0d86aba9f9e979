import type { KpiKey, KpiSet } from './kpi-set.js';
import type { KpiValue } from './kpi-value.js';
import type { Comparator, PartialSteps, ScorecardItem } from './preset-schema.js';
import { snap } from './rounding.js';

/** What one rule makes of the figures, before supervisor adjustments and rounding. */
export interface RuleEvaluation {
  /** Unrounded points, within [floor, ceiling]. */
  readonly points: number;
  /** The least and most the item can score (adjustments are clamped to these). */
  readonly floor: number;
  readonly ceiling: number;
  /** For threshold and pass/fail rules. */
  readonly passed?: boolean;
  /** The KPI values read (none for manual items). */
  readonly inputs: readonly { readonly kpi: KpiKey; readonly value: KpiValue }[];
  /** True when a KPI had a zero denominator and `whenNoData` decided. */
  readonly noData: boolean;
}

/** Thrown when the figures needed by an item were not provided. */
export class MissingKpiError extends Error {
  override readonly name = 'MissingKpiError';
}

function read(kpis: KpiSet, key: KpiKey, itemId: string): KpiValue {
  const v = kpis[key];
  if (!v) throw new MissingKpiError(`item "${itemId}" needs KPI "${key}", which was not provided`);
  return v;
}

/** Number of steps counted for a (non-negative) distance in steps. */
export function countSteps(steps: number, partial: PartialSteps): number {
  const s = snap(steps);
  switch (partial) {
    case 'prorate':
      return s;
    case 'floor':
      return Math.floor(s);
    case 'ceil':
      return Math.ceil(s);
  }
}

export function compare(value: number, comparator: Comparator, target: number): boolean {
  switch (comparator) {
    case '>=':
      return value >= target;
    case '>':
      return value > target;
    case '<=':
      return value <= target;
    case '<':
      return value < target;
  }
}

/**
 * Applies an item's rule to the figures. Comparisons are made on the exact
 * ratios (19/20 and the literal 0.95 are the same double, so "exactly at
 * target" is exact); distances are snapped to 1e-9 before counting steps.
 */
export function evaluateRule(item: ScorecardItem, kpis: KpiSet): RuleEvaluation {
  const P = item.points;
  const rule = item.rule;
  switch (rule.kind) {
    case 'linear': {
      const kpi = read(kpis, rule.kpi, item.id);
      const maxDeduction = rule.maxDeduction ?? P;
      const bounds = { floor: P - maxDeduction, ceiling: P + rule.maxBonus };
      const inputs = [{ kpi: rule.kpi, value: kpi }];
      const v = kpi.value;
      if (v === null) return { points: rule.whenNoData === 'full' ? P : Math.max(0, bounds.floor), ...bounds, inputs, noData: true };
      if (v >= rule.target) {
        const bonus = Math.min(rule.maxBonus, countSteps((v - rule.target) * 100, rule.partial) * rule.perPointAbove);
        return { points: P + bonus, ...bounds, inputs, noData: false };
      }
      const deduction = Math.min(maxDeduction, countSteps((rule.target - v) * 100, rule.partial) * rule.perPointBelow);
      return { points: P - deduction, ...bounds, inputs, noData: false };
    }
    case 'linear_lower_is_better': {
      const kpi = read(kpis, rule.kpi, item.id);
      const maxDeduction = rule.maxDeduction ?? P;
      const bounds = { floor: P - maxDeduction, ceiling: P };
      const inputs = [{ kpi: rule.kpi, value: kpi }];
      const v = kpi.value;
      if (v === null) return { points: rule.whenNoData === 'full' ? P : Math.max(0, bounds.floor), ...bounds, inputs, noData: true };
      if (v <= rule.target) return { points: P, ...bounds, inputs, noData: false };
      const deduction = Math.min(maxDeduction, countSteps((v - rule.target) / rule.step, rule.partial) * rule.perStepAbove);
      return { points: P - deduction, ...bounds, inputs, noData: false };
    }
    case 'threshold':
    case 'pass_fail': {
      const kpi = read(kpis, rule.kpi, item.id);
      const v = kpi.value;
      const passed = v === null ? rule.whenNoData === 'full' : compare(v, rule.comparator, rule.target);
      return { points: passed ? P : 0, floor: 0, ceiling: P, passed, inputs: [{ kpi: rule.kpi, value: kpi }], noData: v === null };
    }
    case 'per_event_deduction': {
      const inputs = rule.events.map((k) => ({ kpi: k, value: read(kpis, k, item.id) }));
      const events = inputs.reduce((s, i) => s + (i.value.value ?? 0), 0);
      const maxDeduction = rule.maxDeduction ?? P;
      const deduction = Math.min(maxDeduction, events * rule.perEvent);
      return { points: P - deduction, floor: P - maxDeduction, ceiling: P, inputs, noData: false };
    }
    case 'manual': {
      return { points: rule.start ?? P, floor: rule.min ?? 0, ceiling: rule.max ?? P, inputs: [], noData: false };
    }
  }
}
