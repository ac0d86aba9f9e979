import { describe, expect, it } from 'vitest';
import * as sla from './index.js';

describe('@hotline/sla public API', () => {
  it('exports the clock and the rules', () => {
    for (const name of ['addBusinessTime', 'businessTimeBetween', 'addWallTime', 'dueStatus', 'slaDue', 'defineSlaRuleSet']) {
      expect(typeof (sla as Record<string, unknown>)[name]).toBe('function');
    }
    expect(sla.DEFAULT_SLA_RULE_SET.callback).toEqual({ clock: 'business', amount: 24, unit: 'hours' });
  });
});
