import type { TicketCounters } from './ticket-counters.js';
import { EMPTY_TICKET_COUNTERS } from './ticket-counters.js';

const MINUTE = 60_000;

/** One department return (退单) of a ticket and its review by the hotline. */
export interface ReturnReview {
  readonly requestedAt: number;
  /** Absent while pending: a pending review is not counted yet. */
  readonly reviewedAt?: number | null;
  readonly urgent: boolean;
}

/**
 * One ticket as the aggregator sees it. Judgements that need the business
 * clock (callback within 24 h not counting 12:00-14:30 and 22:00-08:00) are
 * made by `@hotline/sla` and passed in as booleans.
 */
export interface TicketFact {
  readonly ticketId: string;
  readonly createdAt: number;
  /** `phone` or a network channel (web, wechat, app, email, sms, weibo, mayor_mailbox...). */
  readonly channel: string;
  readonly valid: boolean;
  /** Closed online by the agent, without dispatch. */
  readonly resolvedOnline: boolean;
  readonly dispatchedAt?: number | null;
  readonly firstDeptId?: string | null;
  /** The department that finally resolved it; unknown until then. */
  readonly finalDeptId?: string | null;
  readonly returnReviews?: readonly ReturnReview[];
  /** `true`/`false` once the callback deadline is judged; absent while it is still open or no callback is due. */
  readonly callbackOnTime?: boolean | null;
  readonly calledBack: boolean;
  /** A complaint or report ticket whose citizen was dissatisfied. */
  readonly dissatisfiedComplaint: boolean;
  readonly completedAt?: number | null;
  readonly deadlineAt?: number | null;
  /** Suspended or difficult and untouched for more than 48 h (judged at month end). */
  readonly staleSuspended: boolean;
  /** Network channels: when the hotline replied. */
  readonly repliedAt?: number | null;
  /** A valid complaint about the agent (errors, attitude). */
  readonly complaintAboutAgent: boolean;
}

export interface TicketSettings {
  /** Channels that are voice, not network channels (no channel-response counting). Default ['phone']. */
  readonly voiceChannels: readonly string[];
  /** Dispatch limits (inclusive): 15 min for phone tickets (Haikou). */
  readonly dispatchWithinMsVoice: number;
  /** 5 min for web, WeChat, app, e-mail, SMS tickets (Haikou). */
  readonly dispatchWithinMsOther: number;
  /** Return review limits (inclusive): 30 min urgent, 3 h other (Haikou). */
  readonly returnReviewWithinMsUrgent: number;
  readonly returnReviewWithinMsOther: number;
}

export const DEFAULT_TICKET_SETTINGS: TicketSettings = {
  voiceChannels: ['phone'],
  dispatchWithinMsVoice: 15 * MINUTE,
  dispatchWithinMsOther: 5 * MINUTE,
  returnReviewWithinMsUrgent: 30 * MINUTE,
  returnReviewWithinMsOther: 180 * MINUTE,
};

const one = (b: boolean): number => (b ? 1 : 0);

/** The counters of one ticket. Not yet dispatched / reviewed / judged means not counted yet. */
export function ticketCountersOf(t: TicketFact, settings: TicketSettings = DEFAULT_TICKET_SETTINGS): TicketCounters {
  const voice = settings.voiceChannels.includes(t.channel);
  const dispatched = t.dispatchedAt != null;
  const dispatchLimit = voice ? settings.dispatchWithinMsVoice : settings.dispatchWithinMsOther;
  const reviews = (t.returnReviews ?? []).filter((r) => r.reviewedAt != null);
  const reviewedOnTime = reviews.filter(
    (r) =>
      (r.reviewedAt ?? Number.POSITIVE_INFINITY) - r.requestedAt <=
      (r.urgent ? settings.returnReviewWithinMsUrgent : settings.returnReviewWithinMsOther),
  ).length;
  const completed = t.completedAt != null;
  return {
    ...EMPTY_TICKET_COUNTERS,
    tickets: 1,
    validTickets: one(t.valid),
    resolvedOnline: one(t.valid && t.resolvedOnline),
    dispatched: one(dispatched),
    dispatchedOnTime: one(dispatched && (t.dispatchedAt ?? 0) - t.createdAt <= dispatchLimit),
    dispatchedWrongFirstDept: one(dispatched && t.finalDeptId != null && t.firstDeptId !== t.finalDeptId),
    returnsReviewed: reviews.length,
    returnsReviewedOnTime: reviewedOnTime,
    callbacksDue: one(t.callbackOnTime != null),
    callbacksOnTime: one(t.callbackOnTime === true),
    staleSuspended: one(t.staleSuspended),
    calledBack: one(dispatched && t.calledBack),
    dissatisfiedComplaints: one(t.dissatisfiedComplaint),
    dissatisfiedComplaintsCalledBack: one(t.dissatisfiedComplaint && t.calledBack),
    completed: one(completed),
    completedOnTime: one(completed && (t.deadlineAt == null || (t.completedAt ?? 0) <= t.deadlineAt)),
    channels: voice ? {} : { [t.channel]: { received: 1, replied: one(t.repliedAt != null) } },
    complaintsAboutAgents: one(t.complaintAboutAgent),
  };
}
