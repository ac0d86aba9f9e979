import { z } from 'zod';
import { isKpiKey, kpiInfo } from './kpi-set.js';
import type { KpiKey } from './kpi-set.js';
import type { KpiUnit } from './kpi-value.js';

/**
 * Scorecard presets are data (packages/kpi/presets/*.json), validated here.
 *
 * Points arithmetic: figures stay ratios (0.95, never 95); a "percentage
 * point" is 0.01 of a ratio. Partial steps are pro-rated by default (94.5 %
 * against a 95 % target with -1 per point costs 0.5): the seeds say "每低1%
 * 扣1分" without saying whether a fraction of a point counts, so the exact
 * reading is the default and `partial: "floor" | "ceil"` is the setting for a
 * site that counts whole steps only. Points are rounded to 2 decimals once,
 * per item, at the end; the total is the sum of the rounded item points.
 */

const kpiKey = z.string().refine(isKpiKey, { message: 'unknown KPI name' }).transform((k) => k as KpiKey);

/** How a fraction of a step counts: pro-rated (default), only whole steps (floor), or any started step (ceil). */
export const partialSchema = z.enum(['prorate', 'floor', 'ceil']).default('prorate');
export type PartialSteps = z.output<typeof partialSchema>;

/** When the KPI has no data (zero denominator): full points / pass (default) or zero / fail. */
const whenNoData = z.enum(['full', 'zero']).default('full');

export const linearRuleSchema = z.strictObject({
  kind: z.literal('linear'),
  kpi: kpiKey,
  /** A ratio (0.95 for 95 %); full points at or above it. */
  target: z.number().min(0).max(1),
  /** Points lost per percentage point below the target. */
  perPointBelow: z.number().nonnegative(),
  /** Points gained per percentage point above the target (bonus). */
  perPointAbove: z.number().nonnegative().default(0),
  maxBonus: z.number().nonnegative().default(0),
  /** Cap on the deduction; default the item's points (the item never goes below 0). */
  maxDeduction: z.number().nonnegative().optional(),
  partial: partialSchema,
  whenNoData,
});

export const lowerIsBetterRuleSchema = z.strictObject({
  kind: z.literal('linear_lower_is_better'),
  kpi: kpiKey,
  /** In the KPI's unit (ms for AHT: 300000). Full points at or below it. */
  target: z.number().nonnegative(),
  /** In the KPI's unit (5000 ms for "per 5 s"; 0.01 for a percentage point). */
  step: z.number().positive(),
  perStepAbove: z.number().nonnegative(),
  maxDeduction: z.number().nonnegative().optional(),
  partial: partialSchema,
  whenNoData,
});

export const comparatorSchema = z.enum(['>=', '>', '<=', '<']);
export type Comparator = z.output<typeof comparatorSchema>;

/** All or nothing: the item's points when the comparison holds, else 0. */
export const thresholdRuleSchema = z.strictObject({
  kind: z.literal('threshold'),
  kpi: kpiKey,
  comparator: comparatorSchema,
  target: z.number(),
  whenNoData,
});

/** Like threshold, and the item counts for an "all items must pass" outcome (Jiangdu). */
export const passFailRuleSchema = z.strictObject({
  kind: z.literal('pass_fail'),
  kpi: kpiKey,
  comparator: comparatorSchema,
  target: z.number(),
  whenNoData,
});

/** Each event (late dispatch, late callback...) costs `perEvent` points, capped. */
export const perEventRuleSchema = z.strictObject({
  kind: z.literal('per_event_deduction'),
  /** Count KPIs whose values are added up (e.g. lateCallbacks + staleSuspended). */
  events: z.array(kpiKey).min(1),
  perEvent: z.number().positive(),
  maxDeduction: z.number().nonnegative().optional(),
});

/**
 * Entered by a supervisor as signed adjustments with a reason. The item
 * starts at `start` (default: its points) and stays within [min, max]
 * (default [0, points]); a bonus-only item starts at 0.
 */
export const manualRuleSchema = z.strictObject({
  kind: z.literal('manual'),
  start: z.number().optional(),
  min: z.number().optional(),
  max: z.number().optional(),
});

export const ruleSchema = z.discriminatedUnion('kind', [
  linearRuleSchema,
  lowerIsBetterRuleSchema,
  thresholdRuleSchema,
  passFailRuleSchema,
  perEventRuleSchema,
  manualRuleSchema,
]);
export type Rule = z.output<typeof ruleSchema>;
export type RuleKind = Rule['kind'];

export const itemSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'item ids are kebab-case'),
  label: z.string().min(1),
  labelZh: z.string().min(1).optional(),
  group: z.string().min(1).optional(),
  /** The item's nominal points: what it contributes to the preset's maxPoints. */
  points: z.number().nonnegative(),
  rule: ruleSchema,
  /** Computed items that the seed also lets a supervisor deduct from by hand. */
  allowAdjustments: z.boolean().default(false),
  note: z.string().optional(),
});
export type ScorecardItem = z.output<typeof itemSchema>;

const payoutBandsSchema = z.strictObject({
  kind: z.literal('payout_bands'),
  /** Highest first; `minScore` inclusive (80 <= score < 90 pays 85 %). */
  bands: z.array(z.strictObject({ minScore: z.number(), payoutRatio: z.number().min(0).max(1) })).min(1),
  /** Paid below the lowest band. */
  belowPayoutRatio: z.number().min(0).max(1),
});

