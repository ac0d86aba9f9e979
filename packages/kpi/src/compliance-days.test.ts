import { describe, expect, it } from 'vitest';
import type { DailyAnswerCounts } from './compliance-days.js';
import { DayOutsideMonthError, complianceDays } from './compliance-days.js';

const good: DailyAnswerCounts = { offered: 100, answered: 95 }; // exactly 95 %
const bad: DailyAnswerCounts = { offered: 100, answered: 94 }; // one call under

describe('complianceDays', () => {
  it('a day at exactly 95 % is compliant, one call under is not', () => {
    const r = complianceDays('2024-04', { '2024-04-01': good, '2024-04-02': bad });
    expect(r.days[0]?.compliant).toBe(true);
    expect(r.days[1]).toMatchObject({ compliant: false, answerRate: 0.94 });
  });
  it('30-day month: 2 bad days -> 28 / 30', () => {
    const r = complianceDays('2024-04', new Map([['2024-04-01', bad], ['2024-04-30', bad], ['2024-04-15', good]]));
    expect(r.kpi).toEqual({ value: 28 / 30, numerator: 28, denominator: 30, unit: 'ratio' });
    expect(r.days).toHaveLength(30);
  });
  it('31-day month: 2 bad days -> 29 / 31', () => {
    expect(complianceDays('2024-01', { '2024-01-01': bad, '2024-01-31': bad }).kpi).toMatchObject({ numerator: 29, denominator: 31 });
  });
  it('28-day month: 2 bad days -> 26 / 28; leap February has 29', () => {
    expect(complianceDays('2023-02', { '2023-02-01': bad, '2023-02-28': bad }).kpi).toMatchObject({ numerator: 26, denominator: 28 });
    expect(complianceDays('2024-02', { '2024-02-29': bad }).kpi).toMatchObject({ numerator: 28, denominator: 29 });
  });
  it('a day with no offered calls is compliant, given or absent', () => {
    const r = complianceDays('2024-04', { '2024-04-03': { offered: 0, answered: 0 } });
    expect(r.days[2]).toMatchObject({ localDay: '2024-04-03', answerRate: null, compliant: true });
    expect(r.kpi.value).toBe(1);
  });
  it('the target is a setting', () => {
    expect(complianceDays('2024-04', { '2024-04-02': bad }, 0.94).kpi.numerator).toBe(30);
  });
  it('a day outside the month is an error', () => {
    expect(() => complianceDays('2024-04', { '2024-05-01': good })).toThrow(DayOutsideMonthError);
  });
});
