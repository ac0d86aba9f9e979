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

/**
 * The agent states whose time agent_state_rollups_all keeps for all agents, and their columns
 * (migrations/0013): every state but signed_out. The aggregator writes them, the API sums them.
 */
export const AGENT_STATE_ROLLUP_ALL_COLUMNS = [
  ['ready', 'ready_ms'], ['not_ready', 'not_ready_ms'], ['reserved', 'reserved_ms'], ['on_call', 'on_call_ms'],
  ['wrap_up', 'wrap_up_ms'], ['break', 'break_ms'],
] as const;
