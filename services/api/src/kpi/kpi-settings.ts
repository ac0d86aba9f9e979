import { kpiSettingsOf, loadConfig } from '@hotline/config';
import { resolveVoiceSettings, type VoiceSettings } from '@hotline/kpi';

/** The KPI settings the aggregator rolled up with, plus the read-side-only ones. */
export interface KpiReadSettings extends VoiceSettings {
  /** Count survey "no answer" as satisfied in the satisfaction rate (NO_ANSWER_COUNTS_AS_SATISFIED). */
  readonly noAnswerCountsAsSatisfied: boolean;
  readonly waitingAlert: number;
  readonly serviceLevelTarget: number;
}

export function kpiReadSettingsFromEnv(env: NodeJS.ProcessEnv = process.env): KpiReadSettings {
  const config = loadConfig(['site', 'kpi'], env);
  return {
    ...resolveVoiceSettings(kpiSettingsOf(config)),
    noAnswerCountsAsSatisfied: config.kpi.NO_ANSWER_COUNTS_AS_SATISFIED,
    waitingAlert: config.kpi.WALLBOARD_WAITING_ALERT,
    serviceLevelTarget: config.kpi.WALLBOARD_SL_TARGET,
  };
}
