import type { KpiKey } from './kpi-set.js';
import { kpiInfo } from './kpi-set.js';
import type { KpiUnit } from './kpi-value.js';
import type { PartialSteps, ScorecardItem } from './preset-schema.js';
import { roundTo } from './rounding.js';

/** A figure in its display unit: ratios as percentages, ms as seconds. */
export function formatFigure(value: number, unit: KpiUnit): string {
  switch (unit) {
    case 'ratio':
      return `${roundTo(value * 100, 4)} %`;
    case 'ms':
      return `${roundTo(value / 1000, 3)} s`;
    case 'count':
      return String(value);
  }
}

const pts = (n: number): string => `${roundTo(n, 2)}`;

function partialText(p: PartialSteps): string {
  switch (p) {
    case 'prorate':
      return 'pro-rated';
    case 'floor':
      return 'whole steps only';
    case 'ceil':
      return 'a started step counts in full';
  }
}

const unitOf = (k: KpiKey): KpiUnit => kpiInfo(k)?.unit ?? 'ratio';

/** The rule of an item in words, as shown beside its points. */
export function describeRule(item: ScorecardItem): string {
  const P = item.points;
  const rule = item.rule;
  const extra = item.allowAdjustments ? '; supervisor deductions also apply' : '';
  switch (rule.kind) {
    case 'linear': {
      const maxDeduction = rule.maxDeduction ?? P;
      const bonus = rule.perPointAbove > 0 && rule.maxBonus > 0 ? `, +${pts(rule.perPointAbove)} per point above (max +${pts(rule.maxBonus)})` : '';
      const cap = maxDeduction >= P ? 'not below 0' : `at most -${pts(maxDeduction)}`;
      const noData = rule.whenNoData === 'full' ? 'full points' : '0';
      return `${pts(P)} pts at ${rule.kpi} >= ${formatFigure(rule.target, 'ratio')}; -${pts(rule.perPointBelow)} per percentage point below (${partialText(rule.partial)})${bonus}; ${cap}; no data: ${noData}${extra}`;
    }
    case 'linear_lower_is_better': {
      const unit = unitOf(rule.kpi);
      const maxDeduction = rule.maxDeduction ?? P;
      const cap = maxDeduction >= P ? 'not below 0' : `at most -${pts(maxDeduction)}`;
      const step = unit === 'ratio' ? `${roundTo(rule.step * 100, 4)} percentage point(s)` : formatFigure(rule.step, unit);
      return `${pts(P)} pts at ${rule.kpi} <= ${formatFigure(rule.target, unit)}; -${pts(rule.perStepAbove)} per ${step} above (${partialText(rule.partial)}); ${cap}${extra}`;
    }
    case 'threshold':
      return `${pts(P)} pts if ${rule.kpi} ${rule.comparator} ${formatFigure(rule.target, unitOf(rule.kpi))}, else 0${extra}`;
    case 'pass_fail':
      return `pass if ${rule.kpi} ${rule.comparator} ${formatFigure(rule.target, unitOf(rule.kpi))} (${pts(P)} pts), else fail${extra}`;
    case 'per_event_deduction': {
      const maxDeduction = rule.maxDeduction ?? P;
      const cap = maxDeduction >= P ? 'not below 0' : `at most -${pts(maxDeduction)}`;
      return `${pts(P)} pts; -${pts(rule.perEvent)} per event (${rule.events.join(' + ')}); ${cap}${extra}`;
    }
    case 'manual':
      return `entered by a supervisor: starts at ${pts(rule.start ?? P)}, within ${pts(rule.min ?? 0)}..${pts(rule.max ?? P)}`;
  }
}
