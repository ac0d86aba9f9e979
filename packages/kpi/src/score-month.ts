import type { EvidenceKind, KpiKey, KpiSet } from './kpi-set.js';
import { kpiInfo } from './kpi-set.js';
import type { KpiUnit, KpiValue } from './kpi-value.js';
import type { RuleKind, ScorecardItem, ScorecardPreset } from './preset-schema.js';
import { roundPoints } from './rounding.js';
import { evaluateRule } from './rule-evaluation.js';
import { describeRule } from './rule-text.js';
import type { OutcomeContext, ScoreOutcome } from './score-outcome.js';
import { outcomeOf } from './score-outcome.js';

/** A supervisor's signed change to an item, with who and why (kept on the result). */
export interface ManualAdjustment {
  readonly itemId: string;
  /** Signed points: -0.2 for a uniform breach, +0.5 for a pennant... */
  readonly points: number;
  readonly reason: string;
  readonly author: string;
  /** When it was entered (epoch ms), for the audit trail. */
  readonly at?: number;
}

export interface ScoredItem {
  readonly itemId: string;
  readonly label: string;
  readonly labelZh?: string;
  readonly group?: string;
  /** The KPI read (several joined with " + " for per-event items), `null` for manual items. */
  readonly kpi: string | null;
  /** The figure the rule was applied to (for per-event items: the number of events). */
  readonly value: number | null;
  readonly unit: KpiUnit | null;
  readonly target: number | null;
  /** The rule in words. */
  readonly rule: string;
  readonly ruleKind: RuleKind;
  /** Final points, rounded to 2 decimals. */
  readonly points: number;
  /** The item's nominal points. */
  readonly maxPoints: number;
  /** Points from the figures alone, before adjustments (rounded). */
  readonly computedPoints: number;
  readonly passed?: boolean;
  readonly evidenceKind: EvidenceKind;
  /** The KPI values with their counts, to trace a disputed point to the calls or tickets. */
  readonly evidence: readonly { readonly kpi: KpiKey; readonly value: KpiValue }[];
  readonly adjustments: readonly ManualAdjustment[];
  /** The KPI had no data (zero denominator) and the preset's `whenNoData` decided. */
  readonly noData: boolean;
  readonly note?: string;
}

export interface ScoreResult {
  readonly presetId: string;
  readonly presetName: string;
  /** Sum of the items' rounded points. */
  readonly total: number;
  /** The preset's nominal total (100 or 110; bonuses can take a month above it). */
  readonly maxPoints: number;
  readonly items: readonly ScoredItem[];
  readonly outcome: ScoreOutcome;
}

/** Thrown for adjustments that do not fit the preset. */
export class ScorecardInputError extends Error {
  override readonly name = 'ScorecardInputError';
}

function checkAdjustments(preset: ScorecardPreset, adjustments: readonly ManualAdjustment[]): Map<string, ManualAdjustment[]> {
  const byItem = new Map<string, ManualAdjustment[]>();
  const items = new Map(preset.items.map((i) => [i.id, i]));
  for (const adj of adjustments) {
    const item = items.get(adj.itemId);
    if (!item) throw new ScorecardInputError(`adjustment for unknown item "${adj.itemId}" in preset "${preset.id}"`);
    if (item.rule.kind !== 'manual' && !item.allowAdjustments) {
      throw new ScorecardInputError(`item "${adj.itemId}" is computed from the figures and takes no manual adjustment`);
    }
    if (!Number.isFinite(adj.points)) throw new ScorecardInputError(`adjustment to "${adj.itemId}" has no finite points`);
    if (adj.reason.trim() === '' || adj.author.trim() === '') {
      throw new ScorecardInputError(`adjustment to "${adj.itemId}" needs a reason and an author`);
    }
    byItem.set(adj.itemId, [...(byItem.get(adj.itemId) ?? []), adj]);
  }
  return byItem;
}

function kpiOf(item: ScorecardItem): { kpi: string | null; target: number | null; unit: KpiUnit | null } {
  const rule = item.rule;
  switch (rule.kind) {
    case 'manual':
      return { kpi: null, target: null, unit: null };
    case 'per_event_deduction':
      return { kpi: rule.events.join(' + '), target: 0, unit: 'count' };
    default:
      return { kpi: rule.kpi, target: rule.target, unit: kpiInfo(rule.kpi)?.unit ?? null };
  }
}

function evidenceKindOf(item: ScorecardItem): EvidenceKind {
  const rule = item.rule;
  if (rule.kind === 'manual') return 'manual';
  const first = rule.kind === 'per_event_deduction' ? rule.events[0] : rule.kpi;
  return (first && kpiInfo(first)?.evidenceKind) || 'manual';
}

const clamp = (x: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, x));

/**
 * Scores a month: each item's rule applied to the month's KPIs, then the
 * supervisor's adjustments (clamped to the item's range), then rounded to 2
 * decimals once. The total is the sum of the rounded items; the outcome
 * (payout band, fee deduction, pass/fail) is decided on that total.
 */
export function scoreMonth(
  preset: ScorecardPreset,
  kpis: KpiSet,
  manualAdjustments: readonly ManualAdjustment[] = [],
  context: OutcomeContext = {},
): ScoreResult {
  const adjustmentsByItem = checkAdjustments(preset, manualAdjustments);
  const items = preset.items.map((item): ScoredItem => {
    const evaluation = evaluateRule(item, kpis);
    const adjustments = adjustmentsByItem.get(item.id) ?? [];
    const adjusted = evaluation.points + adjustments.reduce((s, a) => s + a.points, 0);
    const { kpi, target, unit } = kpiOf(item);
    const events = item.rule.kind === 'per_event_deduction' ? evaluation.inputs.reduce((s, i) => s + (i.value.value ?? 0), 0) : null;
    return {
      itemId: item.id,
      label: item.label,
      ...(item.labelZh !== undefined && { labelZh: item.labelZh }),
      ...(item.group !== undefined && { group: item.group }),
      kpi,
      value: events ?? evaluation.inputs[0]?.value.value ?? null,
      unit,
      target,
      rule: describeRule(item),
      ruleKind: item.rule.kind,
      points: roundPoints(clamp(adjusted, evaluation.floor, evaluation.ceiling)),
      maxPoints: item.points,
      computedPoints: roundPoints(evaluation.points),
      ...(evaluation.passed !== undefined && { passed: evaluation.passed }),
      evidenceKind: evidenceKindOf(item),
      evidence: evaluation.inputs,
      adjustments,
      noData: evaluation.noData,
      ...(item.note !== undefined && { note: item.note }),
    };
  });
  const total = roundPoints(items.reduce((s, i) => s + i.points, 0));
  const failed = items.filter((i) => i.ruleKind === 'pass_fail' && i.passed === false).map((i) => i.itemId);
  return {
    presetId: preset.id,
    presetName: preset.name,
    total,
    maxPoints: preset.maxPoints,
    items,
    outcome: outcomeOf(preset.outcome, total, failed, context),
  };
}
