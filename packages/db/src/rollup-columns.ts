/**
 * The additive VoiceCounters fields (packages/kpi) and their voice_rollups columns
 * (migrations/0002): the aggregator writes them, the API sums them. One list for both.
 */
export const VOICE_ROLLUP_SUMMED_COLUMNS = [
  ['arrived', 'arrived'], ['offered', 'offered'], ['answered', 'answered'], ['abandoned', 'abandoned'],
  ['shortAbandoned', 'short_abandoned'], ['waitSumMs', 'wait_sum_ms'], ['talkMs', 'talk_ms'], ['holdMs', 'hold_ms'],
  ['acwMs', 'acw_ms'], ['handled', 'handled'], ['surveyed', 'surveyed'], ['surveySatisfied', 'survey_satisfied'],
  ['surveyBasicallySatisfied', 'survey_basically_satisfied'], ['surveyDissatisfied', 'survey_dissatisfied'],
  ['surveyNoAnswer', 'survey_no_answer'], ['abandonedCalledBack', 'abandoned_called_back'], ['recordings', 'recordings'],
  ['recordingsReviewed', 'recordings_reviewed'],
] as const;
