import type { Actor } from './actor.js';
import { toFieldIssues } from './field-issues.js';
import { diffTickets } from './history.js';
import { invalid, type ActionResult, type Invalid } from './outcome.js';
import { refusal } from './permissions.js';
import type { EpochMs, ReturnRecord, Ticket } from './ticket.js';
import { isActionType, ticketActionSchema, type ActionOf, type ActionType, type TicketAction, type TicketActionInput } from './ticket-actions.js';
import { pickFields, validateCompleteFields, validateDraftFields } from './ticket-fields.js';
import { actionsFrom, findTransition, TRANSITIONS } from './transition-table.js';
import { CATEGORY_NAMES } from './vocabulary.js';
import { DEFAULT_WORKFLOW_OPTIONS, type WorkflowOptions } from './workflow-options.js';

/**
 * Take one action on a ticket. Checks, in order: the action type exists
 * (`invalid`), the table allows it in this state (`illegal_transition`), the
 * actor may take it (`forbidden`), the payload and the ticket allow it
 * (`invalid`). On success returns the new ticket (version + 1, `updatedAt` =
 * `now`) and its history entry; the input ticket is never modified.
 */
export function applyAction(
  ticket: Ticket,
  action: TicketActionInput,
  actor: Actor,
  now: EpochMs,
  options: WorkflowOptions = DEFAULT_WORKFLOW_OPTIONS,
): ActionResult {
  if (!Number.isFinite(now)) throw new RangeError(`now must be epoch ms, got ${now}`);
  const type: unknown = (action as { type?: unknown } | null)?.type;
  if (!isActionType(type)) return invalid('type', `unknown action ${JSON.stringify(type)}`);

  const row = findTransition(ticket.state, type);
  if (row === undefined) {
    return { ok: false, code: 'illegal_transition', state: ticket.state, action: type, allowed: actionsFrom(ticket.state) };
  }
  const reason = refusal(ticket, row, actor);
  if (reason !== null) return { ok: false, code: 'forbidden', reason };

  const parsed = ticketActionSchema.safeParse(action);
  if (!parsed.success) return { ok: false, code: 'invalid', issues: toFieldIssues(parsed.error) };

  const next = transition(ticket, parsed.data, actor, now, options);
  if ('code' in next) return next;
  const after: Ticket = { ...next, version: ticket.version + 1, updatedAt: now };
  return {
    ok: true,
    ticket: after,
    history: {
      ticketId: ticket.id,
      version: after.version,
      from: ticket.state,
      to: after.state,
      action: parsed.data,
      actor,
      at: now,
      changes: diffTickets(ticket, after),
    },
  };
}

/** The actions `actor` could take on `ticket` now (payload checks aside): for buttons in a UI. */
export function availableActions(ticket: Ticket, actor: Actor): ActionType[] {
  return TRANSITIONS.filter((row) => row.from.includes(ticket.state) && refusal(ticket, row, actor) === null).map(
    (row) => row.action,
  );
}

type Next = Ticket | Invalid;

