import { describe, expect, it } from 'vitest';
import { itemSchema } from './preset-schema.js';
import { describeRule, formatFigure } from './rule-text.js';

const text = (points: number, rule: Record<string, unknown>, allowAdjustments = false): string =>
  describeRule(itemSchema.parse({ id: 'x', label: 'x', points, rule, allowAdjustments }));

describe('formatFigure', () => {
  it('ratios as percentages, ms as seconds', () => {
    expect(formatFigure(0.95, 'ratio')).toBe('95 %');
    expect(formatFigure(0.995, 'ratio')).toBe('99.5 %');
    expect(formatFigure(0.0001, 'ratio')).toBe('0.01 %');
    expect(formatFigure(300_000, 'ms')).toBe('300 s');
    expect(formatFigure(3, 'count')).toBe('3');
  });
});

describe('describeRule', () => {
  it('linear', () => {
    expect(text(10, { kind: 'linear', kpi: 'answerRate', target: 0.95, perPointBelow: 1 })).toBe(
      '10 pts at answerRate >= 95 %; -1 per percentage point below (pro-rated); not below 0; no data: full points',
    );
    expect(text(3, { kind: 'linear', kpi: 'fcr', target: 0.8, perPointBelow: 0.5, perPointAbove: 0.2, maxBonus: 2 })).toBe(
      '3 pts at fcr >= 80 %; -0.5 per percentage point below (pro-rated), +0.2 per point above (max +2); not below 0; no data: full points',
    );
    expect(text(2, { kind: 'linear', kpi: 'utilisation', target: 0.7, perPointBelow: 0.2 }, true)).toMatch(/; supervisor deductions also apply$/);
  });
  it('lower is better', () => {
    expect(text(3, { kind: 'linear_lower_is_better', kpi: 'ahtMs', target: 300_000, step: 5_000, perStepAbove: 0.2 })).toBe(
      '3 pts at ahtMs <= 300 s; -0.2 per 5 s above (pro-rated); not below 0',
    );
  });
  it('threshold and pass/fail', () => {
    expect(text(10, { kind: 'threshold', kpi: 'complaintRate', comparator: '<', target: 0.0001 })).toBe('10 pts if complaintRate < 0.01 %, else 0');
    expect(text(1, { kind: 'pass_fail', kpi: 'serviceLevel30s', comparator: '>=', target: 0.95 })).toBe('pass if serviceLevel30s >= 95 % (1 pts), else fail');
  });
  it('per event and manual', () => {
    expect(text(5, { kind: 'per_event_deduction', events: ['lateCallbacks', 'staleSuspended'], perEvent: 0.5 })).toBe(
      '5 pts; -0.5 per event (lateCallbacks + staleSuspended); not below 0',
    );
    expect(text(0, { kind: 'manual', start: 0, min: -3, max: 3 })).toBe('entered by a supervisor: starts at 0, within -3..3');
  });
});
