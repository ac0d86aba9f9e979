import { isOnTime, slaDue, type SlaKind, type SlaRuleSet } from '@hotline/sla';
import { needsCallback, type ActionType, type CallbackPolicy, type Ticket, type TicketState } from '@hotline/tickets';

/** Every SLA due time of a ticket (epoch ms), `null` where that clock has not started. */
export interface TicketDues {
  readonly dispatch: number | null;
  readonly returnReview: number | null;
  readonly callback: number | null;
  readonly department: number | null;
  readonly staleHold: number | null;
}

/** The deadline a ticket is waiting on in its current state. */
export interface PendingDue {
  readonly kind: SlaKind;
  readonly at: number;
}

export function ticketDues(ticket: Ticket, rules: SlaRuleSet): TicketDues {
  const held = ticket.state === 'suspended' || ticket.state === 'difficult';
  return {
    dispatch: slaDue(rules, 'dispatch', ticket),
    returnReview: slaDue(rules, 'return_review', ticket),
    callback: slaDue(rules, 'callback', ticket),
    department: slaDue(rules, 'department', ticket),
    // The 48 h clock only means something while the ticket is on hold.
    staleHold: held ? slaDue(rules, 'stale_hold', ticket) : null,
  };
}

/**
 * The one deadline the ticket waits on, by state: what the overdue / due-soon lists show.
 * - draft: dispatch (15 min phone / 5 min network from creation);
 * - reopened: dispatch again, counted from the reopening (the seeds give no separate limit);
 * - returned: the return review (30 min urgent / 3 h);
 * - dispatched, accepted: the department's deadline for the category;
 * - replied, resolved_online: the callback (24 business hours) when the policy calls it back;
 * - callback: the callback;
 * - suspended, difficult: the 48 h stale rule unless the hold was reported;
 * - closed: nothing.
 */
export function pendingDue(ticket: Ticket, rules: SlaRuleSet, policy: CallbackPolicy): PendingDue | null {
  const due = (kind: SlaKind, at: number | null): PendingDue | null => (at === null ? null : { kind, at });
  switch (ticket.state) {
    case 'draft':
      return due('dispatch', slaDue(rules, 'dispatch', ticket));
    case 'reopened':
      return due('dispatch', slaDue(rules, 'dispatch', { ...ticket, createdAt: ticket.reopenedAt ?? ticket.createdAt }));
    case 'returned':
      return due('return_review', slaDue(rules, 'return_review', ticket));
    case 'dispatched':
    case 'accepted':
      return due('department', slaDue(rules, 'department', ticket));
    case 'replied':
    case 'resolved_online':
      return needsCallback(ticket, policy).callback ? due('callback', slaDue(rules, 'callback', ticket)) : null;
    case 'callback':
      return due('callback', slaDue(rules, 'callback', ticket));
    case 'suspended':
    case 'difficult':
      return due('stale_hold', slaDue(rules, 'stale_hold', ticket));
    case 'closed':
      return null;
  }
}

/**
 * The actions that meet a deadline, and which: their events carry `onTime` (the KPIs' dispatch
 * timeliness, return review, on-time completion, callback timeliness). A callback result
 * meets the callback deadline only when the caller was reached.
 */
const MEETS: Partial<Record<ActionType, { readonly kind: SlaKind; readonly from: readonly TicketState[] }>> = {
  dispatch: { kind: 'dispatch', from: ['draft', 'reopened'] },
  approve_return: { kind: 'return_review', from: ['returned'] },
  reject_return: { kind: 'return_review', from: ['returned'] },
  reply: { kind: 'department', from: ['accepted'] },
  callback_result: { kind: 'callback', from: ['callback'] },
};

/** Whether `action`, taken at `at` on a ticket that was waiting on `before`, met that deadline; `undefined` when it meets none. */
export function metDeadline(
  action: { readonly type: ActionType; readonly reached?: boolean },
  fromState: TicketState,
  before: PendingDue | null,
  at: number,
): boolean | undefined {
  const meets = MEETS[action.type];
  if (meets === undefined || before === null || before.kind !== meets.kind || !meets.from.includes(fromState)) return undefined;
  if (action.type === 'callback_result' && action.reached !== true) return undefined;
  return isOnTime(before.at, at);
}
