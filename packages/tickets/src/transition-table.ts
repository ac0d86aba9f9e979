import { HOTLINE_ROLES } from './actor.js';
import type { ActionType } from './ticket-actions.js';
import type { TicketState } from './ticket-states.js';
import type { Role } from './vocabulary.js';

/**
 * One row of the workflow: `action` may be taken in any of `from` by any of
 * `roles`, and leads to one of `to` (several when the payload or the ticket's
 * past decides: a callback result, a rejected return, a resume).
 */
export interface Transition {
  readonly action: ActionType;
  readonly from: readonly TicketState[];
  readonly to: readonly TicketState[];
  readonly roles: readonly Role[];
  /** Why the row is what it is. */
  readonly why: string;
}

/**
 * The whole workflow as data. Each (state, action) pair appears at most
 * once; anything not listed is an illegal transition. A `department` actor
 * additionally needs the ticket to be dispatched to its own department.
 */
export const TRANSITIONS: readonly Transition[] = [
  {
    action: 'edit',
    from: ['draft', 'returned', 'reopened'],
    to: ['draft', 'returned', 'reopened'],
    roles: HOTLINE_ROLES,
    why: 'fields are written while the call goes on, corrected when a return shows a wrong category or place, and completed before a re-dispatch',
  },
  {
    action: 'resolve_online',
    from: ['draft', 'reopened'],
    to: ['resolved_online'],
    roles: HOTLINE_ROLES,
    why: '在线办结 / 首呼解决 (001: >= 80 %, 002: >= 70 %); needs the five elements, and not for complaints or reports (see WorkflowOptions)',
  },
  {
    action: 'dispatch',
    from: ['draft', 'reopened'],
    to: ['dispatched'],
    roles: HOTLINE_ROLES,
    why: '派单 within 15 min (phone) / 5 min (network) of creation (001); a reopened ticket goes back to a department (001: 返单给职能局继续处置)',
  },
  {
    action: 'accept',
    from: ['dispatched'],
    to: ['accepted'],
    roles: ['department'],
    why: '签收 by the department the ticket was dispatched to',
  },
  {
    action: 'return',
    from: ['dispatched', 'accepted'],
    to: ['returned'],
    roles: ['department'],
    why: '退单 with a detailed reason and the policy basis / documents (001); the hotline must review it in 30 min (urgent) / 3 h',
  },
  {
    action: 'approve_return',
    from: ['returned'],
    to: ['dispatched'],
    roles: HOTLINE_ROLES,
    why: 'the return is justified: 改派 to another department ("才能退给下家单位处理", 001)',
  },
  {
    action: 'reject_return',
    from: ['returned'],
    to: ['dispatched', 'accepted'],
    roles: HOTLINE_ROLES,
    why: 'the return is not justified: back to the same department, in the state it returned from',
  },
  {
    action: 'reply',
    from: ['accepted'],
    to: ['replied'],
    roles: ['department'],
    why: '答复 by the department that accepted it; that department becomes the final department (派单准确率)',
  },
  {
    action: 'reject_reply',
    from: ['replied'],
    to: ['accepted'],
    roles: HOTLINE_ROLES,
    why: '答复意见审核 (001): an incomplete or off-topic reply goes back to the department',
  },
  {
    action: 'start_callback',
    from: ['resolved_online', 'replied'],
    to: ['callback'],
    roles: HOTLINE_ROLES,
    why: '回访 within 24 business hours (001); online-resolved tickets are called back when sampled (needsCallback)',
  },
  {
    action: 'callback_result',
    from: ['callback'],
    to: ['closed', 'reopened', 'callback'],
    roles: HOTLINE_ROLES,
    why: 'satisfied closes; dissatisfied reopens (001: 问题未解决，应及时返单); not reached stays in callback for another attempt',
  },
  {
    action: 'close',
    from: ['resolved_online', 'replied', 'callback'],
    to: ['closed'],
    roles: HOTLINE_ROLES,
    why: '办结 without a callback when the policy does not call it back, or after unsuccessful attempts (reason required then)',
  },
  {
    action: 'suspend',
    from: ['dispatched', 'accepted', 'reopened'],
    to: ['suspended'],
    roles: HOTLINE_ROLES,
    why: '挂起: waiting on something outside the hotline; stale after 48 h untouched unless reported (001)',
  },
  {
    action: 'mark_difficult',
    from: ['dispatched', 'accepted', 'returned', 'reopened'],
    to: ['difficult'],
    roles: HOTLINE_ROLES,
    why: '疑难单: no department will own it or it needs coordination; stale after 48 h untouched unless reported (001)',
  },
  {
    action: 'resume',
    from: ['suspended', 'difficult'],
    to: ['dispatched', 'accepted', 'returned', 'reopened'],
    roles: HOTLINE_ROLES,
    why: 'back to the state it was held in',
  },
  {
    action: 'reopen',
    from: ['resolved_online', 'closed'],
    to: ['reopened'],
    roles: ['supervisor', 'admin', 'qa'],
    why: '重办: QA finds a wrong closure (001: 错误办结) or a supervisor reopens on a repeat call',
  },
  {
    action: 'follow_up',
    from: ['dispatched', 'accepted', 'returned', 'suspended', 'difficult', 'reopened'],
    to: ['dispatched', 'accepted', 'returned', 'suspended', 'difficult', 'reopened'],
    roles: [...HOTLINE_ROLES, 'department'],
    why: '跟进 / 催办 (001: 跟进、催办): a note that counts as handling for the 48 h rule',
  },
];

/** The row for `action` in `state`, if that pair is legal. */
export function findTransition(state: TicketState, action: ActionType): Transition | undefined {
  return TRANSITIONS.find((row) => row.action === action && row.from.includes(state));
}

/** Actions legal in `state` (for any role), in table order. */
export function actionsFrom(state: TicketState): ActionType[] {
  return TRANSITIONS.filter((row) => row.from.includes(state)).map((row) => row.action);
}
