import type { KpiValue } from './kpi-value.js';
import { count, ratio } from './kpi-value.js';
import type { TicketCounters } from './ticket-counters.js';

/** Every ticket KPI of KPIS.md. */
export interface TicketKpis {
  readonly tickets: KpiValue;
  /** Dispatched on time / dispatched. */
  readonly dispatchTimeliness: KpiValue;
  /** Late dispatches (events, for per-event deductions), out of dispatched. */
  readonly lateDispatches: KpiValue;
  /** 首呼解决率 / 在线办结率: closed online / valid tickets. */
  readonly fcr: KpiValue;
  /** 派单准确率: 1 - wrong first department / dispatched. */
  readonly dispatchAccuracy: KpiValue;
  readonly returnReviewTimeliness: KpiValue;
  readonly lateReturnReviews: KpiValue;
  readonly callbackTimeliness: KpiValue;
  readonly lateCallbacks: KpiValue;
  readonly staleSuspended: KpiValue;
  /** 回访覆盖率: called back / dispatched. */
  readonly callbackCoverage: KpiValue;
  /** 不满意工单回访率: dissatisfied complaints called back / dissatisfied complaints. */
  readonly dissatisfiedCallbackRate: KpiValue;
  /** 按时办结率: completed on time / completed. */
  readonly onTimeCompletion: KpiValue;
  /** Replied / received over all network channels. */
  readonly channelResponseRate: KpiValue;
  readonly channelResponse: Readonly<Record<string, KpiValue>>;
  /** 投诉率: valid complaints about agents / tickets. */
  readonly complaintRate: KpiValue;
}

export function ticketKpis(c: TicketCounters): TicketKpis {
  const channels = Object.entries(c.channels);
  const received = channels.reduce((s, [, ch]) => s + ch.received, 0);
  const replied = channels.reduce((s, [, ch]) => s + ch.replied, 0);
  return {
    tickets: count(c.tickets),
    dispatchTimeliness: ratio(c.dispatchedOnTime, c.dispatched),
    lateDispatches: count(c.dispatched - c.dispatchedOnTime, c.dispatched),
    fcr: ratio(c.resolvedOnline, c.validTickets),
    dispatchAccuracy: ratio(c.dispatched - c.dispatchedWrongFirstDept, c.dispatched),
    returnReviewTimeliness: ratio(c.returnsReviewedOnTime, c.returnsReviewed),
    lateReturnReviews: count(c.returnsReviewed - c.returnsReviewedOnTime, c.returnsReviewed),
    callbackTimeliness: ratio(c.callbacksOnTime, c.callbacksDue),
    lateCallbacks: count(c.callbacksDue - c.callbacksOnTime, c.callbacksDue),
    staleSuspended: count(c.staleSuspended),
    callbackCoverage: ratio(c.calledBack, c.dispatched),
    dissatisfiedCallbackRate: ratio(c.dissatisfiedComplaintsCalledBack, c.dissatisfiedComplaints),
    onTimeCompletion: ratio(c.completedOnTime, c.completed),
    channelResponseRate: ratio(replied, received),
    channelResponse: Object.fromEntries(channels.map(([name, ch]) => [name, ratio(ch.replied, ch.received)])),
    complaintRate: ratio(c.complaintsAboutAgents, c.tickets),
  };
}
