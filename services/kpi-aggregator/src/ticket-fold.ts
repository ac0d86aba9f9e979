import type { TicketEvent } from '@hotline/events';

/** The ticket events that belong to one ticket (a missed-call callback has none). */
export type TicketStep = TicketEvent & { ticketId: string };
import type { ReturnReview, TicketFact } from '@hotline/kpi';

/**
 * What the aggregator keeps per ticket (ticket_facts.fact): the events' judgements in
 * order-independent form (earliest instants, sets of instants, "ever" flags), from which
 * `ticketFactOf` derives packages/kpi's TicketFact.
 */
export interface TicketState {
  ticketId: string;
  firstSeenAt: number;
  createdAt: number | null;
  channel: string | null;
  category: string | null;
  urgent: boolean;
  resolvedOnline: boolean;
  dispatchedAt: number | null;
  firstDeptId: string | null;
  /** The department of the latest dispatch (redispatch after an approved return): the one that resolves it. */
  lastDept: { at: number; dept: string } | null;
  returnRequestedAt: number[];
  returnReviewedAt: number[];
  calledBack: boolean;
  callbackOnTime: boolean | null;
  dissatisfied: boolean;
  completedAt: number | null;
  completedOnTime: boolean | null;
  repliedAt: number | null;
}

export function emptyTicketState(ticketId: string, at: number): TicketState {
  return {
    ticketId, firstSeenAt: at, createdAt: null, channel: null, category: null, urgent: false, resolvedOnline: false,
    dispatchedAt: null, firstDeptId: null, lastDept: null, returnRequestedAt: [], returnReviewedAt: [], calledBack: false,
    callbackOnTime: null, dissatisfied: false, completedAt: null, completedOnTime: null, repliedAt: null,
  };
}

const earliest = (a: number | null, b: number): number => (a === null ? b : Math.min(a, b));

/** Applies one ticket event (mutates the state). Action names are packages/tickets' ActionType. */
export function applyTicketEvent(s: TicketState, e: TicketStep): void {
  const at = Date.parse(e.at);
  s.firstSeenAt = Math.min(s.firstSeenAt, at);
  if (e.type === 'ticket.callback_recorded') {
    applyCallback(s, e.reached, e.satisfied, e.onTime);
    return;
  }
  s.channel ??= e.channel;
  s.category ??= e.category;
  if (e.type === 'ticket.created') {
    s.createdAt = earliest(s.createdAt, at);
    s.urgent = e.urgency === 'urgent';
    return;
  }
  switch (e.action) {
    case 'resolve_online':
      s.resolvedOnline = true;
      s.repliedAt = earliest(s.repliedAt, at);
      break;
    case 'dispatch':
    case 'approve_return':
      if (e.action === 'approve_return') s.returnReviewedAt.push(at);
      if (s.dispatchedAt === null || at < s.dispatchedAt) {
        s.dispatchedAt = at;
        s.firstDeptId = e.firstDepartment ?? e.department ?? s.firstDeptId;
      }
      if (e.department !== undefined && (s.lastDept === null || at > s.lastDept.at)) s.lastDept = { at, dept: e.department };
      break;
    case 'return':
      s.returnRequestedAt.push(at);
      break;
    case 'reject_return':
      s.returnReviewedAt.push(at);
      break;
    case 'reply':
      // The department's answer completes the ticket; its event judges the department deadline.
      s.completedAt = earliest(s.completedAt, at);
      if (e.onTime !== undefined) s.completedOnTime = s.completedOnTime === false ? false : e.onTime;
      s.repliedAt = earliest(s.repliedAt, at);
      if (e.finalDepartment !== undefined) s.lastDept = { at: Number.MAX_SAFE_INTEGER, dept: e.finalDepartment };
      break;
    case 'callback_result':
      if (e.callbackResult) applyCallback(s, e.callbackResult.reached, e.callbackResult.satisfied, e.onTime);
      break;
    default:
      break;
  }
}

/** A callback that reached the citizen (from the workflow step or the callback task: the same facts, applied twice harmlessly). */
function applyCallback(s: TicketState, reached: boolean, satisfied: boolean | undefined, onTime: boolean | undefined): void {
  if (!reached) return;
  s.calledBack = true;
  if (onTime !== undefined) s.callbackOnTime = s.callbackOnTime === false ? false : onTime;
  if (satisfied === false) s.dissatisfied = true;
}

/** Pairs each return with the first review after it (both sorted: reviews answer returns in turn). */
function returnReviews(s: TicketState): ReturnReview[] {
  const requests = [...s.returnRequestedAt].sort((a, b) => a - b);
  const reviews = [...s.returnReviewedAt].sort((a, b) => a - b);
  return requests.map((requestedAt, i) => ({ requestedAt, reviewedAt: reviews[i] ?? null, urgent: s.urgent }));
}

const COMPLAINT_CATEGORIES = new Set(['complaint', 'report']);

export function ticketFactOf(s: TicketState): TicketFact {
  const completedAt = s.completedAt;
  return {
    ticketId: s.ticketId,
    createdAt: s.createdAt ?? s.firstSeenAt,
    channel: s.channel ?? 'phone',
    valid: true,
    resolvedOnline: s.resolvedOnline,
    dispatchedAt: s.dispatchedAt,
    firstDeptId: s.firstDeptId,
    finalDeptId: s.lastDept?.dept ?? null,
    returnReviews: returnReviews(s),
    callbackOnTime: s.callbackOnTime,
    calledBack: s.calledBack,
    dissatisfiedComplaint: s.dissatisfied && COMPLAINT_CATEGORIES.has(s.category ?? ''),
    completedAt,
    // The ticket side judges the deadline on its business clock (event `onTime`); the fact's
    // "completed <= deadline" test is fed that verdict.
    deadlineAt: completedAt === null || s.completedOnTime === null ? null : s.completedOnTime ? completedAt : completedAt - 1,
    staleSuspended: false,
    repliedAt: s.repliedAt,
    complaintAboutAgent: false,
  };
}

export function foldTicketEvents(events: readonly TicketStep[], stored: ReadonlyMap<string, TicketState>): Map<string, TicketState> {
  const out = new Map<string, TicketState>();
  for (const e of events) {
    let s = out.get(e.ticketId);
    if (!s) {
      const before = stored.get(e.ticketId);
      s = before ? structuredClone(before) : emptyTicketState(e.ticketId, Date.parse(e.at));
      out.set(e.ticketId, s);
    }
    applyTicketEvent(s, e);
  }
  return out;
}
