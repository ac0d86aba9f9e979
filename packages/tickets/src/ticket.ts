import type { TicketDraftFields } from './ticket-fields.js';
import type { TicketState } from './ticket-states.js';
import type { Satisfaction } from './vocabulary.js';

/** Every instant is epoch milliseconds (UTC), passed in by the caller. */
export type EpochMs = number;

/** A department's 退单 and the hotline's review of it. */
export interface ReturnRecord {
  readonly department: string;
  readonly reason: string;
  /** References to the policy basis and formal documents (seed 001). */
  readonly evidence: readonly string[];
  readonly requestedAt: EpochMs;
  readonly requestedBy: string;
  /** The state it was returned from, where a rejected return goes back to. */
  readonly returnedFrom: 'dispatched' | 'accepted';
  readonly review?: {
    readonly outcome: 'approved' | 'rejected';
    readonly at: EpochMs;
    readonly by: string;
    /** approved: the department it was re-dispatched to; rejected: why not. */
    readonly redispatchedTo?: string | undefined;
    readonly reason?: string | undefined;
  } | undefined;
}

/** A department's 答复. */
export interface DepartmentReply {
  readonly department: string;
  readonly text: string;
  readonly resolved: boolean;
  readonly handledAt?: EpochMs | undefined;
  readonly handledPlace?: string | undefined;
  readonly handledBy?: string | undefined;
  readonly nextSteps?: string | undefined;
  readonly photos?: readonly string[] | undefined;
  readonly at: EpochMs;
  readonly by: string;
  /** Set when the hotline sent the reply back (答复意见审核). */
  readonly rejected?: { readonly at: EpochMs; readonly by: string; readonly reason: string } | undefined;
}

/** Why and since when a ticket is suspended or difficult. */
export interface Hold {
  readonly kind: 'suspended' | 'difficult';
  /** The state to resume to. */
  readonly from: TicketState;
  readonly reason: string;
  /** Reported to the hotline office: exempt from the 48 h stale rule (seed 001). */
  readonly reported: boolean;
  readonly since: EpochMs;
}

/**
 * A ticket (工单). The fields the agent writes are at the top level (so a
 * Ticket is directly usable as `@hotline/sla` facts); the rest is written by
 * `applyAction` only. Timestamps are the latest occurrence unless named `first...`.
 */
export interface Ticket extends TicketDraftFields {
  readonly id: string;
  readonly state: TicketState;
  /** +1 per action: compare-and-set on it when storing (optimistic locking). */
  readonly version: number;
  readonly createdBy: string;
  readonly createdAt: EpochMs;
  /** The last action of any kind: the "touch" of the 48 h stale rule. */
  readonly updatedAt: EpochMs;

  /** The department the ticket is (or was last) with. */
  readonly department?: string | undefined;
  /** The first department dispatched to (派单准确率 numerator side). */
  readonly firstDepartment?: string | undefined;
  /** The department whose reply finished it (派单准确率: first != final is a miss). */
  readonly finalDepartment?: string | undefined;
  /** Every department dispatched to, in order (多单位流转 is visible here). */
  readonly dispatchTrail: readonly string[];

  /** The agent's answer when resolved online. */
  readonly resolution?: string | undefined;
  readonly returns: readonly ReturnRecord[];
  /** The latest department reply. */
  readonly reply?: DepartmentReply | undefined;
  readonly callbackAttempts: number;
  /** The outcome of the latest callback that reached the caller. */
  readonly callbackSatisfaction?: Satisfaction | undefined;
  readonly hold?: Hold | undefined;
  readonly reopenCount: number;
  readonly reopenReason?: string | undefined;
  readonly closeReason?: string | undefined;

  readonly resolvedAt?: EpochMs | undefined;
  readonly firstDispatchedAt?: EpochMs | undefined;
  readonly dispatchedAt?: EpochMs | undefined;
  readonly acceptedAt?: EpochMs | undefined;
  readonly returnedAt?: EpochMs | undefined;
  readonly reviewedAt?: EpochMs | undefined;
  readonly repliedAt?: EpochMs | undefined;
  readonly callbackStartedAt?: EpochMs | undefined;
  /** The latest callback attempt. */
  readonly callbackAt?: EpochMs | undefined;
  readonly closedAt?: EpochMs | undefined;
  readonly suspendedAt?: EpochMs | undefined;
  readonly difficultAt?: EpochMs | undefined;
  readonly resumedAt?: EpochMs | undefined;
  readonly reopenedAt?: EpochMs | undefined;
  readonly lastFollowUpAt?: EpochMs | undefined;
}

/**
 * 派单准确率 for one ticket: `true` when the first department dispatched to is
 * the one that finished it, `null` when it was never dispatched or has no
 * final department yet (seed 003: 首次派发部门与最终办结部门不一致).
 */
export function isDispatchAccurate(ticket: Pick<Ticket, 'firstDepartment' | 'finalDepartment'>): boolean | null {
  if (ticket.firstDepartment === undefined || ticket.finalDepartment === undefined) return null;
  return ticket.firstDepartment === ticket.finalDepartment;
}
