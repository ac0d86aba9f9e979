import { z } from 'zod';

/** The post-call survey answer (IVR: 1 satisfied, 2 basically satisfied, 3 dissatisfied; no key pressed). */
export type SurveyAnswer = 'satisfied' | 'basically_satisfied' | 'dissatisfied' | 'no_answer';
export const SURVEY_ANSWERS = ['satisfied', 'basically_satisfied', 'dissatisfied', 'no_answer'] as const;

/**
 * One inbound call, as the KPI aggregator stores it. Instants are epoch ms.
 * Absent instants may be `undefined` or `null` (a database row).
 */
export interface CallFact {
  readonly callId: string;
  /** The queue (skill) the caller waited in; absent for IVR-only calls. */
  readonly queueId?: string | null;
  /** The agent who answered. */
  readonly agentId?: string | null;
  /** The call entered the Stasis application. */
  readonly arrivedAt: number;
  /** The caller asked for a person and entered a queue. This makes the call "offered". */
  readonly queuedAt?: number | null;
  /** An agent answered and was bridged. */
  readonly answeredAt?: number | null;
  /** The caller hung up while queued. */
  readonly abandonedAt?: number | null;
  readonly endedAt?: number | null;
  /**
   * Only a fallback: wait is defined as `answeredAt - queuedAt` (or
   * `abandonedAt - queuedAt`) and computed from the instants when they are present.
   */
  readonly waitMs?: number | null;
  readonly talkMs: number;
  readonly holdMs: number;
  /** After-call work (wrap-up) of the answering agent. */
  readonly acwMs: number;
  readonly survey?: SurveyAnswer | null;
  /** For abandoned calls: the caller was called back (漏接回拨). */
  readonly calledBack?: boolean | null;
  readonly recorded?: boolean | null;
  /** The recording was reviewed by QA (话务质检). */
  readonly reviewed?: boolean | null;
}

const instant = z.number().int().nonnegative();
const optionalInstant = instant.nullish();
const duration = z.number().nonnegative();

/** Validates a fact at the aggregator's boundary (instants in order, durations >= 0). */
export const callFactSchema = z
  .object({
    callId: z.string().min(1),
    queueId: z.string().nullish(),
    agentId: z.string().nullish(),
    arrivedAt: instant,
    queuedAt: optionalInstant,
    answeredAt: optionalInstant,
    abandonedAt: optionalInstant,
    endedAt: optionalInstant,
    waitMs: duration.nullish(),
    talkMs: duration,
    holdMs: duration,
    acwMs: duration,
    survey: z.enum(SURVEY_ANSWERS).nullish(),
    calledBack: z.boolean().nullish(),
    recorded: z.boolean().nullish(),
    reviewed: z.boolean().nullish(),
  })
  .superRefine((f, ctx) => {
    const notBefore = (later: keyof typeof f, earlier: keyof typeof f): void => {
      const l = f[later];
      const e = f[earlier];
      if (typeof l === 'number' && typeof e === 'number' && l < e) {
        ctx.addIssue({ code: 'custom', path: [later], message: `${later} is before ${earlier}` });
      }
    };
    notBefore('queuedAt', 'arrivedAt');
    notBefore('answeredAt', 'queuedAt');
    notBefore('abandonedAt', 'queuedAt');
    notBefore('endedAt', 'arrivedAt');
    if (f.answeredAt != null && f.abandonedAt != null) {
      ctx.addIssue({ code: 'custom', path: ['abandonedAt'], message: 'a call cannot be both answered and abandoned' });
    }
  });

/** True when the caller entered a queue (呼入总量 counts these). */
export function isOffered(fact: CallFact): boolean {
  return fact.queuedAt != null;
}

/** Answered by an agent after queueing (the numerator of the answer rate). */
export function isAnswered(fact: CallFact): boolean {
  return fact.queuedAt != null && fact.answeredAt != null;
}

/** Hung up while queued, never answered. */
export function isAbandoned(fact: CallFact): boolean {
  return fact.queuedAt != null && fact.answeredAt == null && fact.abandonedAt != null;
}

/**
 * Wait in ms: `answeredAt - queuedAt` or `abandonedAt - queuedAt`; the
 * stored `waitMs` only when the instants are missing; `undefined` when unknown.
 * Never negative (clock skew between hosts is clamped to 0).
 */
export function waitOf(fact: CallFact): number | undefined {
  if (fact.queuedAt != null) {
    const end = fact.answeredAt ?? fact.abandonedAt;
    if (end != null) return Math.max(0, end - fact.queuedAt);
  }
  return fact.waitMs != null ? Math.max(0, fact.waitMs) : undefined;
}
