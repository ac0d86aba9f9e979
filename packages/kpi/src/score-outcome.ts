import type { OutcomeRule } from './preset-schema.js';

/** What a month's score means for the operator's fee. */
export type ScoreOutcome =
  | {
      readonly kind: 'payout';
      /** Share of the performance amount paid (Haikou: >= 90 pays 1, 80-90 0.85...). */
      readonly payoutRatio: number;
      readonly band: string;
    }
  | {
      readonly kind: 'fee_deduction';
      /** The month scored below the pass mark. */
      readonly failed: boolean;
      /** 1 for the first failed month of the settlement period, 2 for the second... `null` when not failed. */
      readonly failedMonthRank: number | null;
      readonly action: 'none' | 'rectification' | 'fee_deduction';
      /** Share of the month's fee deducted. */
      readonly deductionRatio: number;
      readonly reason: string;
      /** True when the caller did not say how many months failed before in the period (0 was assumed). */
      readonly assumedNoPriorFailures: boolean;
    }
  | { readonly kind: 'pass_fail'; readonly passed: boolean; readonly failedItemIds: readonly string[] }
  | { readonly kind: 'none' };

export interface OutcomeContext {
  /** Months of the same settlement period, before this one, that scored below the pass mark. */
  readonly priorFailedMonthsInPeriod?: number;
}

/** Decides the outcome from the displayed (rounded) total. */
export function outcomeOf(
  rule: OutcomeRule,
  total: number,
  failedPassFailItemIds: readonly string[],
  context: OutcomeContext = {},
): ScoreOutcome {
  switch (rule.kind) {
    case 'payout_bands': {
      const i = rule.bands.findIndex((b) => total >= b.minScore);
      const band = rule.bands[i];
      if (!band) {
        const lowest = rule.bands.at(-1)?.minScore ?? 0;
        return { kind: 'payout', payoutRatio: rule.belowPayoutRatio, band: `< ${lowest}` };
      }
      const upper = i > 0 ? rule.bands[i - 1]?.minScore : undefined;
      return { kind: 'payout', payoutRatio: band.payoutRatio, band: upper === undefined ? `>= ${band.minScore}` : `${band.minScore} <= score < ${upper}` };
    }
    case 'fee_deduction_escalation': {
      const assumedNoPriorFailures = context.priorFailedMonthsInPeriod === undefined;
      if (total >= rule.failBelow) {
        return { kind: 'fee_deduction', failed: false, failedMonthRank: null, action: 'none', deductionRatio: 0, reason: `score ${total} >= ${rule.failBelow}`, assumedNoPriorFailures };
      }
      const rank = (context.priorFailedMonthsInPeriod ?? 0) + 1;
      const step = rule.ladder[Math.min(rank, rule.ladder.length) - 1] ?? { action: 'fee_deduction' as const, deductionRatio: 0 };
      const ordinal = `failed month no. ${rank} of the settlement period (score ${total} < ${rule.failBelow})`;
      if (total < rule.severeBelow && rule.severeDeductionRatio > step.deductionRatio) {
        return {
          kind: 'fee_deduction',
          failed: true,
          failedMonthRank: rank,
          action: 'fee_deduction',
          deductionRatio: rule.severeDeductionRatio,
          reason: `score ${total} < ${rule.severeBelow}; ${ordinal}`,
          assumedNoPriorFailures,
        };
      }
      return { kind: 'fee_deduction', failed: true, failedMonthRank: rank, action: step.action, deductionRatio: step.deductionRatio, reason: ordinal, assumedNoPriorFailures };
    }
    case 'all_must_pass':
      return { kind: 'pass_fail', passed: failedPassFailItemIds.length === 0, failedItemIds: failedPassFailItemIds };
    case 'none':
      return { kind: 'none' };
  }
}
