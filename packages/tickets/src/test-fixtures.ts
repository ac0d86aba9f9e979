// Shared by the tests of this package only (not exported from index.ts).
import type { Actor } from './actor.js';
import { applyAction } from './apply-action.js';
import { createTicket } from './create-ticket.js';
import type { ActionResult } from './outcome.js';
import type { Ticket } from './ticket.js';
import type { ActionType, TicketActionInput } from './ticket-actions.js';
import type { TicketState } from './ticket-states.js';
import type { Role } from './vocabulary.js';

/** 2025-03-04 10:00 in Asia/Shanghai. */
export const T0 = Date.UTC(2025, 2, 4, 2, 0);
export const MINUTE = 60_000;

export const FIRST_DEPT = '市政管理局';
export const OTHER_DEPT = '住房和城乡建设局';

export const agent: Actor = { id: 'agent-7', role: 'agent' };
export const supervisor: Actor = { id: 'sup-1', role: 'supervisor' };
export const admin: Actor = { id: 'admin-1', role: 'admin' };
export const qa: Actor = { id: 'qa-1', role: 'qa' };
export const departmentUser = (department: string): Actor => ({ id: `user@${department}`, role: 'department', department });

export const COMPLETE_FIELDS = {
  source: 'phone',
  callId: '1712345678.42',
  callerName: '李女士',
  contact: '0898-6666 8888',
  location: '海口市美兰区海甸岛五西路',
  event: '路边井盖缺失，晚上有行人差点掉下去',
  request: '请尽快补装井盖',
  category: 'help',
} as const;

/** An actor of `role` who may act on `ticket` as far as departments go. */
export function actorFor(role: Role, ticket: Pick<Ticket, 'department'>): Actor {
  switch (role) {
    case 'agent':
      return agent;
    case 'supervisor':
      return supervisor;
    case 'admin':
      return admin;
    case 'qa':
      return qa;
    case 'department':
      return departmentUser(ticket.department ?? FIRST_DEPT);
  }
}

export function must(result: ActionResult): Ticket {
  if (!result.ok) throw new Error(`expected success, got ${JSON.stringify(result)}`);
  return result.ticket;
}

export function newTicket(fields: Record<string, unknown> = COMPLETE_FIELDS, id = 'T-0001'): Ticket {
  return must(createTicket({ id, fields, actor: agent, now: T0 }));
}

/**
 * A valid payload for each action, given the ticket it is applied to; the HTTP tests
 * (test/integration/tickets-fixtures.ts) pass the departments their database knows.
 */
export function sampleAction(
  type: ActionType,
  ticket: { readonly department?: string | undefined },
  departments: { readonly first: string; readonly other: string } = { first: FIRST_DEPT, other: OTHER_DEPT },
): TicketActionInput {
  switch (type) {
    case 'edit':
      return { type, fields: { urgency: 'urgent' } };
    case 'resolve_online':
      return { type, answer: '已告知市民办理流程' };
    case 'dispatch':
      return { type, department: departments.first };
    case 'accept':
      return { type };
    case 'return':
      return { type, reason: '不属于本单位职责', evidence: ['《海口市市政设施管理条例》第十二条'] };
    case 'approve_return':
      return { type, department: ticket.department === departments.other ? departments.first : departments.other };
    case 'reject_return':
      return { type, reason: '井盖属市政设施，请继续办理' };
    case 'reply':
      return { type, text: '已于3月5日补装井盖', resolved: true };
    case 'reject_reply':
      return { type, reason: '答复未说明办理地点' };
    case 'start_callback':
      return { type };
    case 'callback_result':
      return { type, reached: true, satisfaction: 'satisfied' };
    case 'close':
      return { type, reason: '三次回访未接通' };
    case 'suspend':
      return { type, reason: '等待施工单位排期' };
    case 'mark_difficult':
      return { type, reason: '涉及多个部门职责' };
    case 'resume':
      return { type };
    case 'reopen':
      return { type, reason: '质检发现错误办结' };
    case 'follow_up':
      return { type, note: '已电话催办' };
  }
}

/** How to reach each state from a complete draft: [action (or its sample), role] steps. */
const PATHS: Record<TicketState, readonly (readonly [ActionType | TicketActionInput, Role])[]> = {
  draft: [],
  resolved_online: [['resolve_online', 'agent']],
  dispatched: [['dispatch', 'agent']],
  accepted: [['dispatch', 'agent'], ['accept', 'department']],
  returned: [['dispatch', 'agent'], ['accept', 'department'], ['return', 'department']],
  replied: [['dispatch', 'agent'], ['accept', 'department'], ['reply', 'department']],
  callback: [['dispatch', 'agent'], ['accept', 'department'], ['reply', 'department'], ['start_callback', 'agent']],
  closed: [
    ['dispatch', 'agent'],
    ['accept', 'department'],
    ['reply', 'department'],
    ['start_callback', 'agent'],
    ['callback_result', 'agent'],
  ],
  suspended: [['dispatch', 'agent'], ['suspend', 'supervisor']],
  difficult: [['dispatch', 'agent'], ['mark_difficult', 'agent']],
  reopened: [
    ['dispatch', 'agent'],
    ['accept', 'department'],
    ['reply', 'department'],
    ['start_callback', 'agent'],
    [{ type: 'callback_result', reached: true, satisfaction: 'dissatisfied' }, 'agent'],
  ],
};

/** A ticket in `state`, reached by legal actions one minute apart. */
export function ticketIn(state: TicketState): Ticket {
  let ticket = newTicket();
  let now = T0;
  for (const [step, role] of PATHS[state]) {
    now += MINUTE;
    const action = typeof step === 'string' ? sampleAction(step, ticket) : step;
    ticket = must(applyAction(ticket, action, actorFor(role, ticket), now));
  }
  if (ticket.state !== state) throw new Error(`fixture path for ${state} ended in ${ticket.state}`);
  return ticket;
}
