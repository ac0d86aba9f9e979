import { z } from 'zod';
import { DEFAULT_TIME_ZONE, assertTimeZone } from './time-buckets.js';

/** Survey answers that may count as "satisfied" for the satisfaction rate. */
export const SATISFACTION_ANSWERS = ['satisfied', 'basically_satisfied', 'dissatisfied'] as const;
export type SatisfactionAnswer = (typeof SATISFACTION_ANSWERS)[number];

/** Per-site settings (where the seeds differ, it is a setting, never a code fork). */
export interface VoiceSettings {
  /**
   * Service-level bounds in ms, inclusive (a wait of exactly 15 000 ms is
   * within 15 s). Default [15 000, 30 000]. Changing them requires re-rolling
   * the counters from the facts.
   */
  readonly serviceLevelThresholdsMs: readonly number[];
  /**
   * Abandons with a wait strictly below this are "short" and excluded from the
   * abandon rate (numerator and denominator). Default 0: none are short.
   */
  readonly shortAbandonMs: number;
  /** Which survey answers count as satisfied. Default: satisfied + basically satisfied. */
  readonly satisfiedAnswers: readonly SatisfactionAnswer[];
  /** A day is compliant when its answer rate is at least this. Default 0.95. */
  readonly dailyAnswerRateTarget: number;
  /** IANA zone for local days. Default Asia/Shanghai. */
  readonly timeZone: string;
}

export const DEFAULT_VOICE_SETTINGS: VoiceSettings = {
  serviceLevelThresholdsMs: [15_000, 30_000],
  shortAbandonMs: 0,
  satisfiedAnswers: ['satisfied', 'basically_satisfied'],
  dailyAnswerRateTarget: 0.95,
  timeZone: DEFAULT_TIME_ZONE,
};

export const voiceSettingsSchema = z
  .object({
    serviceLevelThresholdsMs: z.array(z.number().int().positive()).min(1),
    shortAbandonMs: z.number().int().nonnegative(),
    satisfiedAnswers: z.array(z.enum(SATISFACTION_ANSWERS)).min(1),
    dailyAnswerRateTarget: z.number().min(0).max(1),
    timeZone: z.string().min(1),
  })
  .partial();

export type VoiceSettingsInput = z.input<typeof voiceSettingsSchema>;

/** Defaults filled in, thresholds de-duplicated and sorted, zone checked. */
export function resolveVoiceSettings(input: VoiceSettingsInput = {}): VoiceSettings {
  const parsed = voiceSettingsSchema.parse(input);
  const merged = { ...DEFAULT_VOICE_SETTINGS, ...stripUndefined(parsed) };
  assertTimeZone(merged.timeZone);
  return {
    ...merged,
    serviceLevelThresholdsMs: [...new Set(merged.serviceLevelThresholdsMs)].sort((a, b) => a - b),
    satisfiedAnswers: [...new Set(merged.satisfiedAnswers)],
  };
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