const feeDeductionSchema = z.strictObject({
  kind: z.literal('fee_deduction_escalation'),
  /** A month scoring below this is a failed month. */
  failBelow: z.number(),
  /** By the failed month's rank in the settlement period (1st, 2nd, 3rd...; the last repeats). */
  ladder: z
    .array(z.strictObject({ action: z.enum(['rectification', 'fee_deduction']), deductionRatio: z.number().min(0).max(1) }))
    .min(1),
  /** Any month below this costs `severeDeductionRatio` regardless of rank. */
  severeBelow: z.number(),
  severeDeductionRatio: z.number().min(0).max(1),
});

const allMustPassSchema = z.strictObject({ kind: z.literal('all_must_pass') });
const noOutcomeSchema = z.strictObject({ kind: z.literal('none') });

export const outcomeRuleSchema = z.discriminatedUnion('kind', [payoutBandsSchema, feeDeductionSchema, allMustPassSchema, noOutcomeSchema]);
export type OutcomeRule = z.output<typeof outcomeRuleSchema>;

const RULE_UNITS: Record<Exclude<RuleKind, 'manual' | 'per_event_deduction'>, readonly KpiUnit[]> = {
  linear: ['ratio'],
  linear_lower_is_better: ['ratio', 'ms'],
  threshold: ['ratio', 'ms', 'count'],
  pass_fail: ['ratio', 'ms', 'count'],
};

export const presetSchema = z
  .strictObject({
    id: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/),
    name: z.string().min(1),
    nameZh: z.string().optional(),
    /** The seed file the rules come from. */
    source: z.string().min(1),
    maxPoints: z.number().nonnegative(),
    items: z.array(itemSchema).min(1),
    outcome: outcomeRuleSchema,
    notes: z.array(z.string()).default([]),
  })
  .superRefine((preset, ctx) => {
    const seen = new Set<string>();
    preset.items.forEach((item, i) => {
      if (seen.has(item.id)) ctx.addIssue({ code: 'custom', path: ['items', i, 'id'], message: `duplicate item id "${item.id}"` });
      seen.add(item.id);
      const rule = item.rule;
      if (rule.kind === 'manual') {
        const min = rule.min ?? 0;
        const max = rule.max ?? item.points;
        const start = rule.start ?? item.points;
        if (!(min <= start && start <= max)) {
          ctx.addIssue({ code: 'custom', path: ['items', i, 'rule'], message: `needs min <= start <= max, got ${min} <= ${start} <= ${max}` });
        }
      } else if (rule.kind === 'per_event_deduction') {
        rule.events.forEach((k, j) => {
          if (kpiInfo(k)?.unit !== 'count') {
            ctx.addIssue({ code: 'custom', path: ['items', i, 'rule', 'events', j], message: `"${k}" is not a count KPI` });
          }
        });
      } else {
        const unit = kpiInfo(rule.kpi)?.unit;
        if (unit && !RULE_UNITS[rule.kind].includes(unit)) {
          ctx.addIssue({ code: 'custom', path: ['items', i, 'rule', 'kpi'], message: `a ${rule.kind} rule cannot use the ${unit} KPI "${rule.kpi}"` });
        }
      }
    });
    const sum = preset.items.reduce((s, it) => s + it.points, 0);
    if (Math.abs(sum - preset.maxPoints) > 1e-9) {
      ctx.addIssue({ code: 'custom', path: ['maxPoints'], message: `items add up to ${sum}, not ${preset.maxPoints}` });
    }
    if (preset.outcome.kind === 'payout_bands') {
      const mins = preset.outcome.bands.map((b) => b.minScore);
      if (mins.some((m, i) => i > 0 && m >= (mins[i - 1] ?? Infinity))) {
        ctx.addIssue({ code: 'custom', path: ['outcome', 'bands'], message: 'bands must be ordered by minScore, highest first' });
      }
    }
  });

export type ScorecardPreset = z.output<typeof presetSchema>;
export type ScorecardPresetInput = z.input<typeof presetSchema>;

/** Thrown for an invalid preset; the message names the JSON path of each problem. */
export class PresetError extends Error {
  override readonly name = 'PresetError';
  constructor(
    message: string,
    readonly issues: readonly { readonly path: string; readonly message: string }[] = [],
  ) {
    super(message);
  }
}

/** `items[3].rule.target` */
export function formatJsonPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((out, seg) => (typeof seg === 'number' ? `${out}[${seg}]` : out ? `${out}.${String(seg)}` : String(seg)), '') || '(root)';
}

/** Validates parsed JSON as a preset; `source` names it in errors (a file name). */
export function parsePreset(json: unknown, source = 'preset'): ScorecardPreset {
  const result = presetSchema.safeParse(json);
  if (result.success) return result.data;
  const issues = result.error.issues.map((i) => ({ path: formatJsonPath(i.path), message: i.message }));
  throw new PresetError(`${source} is not a valid scorecard preset:\n${issues.map((i) => `  ${i.path}: ${i.message}`).join('\n')}`, issues);
}
