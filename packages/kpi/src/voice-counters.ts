import type { CallFact } from './call-fact.js';
import { isAbandoned, isAnswered, waitOf } from './call-fact.js';
import type { VoiceSettings } from './voice-settings.js';

/**
 * Additive counters of inbound calls. Rollups per 15-minute interval per
 * queue and per agent store these; any longer period is the sum of its
 * rollups (`mergeCounters`), never a rescan of raw facts. Every field is a
 * sum except `waitMaxMs`, a maximum (also mergeable).
 */
export interface VoiceCounters {
  /** Calls that entered the Stasis application (IVR-only calls included). */
  readonly arrived: number;
  /** Calls that entered a queue (呼入总量). */
  readonly offered: number;
  /** Offered calls answered by an agent. */
  readonly answered: number;
  /**
   * Answered calls with wait <= threshold, keyed by the threshold in ms as a
   * decimal string ("15000"). Inclusive: exactly 15 000 ms is within 15 s.
   */
  readonly answeredWithin: Readonly<Record<string, number>>;
  /** Offered calls the caller hung up on while queued. */
  readonly abandoned: number;
  /** Abandoned with wait < `shortAbandonMs` (0 when the setting is 0). */
  readonly shortAbandoned: number;
  /** Sum and max of the waits of answered calls. */
  readonly waitSumMs: number;
  readonly waitMaxMs: number;
  readonly talkMs: number;
  readonly holdMs: number;
  readonly acwMs: number;
  /** Calls an agent answered (with or without a queue): the AHT denominator. */
  readonly handled: number;
  /** Calls with a survey outcome, `no_answer` included. */
  readonly surveyed: number;
  readonly surveySatisfied: number;
  readonly surveyBasicallySatisfied: number;
  readonly surveyDissatisfied: number;
  readonly surveyNoAnswer: number;
  /** Abandoned calls that were called back (漏接回拨). */
  readonly abandonedCalledBack: number;
  readonly recordings: number;
  /** Recordings reviewed by QA. */
  readonly recordingsReviewed: number;
}

/** The key of a threshold in `answeredWithin`. */
export function thresholdKey(thresholdMs: number): string {
  return String(thresholdMs);
}

/** The neutral element of `mergeCounters` for the given thresholds. */
export function emptyVoiceCounters(serviceLevelThresholdsMs: readonly number[]): VoiceCounters {
  return {
    arrived: 0,
    offered: 0,
    answered: 0,
    answeredWithin: Object.fromEntries(serviceLevelThresholdsMs.map((t) => [thresholdKey(t), 0])),
    abandoned: 0,
    shortAbandoned: 0,
    waitSumMs: 0,
    waitMaxMs: 0,
    talkMs: 0,
    holdMs: 0,
    acwMs: 0,
    handled: 0,
    surveyed: 0,
    surveySatisfied: 0,
    surveyBasicallySatisfied: 0,
    surveyDissatisfied: 0,
    surveyNoAnswer: 0,
    abandonedCalledBack: 0,
    recordings: 0,
    recordingsReviewed: 0,
  };
}

const one = (b: boolean): number => (b ? 1 : 0);

/** The counters of one call. */
export function countersOf(
  fact: CallFact,
  settings: Pick<VoiceSettings, 'serviceLevelThresholdsMs' | 'shortAbandonMs'>,
): VoiceCounters {
  const offered = fact.queuedAt != null;
  const answered = isAnswered(fact);
  const abandoned = isAbandoned(fact);
  const wait = waitOf(fact) ?? 0;
  const answeredWait = answered ? wait : 0;
  return {
    arrived: 1,
    offered: one(offered),
    answered: one(answered),
    answeredWithin: Object.fromEntries(
      settings.serviceLevelThresholdsMs.map((t) => [thresholdKey(t), one(answered && wait <= t)]),
    ),
    abandoned: one(abandoned),
    shortAbandoned: one(abandoned && wait < settings.shortAbandonMs),
    waitSumMs: answeredWait,
    waitMaxMs: answeredWait,
    talkMs: fact.talkMs,
    holdMs: fact.holdMs,
    acwMs: fact.acwMs,
    handled: one(fact.answeredAt != null),
    surveyed: one(fact.survey != null),
    surveySatisfied: one(fact.survey === 'satisfied'),
    surveyBasicallySatisfied: one(fact.survey === 'basically_satisfied'),
    surveyDissatisfied: one(fact.survey === 'dissatisfied'),
    surveyNoAnswer: one(fact.survey === 'no_answer'),
    abandonedCalledBack: one(abandoned && fact.calledBack === true),
    recordings: one(fact.recorded === true),
    recordingsReviewed: one(fact.recorded === true && fact.reviewed === true),
  };
}

/** Thrown when counters rolled up with different service-level thresholds are merged. */
export class CounterShapeError extends Error {
  override readonly name = 'CounterShapeError';
}

function sameKeys(a: Readonly<Record<string, number>>, b: Readonly<Record<string, number>>): boolean {
  const ka = Object.keys(a).sort();
  const kb = Object.keys(b).sort();
  return ka.length === kb.length && ka.every((k, i) => k === kb[i]);
}

/**
 * Sum of two counter records (max for `waitMaxMs`). Both must carry the same
 * thresholds: a missing threshold is unknown, not zero, so mixing them throws.
 */
export function mergeCounters(a: VoiceCounters, b: VoiceCounters): VoiceCounters {
  if (!sameKeys(a.answeredWithin, b.answeredWithin)) {
    throw new CounterShapeError(
      `cannot merge counters with thresholds [${Object.keys(a.answeredWithin).join(', ')}] and [${Object.keys(b.answeredWithin).join(', ')}]`,
    );
  }
  return {
    arrived: a.arrived + b.arrived,
    offered: a.offered + b.offered,
    answered: a.answered + b.answered,
    answeredWithin: Object.fromEntries(
      Object.entries(a.answeredWithin).map(([k, v]) => [k, v + (b.answeredWithin[k] ?? 0)]),
    ),
    abandoned: a.abandoned + b.abandoned,
    shortAbandoned: a.shortAbandoned + b.shortAbandoned,
    waitSumMs: a.waitSumMs + b.waitSumMs,
    waitMaxMs: Math.max(a.waitMaxMs, b.waitMaxMs),
    talkMs: a.talkMs + b.talkMs,
    holdMs: a.holdMs + b.holdMs,
    acwMs: a.acwMs + b.acwMs,
    handled: a.handled + b.handled,
    surveyed: a.surveyed + b.surveyed,
    surveySatisfied: a.surveySatisfied + b.surveySatisfied,
    surveyBasicallySatisfied: a.surveyBasicallySatisfied + b.surveyBasicallySatisfied,
    surveyDissatisfied: a.surveyDissatisfied + b.surveyDissatisfied,
    surveyNoAnswer: a.surveyNoAnswer + b.surveyNoAnswer,
    abandonedCalledBack: a.abandonedCalledBack + b.abandonedCalledBack,
    recordings: a.recordings + b.recordings,
    recordingsReviewed: a.recordingsReviewed + b.recordingsReviewed,
  };
}

/** Sum of many counter records (the empty sum is `emptyVoiceCounters(thresholds)`). */
export function sumCounters(all: Iterable<VoiceCounters>, serviceLevelThresholdsMs: readonly number[]): VoiceCounters {
  let acc = emptyVoiceCounters(serviceLevelThresholdsMs);
  for (const c of all) acc = mergeCounters(acc, c);
  return acc;
}
