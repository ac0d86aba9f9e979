import type { KpiValue } from './kpi-value.js';
import { count, maxMs, meanMs, ratio } from './kpi-value.js';
import type { VoiceCounters } from './voice-counters.js';
import { thresholdKey } from './voice-counters.js';
import type { SatisfactionAnswer, VoiceSettings } from './voice-settings.js';

/** `serviceLevel15s`, `serviceLevel30s`...: the KPI name of a service-level threshold. */
export type ServiceLevelKey = `serviceLevel${number}s`;

export function serviceLevelKey(thresholdMs: number): ServiceLevelKey {
  return `serviceLevel${thresholdMs / 1000}s`;
}

export interface ServiceLevelKpi {
  readonly thresholdMs: number;
  readonly key: ServiceLevelKey;
  /** answered with wait <= threshold / offered (15秒接通率, 30秒接通率). */
  readonly kpi: KpiValue;
}

/** Every voice KPI of KPIS.md for one set of counters (any interval, queue or agent). */
export interface VoiceKpis {
  /** Calls that entered a queue, out of the calls that arrived. */
  readonly offered: KpiValue;
  readonly answered: KpiValue;
  readonly abandoned: KpiValue;
  /** 接通率: answered / offered. */
  readonly answerRate: KpiValue;
  /** One per configured threshold, ascending. */
  readonly serviceLevels: readonly ServiceLevelKpi[];
  /** (abandoned - short abandons) / (offered - short abandons). */
  readonly abandonRate: KpiValue;
  /** Mean wait of answered calls. */
  readonly asaMs: KpiValue;
  /** Longest wait of an answered call. */
  readonly longestWaitMs: KpiValue;
  /** 平均处理时长: (talk + hold + ACW) / handled calls. */
  readonly ahtMs: KpiValue;
  /** 平均呼叫后处理时长: ACW / handled calls. */
  readonly acwMeanMs: KpiValue;
  /** IVR满意度: satisfied answers (per setting) / survey answers (no_answer excluded). */
  readonly satisfaction: KpiValue;
  /** 挂机满意度: (satisfied answers + no_answer) / surveyed: no answer counts as satisfied. */
  readonly hangUpSatisfaction: KpiValue;
  /** 漏接回拨率: abandoned calls called back / abandoned calls. */
  readonly missedCallCallbackRate: KpiValue;
  /** 话务质检率: recordings reviewed / recordings. */
  readonly qaSamplingRate: KpiValue;
}

function satisfiedCount(c: VoiceCounters, answers: readonly SatisfactionAnswer[]): number {
  const byAnswer: Record<SatisfactionAnswer, number> = {
    satisfied: c.surveySatisfied,
    basically_satisfied: c.surveyBasicallySatisfied,
    dissatisfied: c.surveyDissatisfied,
  };
  return [...new Set(answers)].reduce((sum, a) => sum + byAnswer[a], 0);
}

/** Thrown when the settings ask for a threshold the counters were not rolled up with. */
export class MissingThresholdError extends Error {
  override readonly name = 'MissingThresholdError';
}

export function voiceKpis(
  c: VoiceCounters,
  settings: Pick<VoiceSettings, 'serviceLevelThresholdsMs' | 'satisfiedAnswers'>,
): VoiceKpis {
  const serviceLevels = [...settings.serviceLevelThresholdsMs]
    .sort((a, b) => a - b)
    .map((thresholdMs): ServiceLevelKpi => {
      const within = c.answeredWithin[thresholdKey(thresholdMs)];
      if (within === undefined) {
        throw new MissingThresholdError(`counters carry no service level for ${thresholdMs} ms; re-roll them from the facts`);
      }
      return { thresholdMs, key: serviceLevelKey(thresholdMs), kpi: ratio(within, c.offered) };
    });
  const satisfied = satisfiedCount(c, settings.satisfiedAnswers);
  const surveyAnswers = c.surveyed - c.surveyNoAnswer;
  return {
    offered: count(c.offered, c.arrived),
    answered: count(c.answered, c.offered),
    abandoned: count(c.abandoned, c.offered),
    answerRate: ratio(c.answered, c.offered),
    serviceLevels,
    abandonRate: ratio(c.abandoned - c.shortAbandoned, c.offered - c.shortAbandoned),
    asaMs: meanMs(c.waitSumMs, c.answered),
    longestWaitMs: maxMs(c.waitMaxMs, c.answered),
    ahtMs: meanMs(c.talkMs + c.holdMs + c.acwMs, c.handled),
    acwMeanMs: meanMs(c.acwMs, c.handled),
    satisfaction: ratio(satisfied, surveyAnswers),
    hangUpSatisfaction: ratio(satisfied + c.surveyNoAnswer, c.surveyed),
    missedCallCallbackRate: ratio(c.abandonedCalledBack, c.abandoned),
    qaSamplingRate: ratio(c.recordingsReviewed, c.recordings),
  };
}
