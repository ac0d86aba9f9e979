/**
 * Where a ticket is in its life. The path the seeds describe:
 * 受理 (draft) -> 在线办结 (resolved_online) or 派单 (dispatched) -> 签收
 * (accepted) -> 答复 (replied) -> 回访 (callback) -> 办结 (closed), with
 * 退单 (returned, awaiting the hotline's review), 挂起 (suspended),
 * 疑难 (difficult) and 重办 (reopened) on the side.
 */
export const TICKET_STATES = [
  'draft',
  'resolved_online',
  'dispatched',
  'accepted',
  'returned',
  'replied',
  'callback',
  'closed',
  'suspended',
  'difficult',
  'reopened',
] as const;
export type TicketState = (typeof TICKET_STATES)[number];

export const STATE_NAMES: Readonly<Record<TicketState, string>> = {
  draft: '受理中',
  resolved_online: '在线办结',
  dispatched: '已派单待签收',
  accepted: '已签收办理中',
  returned: '退单待审核',
  replied: '已答复待回访',
  callback: '回访中',
  closed: '已办结',
  suspended: '挂起',
  difficult: '疑难',
  reopened: '重办',
};

/**
 * States in which the hotline's work is finished for now. `resolved_online`
 * is finished but not final: it may still be called back (sampled) or
 * reopened; `closed` may be reopened by a supervisor or QA.
 */
export const FINISHED_STATES = ['resolved_online', 'closed'] as const satisfies readonly TicketState[];

/** States where the ticket waits on a department. */
export const AT_DEPARTMENT_STATES = ['dispatched', 'accepted'] as const satisfies readonly TicketState[];

/** On hold: the 48 h stale rule (seed 001) applies. */
export const HOLD_STATES = ['suspended', 'difficult'] as const satisfies readonly TicketState[];
