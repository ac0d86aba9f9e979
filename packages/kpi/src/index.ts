// @hotline/kpi: KPI formulas and scorecard rules of KPIS.md. Pure (facts in,
// figures and points out) except preset-loader.ts, which reads presets/*.json.

export type { KpiUnit, KpiValue } from './kpi-value.js';
export { count, maxMs, meanMs, ratio } from './kpi-value.js';
export { roundPoints, roundTo, snap } from './rounding.js';

export type { Granularity, LocalDay, LocalMonth } from './time-buckets.js';
export {
  DEFAULT_TIME_ZONE,
  assertTimeZone,
  bucketStart,
  bucketsBetween,
  daysInMonth,
  daysOfMonth,
  localDayOf,
  localMonthOf,
  monthRange,
} from './time-buckets.js';

export type { CallFact, SurveyAnswer } from './call-fact.js';
export { SURVEY_ANSWERS, callFactSchema, isAbandoned, isAnswered, isOffered, waitOf } from './call-fact.js';
export type { SatisfactionAnswer, VoiceSettings, VoiceSettingsInput } from './voice-settings.js';
export { DEFAULT_VOICE_SETTINGS, SATISFACTION_ANSWERS, resolveVoiceSettings, voiceSettingsSchema } from './voice-settings.js';
export type { RollupKey } from './rollup-key.js';
export { rollupKeyOf } from './rollup-key.js';
export type { VoiceCounters } from './voice-counters.js';
export { CounterShapeError, countersOf, emptyVoiceCounters, mergeCounters, sumCounters, thresholdKey } from './voice-counters.js';
export type { ServiceLevelKey, ServiceLevelKpi, VoiceKpis } from './voice-kpis.js';
export { MissingThresholdError, serviceLevelKey, voiceKpis } from './voice-kpis.js';

export type { AgentCounters } from './agent-kpis.js';
export { EMPTY_AGENT_COUNTERS, agentUtilisation, mergeAgentCounters } from './agent-kpis.js';
export type { AvailabilityCounters, MeasuredPeriod, PlatformComponent, UpMinutes } from './availability.js';
export { PLATFORM_COMPONENTS, availability, availabilityOfMinutes, measuredUntil, mergeAvailability } from './availability.js';
export type { ComplianceDay, ComplianceDaysResult, DailyAnswerCounts } from './compliance-days.js';
export { DayOutsideMonthError, complianceDays } from './compliance-days.js';

export type { ChannelCounters, TicketCounters } from './ticket-counters.js';
export { EMPTY_TICKET_COUNTERS, mergeTicketCounters, sumTicketCounters } from './ticket-counters.js';
export type { ReturnReview, TicketFact, TicketSettings } from './ticket-fact.js';
export { DEFAULT_TICKET_SETTINGS, ticketCountersOf } from './ticket-fact.js';
export type { TicketKpis } from './ticket-kpis.js';
export { ticketKpis } from './ticket-kpis.js';

export type { EvidenceKind, KpiKey, KpiSet, KpiSources, NamedKpiKey } from './kpi-set.js';
export { KPI_CATALOG, isKpiKey, kpiInfo, toKpiSet } from './kpi-set.js';

export type {
  Comparator,
  OutcomeRule,
  PartialSteps,
  Rule,
  RuleKind,
  ScorecardItem,
  ScorecardPreset,
  ScorecardPresetInput,
} from './preset-schema.js';
export { PresetError, formatJsonPath, parsePreset, presetSchema, ruleSchema } from './preset-schema.js';
export type { RuleEvaluation } from './rule-evaluation.js';
export { MissingKpiError, evaluateRule } from './rule-evaluation.js';
export { describeRule, formatFigure } from './rule-text.js';
export type { OutcomeContext, ScoreOutcome } from './score-outcome.js';
export { outcomeOf } from './score-outcome.js';
export type { ManualAdjustment, ScoreResult, ScoredItem } from './score-month.js';
export { ScorecardInputError, scoreMonth } from './score-month.js';
export type { PresetId } from './preset-loader.js';
export { PRESET_DIR, PRESET_IDS, listPresetIds, loadPreset } from './preset-loader.js';
export { ticketCountersFromMap, ticketCountersToMap } from './ticket-counter-map.js';