function transition(t: Ticket, a: TicketAction, actor: Actor, now: EpochMs, options: WorkflowOptions): Next {
  switch (a.type) {
    case 'edit': {
      const edited: Ticket = { ...t, ...a.fields };
      const draft = validateDraftFields(pickFields(edited));
      return draft.ok ? edited : { ok: false, code: 'invalid', issues: draft.issues };
    }
    case 'resolve_online':
      return resolveOnline(t, a, now, options);
    case 'dispatch': {
      const complete = validateCompleteFields(pickFields(t));
      if (!complete.ok) return { ok: false, code: 'invalid', issues: complete.issues };
      return dispatchTo(t, a.department, now);
    }
    case 'accept':
      return { ...t, state: 'accepted', acceptedAt: now };
    case 'return': {
      if (t.department === undefined || (t.state !== 'dispatched' && t.state !== 'accepted')) {
        return invalid('department', 'the ticket is not with a department');
      }
      const record: ReturnRecord = {
        department: t.department,
        reason: a.reason,
        evidence: a.evidence,
        requestedAt: now,
        requestedBy: actor.id,
        returnedFrom: t.state,
      };
      return { ...t, state: 'returned', returns: [...t.returns, record], returnedAt: now };
    }
    case 'approve_return': {
      if (a.department === t.department) {
        return invalid('department', 'an approved return goes to another department than the one that returned it');
      }
      const returns = reviewLast(t, { outcome: 'approved', at: now, by: actor.id, redispatchedTo: a.department });
      if ('code' in returns) return returns;
      return { ...dispatchTo(t, a.department, now), returns, reviewedAt: now };
    }
    case 'reject_return': {
      const last = t.returns.at(-1);
      const returns = reviewLast(t, { outcome: 'rejected', at: now, by: actor.id, reason: a.reason });
      if ('code' in returns || last === undefined) return 'code' in returns ? returns : invalid('returns', 'no return to review');
      return { ...t, state: last.returnedFrom, returns, reviewedAt: now };
    }
    case 'reply':
      return replyFrom(t, a, actor, now);
    case 'reject_reply':
      if (t.reply === undefined) return invalid('reply', 'no reply to reject');
      return { ...t, state: 'accepted', reply: { ...t.reply, rejected: { at: now, by: actor.id, reason: a.reason } } };
    case 'start_callback':
      return { ...t, state: 'callback', callbackStartedAt: now };
    case 'callback_result':
      return callbackResult(t, a, now);
    case 'close':
      if (t.state === 'callback' && a.reason === undefined) {
        return invalid('reason', 'required to close a ticket in callback without a callback result');
      }
      return { ...t, state: 'closed', closedAt: now, closeReason: a.reason };
    case 'suspend':
      return {
        ...t,
        state: 'suspended',
        suspendedAt: now,
        hold: { kind: 'suspended', from: t.state, reason: a.reason, reported: a.reported, since: now },
      };
    case 'mark_difficult':
      return {
        ...t,
        state: 'difficult',
        difficultAt: now,
        hold: { kind: 'difficult', from: t.state, reason: a.reason, reported: a.reported, since: now },
      };
    case 'resume':
      if (t.hold === undefined) return invalid('hold', 'the ticket has no hold to resume from');
      return { ...t, state: t.hold.from, hold: undefined, resumedAt: now };
    case 'reopen':
      return {
        ...t,
        state: 'reopened',
        reopenedAt: now,
        reopenCount: t.reopenCount + 1,
        reopenReason: a.reason,
        closedAt: undefined,
        closeReason: undefined,
      };
    case 'follow_up':
      return { ...t, lastFollowUpAt: now };
  }
}

function resolveOnline(t: Ticket, a: ActionOf<'resolve_online'>, now: EpochMs, options: WorkflowOptions): Next {
  const complete = validateCompleteFields(pickFields(t));
  if (!complete.ok) return { ok: false, code: 'invalid', issues: complete.issues };
  const { category } = complete.fields;
  if (!options.onlineResolvableCategories.includes(category)) {
    return invalid('category', `${category} (${CATEGORY_NAMES[category]}) tickets must be dispatched, not resolved online`);
  }
  return { ...t, state: 'resolved_online', resolution: a.answer, resolvedAt: now };
}

/** The effect shared by a dispatch and an approved return (改派). */
function dispatchTo(t: Ticket, department: string, now: EpochMs): Ticket {
  return {
    ...t,
    state: 'dispatched',
    department,
    firstDepartment: t.firstDepartment ?? department,
    dispatchTrail: [...t.dispatchTrail, department],
    firstDispatchedAt: t.firstDispatchedAt ?? now,
    dispatchedAt: now,
    acceptedAt: undefined,
  };
}

function reviewLast(t: Ticket, review: NonNullable<ReturnRecord['review']>): readonly ReturnRecord[] | Invalid {
  const last = t.returns.at(-1);
  if (last === undefined || last.review !== undefined) return invalid('returns', 'no return awaiting review');
  return [...t.returns.slice(0, -1), { ...last, review }];
}

function replyFrom(t: Ticket, a: ActionOf<'reply'>, actor: Actor, now: EpochMs): Next {
  if (t.department === undefined) return invalid('department', 'the ticket is not with a department');
  const { type: _type, ...content } = a;
  return {
    ...t,
    state: 'replied',
    reply: { ...content, department: t.department, at: now, by: actor.id },
    repliedAt: now,
    finalDepartment: t.department,
  };
}

function callbackResult(t: Ticket, a: ActionOf<'callback_result'>, now: EpochMs): Next {
  const attempted = { ...t, callbackAttempts: t.callbackAttempts + 1, callbackAt: now };
  if (!a.reached || a.satisfaction === undefined) return attempted;
  if (a.satisfaction === 'satisfied') {
    return { ...attempted, state: 'closed', callbackSatisfaction: 'satisfied', closedAt: now, closeReason: undefined };
  }
  return {
    ...attempted,
    state: 'reopened',
    callbackSatisfaction: 'dissatisfied',
    reopenedAt: now,
    reopenCount: t.reopenCount + 1,
    reopenReason: a.note ?? 'dissatisfied at callback',
  };
}
