import { describe, expect, it } from 'vitest';
import { hours, minutes, workingDays } from './deadline.js';
import { DEFAULT_SLA_RULE_SET, defineSlaRuleSet, slaRuleSetSchema } from './rule-set.js';

describe('SLA rule set', () => {
  it('defaults to the seeds', () => {
    const rules = DEFAULT_SLA_RULE_SET;
    expect(rules.dispatch).toEqual({ phone: minutes(15), network: minutes(5), perChannel: {} });
    expect(rules.returnReview).toEqual({ normal: hours(3), urgent: minutes(30) });
    expect(rules.callback).toEqual(hours(24, 'business'));
    expect(rules.staleHold).toEqual(hours(48));
    expect(rules.department.consult).toEqual({ normal: workingDays(2) });
    for (const category of ['complaint', 'help', 'suggestion', 'report'] as const) {
      expect(rules.department[category]).toEqual({ normal: workingDays(4) });
    }
    expect(rules.clocks.business.excludedWindows).toEqual([
      ['12:00', '14:30'],
      ['22:00', '08:00'],
    ]);
    expect(rules.clocks.workday.excludedWeekdays).toEqual([6, 7]);
    expect(rules.clocks.workday.excludedWindows).toEqual([]);
  });

  it('overrides one field and keeps the other defaults', () => {
    const rules = defineSlaRuleSet({
      dispatch: { phone: workingDays(1) },
      clocks: { workday: { excludedDates: ['2025-10-01'] } },
      department: { complaint: { normal: workingDays(5), urgent: hours(24) } },
    });
    expect(rules.dispatch.phone).toEqual(workingDays(1));
    expect(rules.dispatch.network).toEqual(minutes(5));
    expect(rules.clocks.workday).toMatchObject({ excludedDates: ['2025-10-01'], excludedWeekdays: [6, 7], excludedWindows: [] });
    expect(rules.clocks.business.excludedWindows).toHaveLength(2);
    expect(rules.department.complaint).toEqual({ normal: workingDays(5), urgent: hours(24) });
    expect(rules.department.consult).toEqual({ normal: workingDays(2) });
  });

  it('rejects unknown channels and bad deadlines, naming the path', () => {
    const bad = slaRuleSetSchema.safeParse({ dispatch: { perChannel: { fax: minutes(5) } } });
    expect(bad.success).toBe(false);
    const negative = slaRuleSetSchema.safeParse({ callback: { clock: 'business', amount: -1, unit: 'hours' } });
    expect(negative.error?.issues[0]?.path).toEqual(['callback', 'amount']);
  });
});
