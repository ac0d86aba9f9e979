import { describe, expect, it } from 'vitest';
import type { OutcomeRule } from './preset-schema.js';
import { outcomeOf } from './score-outcome.js';

const haikou: OutcomeRule = {
  kind: 'payout_bands',
  bands: [
    { minScore: 90, payoutRatio: 1 },
    { minScore: 80, payoutRatio: 0.85 },
    { minScore: 70, payoutRatio: 0.7 },
    { minScore: 60, payoutRatio: 0.5 },
  ],
  belowPayoutRatio: 0,
};
const zhengzhou: OutcomeRule = {
  kind: 'fee_deduction_escalation',
  failBelow: 90,
  ladder: [
    { action: 'rectification', deductionRatio: 0 },
    { action: 'fee_deduction', deductionRatio: 0.05 },
    { action: 'fee_deduction', deductionRatio: 0.1 },
  ],
  severeBelow: 85,
  severeDeductionRatio: 0.1,
};

describe('payout bands (Haikou)', () => {
  it.each([
    [110, 1, '>= 90'],
    [90, 1, '>= 90'],
    [89.99, 0.85, '80 <= score < 90'],
    [80, 0.85, '80 <= score < 90'],
    [79.99, 0.7, '70 <= score < 80'],
    [70, 0.7, '70 <= score < 80'],
    [69.99, 0.5, '60 <= score < 70'],
    [60, 0.5, '60 <= score < 70'],
    [59.99, 0, '< 60'],
  ])('%s pays %s', (total, payoutRatio, band) => {
    expect(outcomeOf(haikou, total, [])).toEqual({ kind: 'payout', payoutRatio, band });
  });
});

describe('fee deduction escalation (Zhengzhou)', () => {
  it('90 and above: nothing', () => {
    expect(outcomeOf(zhengzhou, 90, [], { priorFailedMonthsInPeriod: 2 })).toMatchObject({ failed: false, action: 'none', deductionRatio: 0, failedMonthRank: null });
  });
  it('first month below 90: rectification only', () => {
    expect(outcomeOf(zhengzhou, 89.99, [], { priorFailedMonthsInPeriod: 0 })).toMatchObject({
      failed: true,
      failedMonthRank: 1,
      action: 'rectification',
      deductionRatio: 0,
      assumedNoPriorFailures: false,
    });
  });
  it('second: 5 %; third and later: 10 %', () => {
    expect(outcomeOf(zhengzhou, 88, [], { priorFailedMonthsInPeriod: 1 })).toMatchObject({ failedMonthRank: 2, action: 'fee_deduction', deductionRatio: 0.05 });
    expect(outcomeOf(zhengzhou, 88, [], { priorFailedMonthsInPeriod: 2 })).toMatchObject({ failedMonthRank: 3, deductionRatio: 0.1 });
    expect(outcomeOf(zhengzhou, 88, [], { priorFailedMonthsInPeriod: 5 })).toMatchObject({ failedMonthRank: 6, deductionRatio: 0.1 });
  });
  it('any month below 85 costs 10 %, even the first; exactly 85 does not', () => {
    expect(outcomeOf(zhengzhou, 84.99, [], { priorFailedMonthsInPeriod: 0 })).toMatchObject({ failedMonthRank: 1, action: 'fee_deduction', deductionRatio: 0.1 });
    expect(outcomeOf(zhengzhou, 85, [], { priorFailedMonthsInPeriod: 0 })).toMatchObject({ action: 'rectification', deductionRatio: 0 });
  });
  it('says when the history was not given', () => {
    expect(outcomeOf(zhengzhou, 89, [])).toMatchObject({ failedMonthRank: 1, assumedNoPriorFailures: true });
  });
});

describe('all must pass (Jiangdu) and none', () => {
  it('passes only without failed items', () => {
    expect(outcomeOf({ kind: 'all_must_pass' }, 7, [])).toEqual({ kind: 'pass_fail', passed: true, failedItemIds: [] });
    expect(outcomeOf({ kind: 'all_must_pass' }, 6, ['answer-rate-30s'])).toEqual({ kind: 'pass_fail', passed: false, failedItemIds: ['answer-rate-30s'] });
  });
  it('none', () => {
    expect(outcomeOf({ kind: 'none' }, 50, [])).toEqual({ kind: 'none' });
  });
});
