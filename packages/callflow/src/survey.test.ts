import { describe, expect, it } from 'vitest';
import { DEFAULT_SURVEY_MAPPING, NO_ANSWER, surveyResultFromDigit } from './survey.js';

describe('surveyResultFromDigit', () => {
  it.each([
    ['1', 'satisfied'],
    ['2', 'basically_satisfied'],
    ['3', 'dissatisfied'],
  ])('default mapping: %s -> %s', (digit, result) => {
    expect(surveyResultFromDigit(digit)).toBe(result);
  });

  it('no key or a hangup is no_answer', () => {
    expect(surveyResultFromDigit(undefined)).toBe(NO_ANSWER);
    expect(surveyResultFromDigit(null)).toBe('no_answer');
  });

  it('an unmapped key is no_answer, including inherited object keys', () => {
    expect(surveyResultFromDigit('9')).toBe('no_answer');
    expect(surveyResultFromDigit('toString')).toBe('no_answer');
  });

  it('takes a site mapping', () => {
    const fiveLevels = { '1': 'very_satisfied', '2': 'satisfied', '3': 'neutral', '4': 'dissatisfied', '5': 'very_dissatisfied' } as const;
    expect(surveyResultFromDigit('4', fiveLevels)).toBe('dissatisfied');
    expect(surveyResultFromDigit('6', fiveLevels)).toBe('no_answer');
  });

  it('exposes the default mapping', () => {
    expect(DEFAULT_SURVEY_MAPPING).toEqual({ '1': 'satisfied', '2': 'basically_satisfied', '3': 'dissatisfied' });
  });
});
