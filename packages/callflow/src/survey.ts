/** The answers of the usual 12345 satisfaction survey (1 满意, 2 基本满意, 3 不满意). */
export type SurveyAnswer = 'satisfied' | 'basically_satisfied' | 'dissatisfied';

/** A caller who pressed no key, pressed one that means nothing, or hung up. Changsha counts it as satisfied (KPIS.md). */
export const NO_ANSWER = 'no_answer';

export const DEFAULT_SURVEY_MAPPING: Readonly<Record<string, SurveyAnswer>> = {
  '1': 'satisfied',
  '2': 'basically_satisfied',
  '3': 'dissatisfied',
};

/**
 * The survey result for the key the caller pressed (`lastAcceptedKey(state,
 * surveyMenuId)`), or `no_answer` when there was none or it is not mapped.
 */
export function surveyResultFromDigit<A extends string = SurveyAnswer>(
  digit: string | null | undefined,
  mapping: Readonly<Record<string, A>> = DEFAULT_SURVEY_MAPPING as Readonly<Record<string, A>>,
): A | typeof NO_ANSWER {
  if (digit === null || digit === undefined) return NO_ANSWER;
  return Object.hasOwn(mapping, digit) ? (mapping[digit] ?? NO_ANSWER) : NO_ANSWER;
}
