import type { TicketEvent } from '@hotline/events';
import { newEvent } from '@hotline/events';
import { isOnTime } from '@hotline/sla';
import { needsCallback, normalizeNumber, type Actor, type CallbackPolicy, type Ticket, type TicketAction } from '@hotline/tickets';
import { cancelTask, insertTicketTask, openTaskOfTicket, recordAttempt, type CallbackTaskRow } from '../repositories/callback-tasks-repository.js';
import type { Executor } from '../repositories/executor.js';
import { EVENT_SOURCE } from './ticket-event-builder.js';

/** States in which a ticket's callback task stays open. */
const CALLING_BACK = new Set(['replied', 'resolved_online', 'callback']);

export interface TaskStep {
  readonly before: Ticket;
  readonly after: Ticket;
  readonly action: TicketAction;
  readonly actor: Actor;
  readonly now: number;
  /** When the callback falls due (the ticket's callback clock). */
  readonly callbackDue: number | null;
  /** The calling line, when the contact is not a phone number. */
  readonly callerNumber: string | null;
}

/**
 * Keeps the ticket's callback task (回访) in step with the workflow, in the step's transaction:
 * - entering replied / resolved_online opens a task when the policy calls the ticket back;
 * - a callback result counts an attempt (a reached caller finishes the task);
 * - leaving the callback states otherwise (closed without a result, reopened) cancels it.
 * Returns the `ticket.callback_recorded` event of a recorded attempt.
 */
export async function syncTicketCallbackTask(trx: Executor, step: TaskStep, policy: CallbackPolicy): Promise<TicketEvent[]> {
  const { before, after, action, actor, now } = step;
  const open = await openTaskOfTicket(trx, after.id);
  const events: TicketEvent[] = [];
  if (open !== undefined && action.type === 'callback_result') {
    await recordAttempt(trx, open.id, { ...action, by: actor.id, at: new Date(now) });
    events.push(recordedEvent(open, after, action, now));
  } else if (open !== undefined && !CALLING_BACK.has(after.state)) {
    await cancelTask(trx, open.id, `ticket ${action.type}: ${after.state}`, actor.id, new Date(now));
  }
  const entering = after.state !== before.state && (after.state === 'replied' || after.state === 'resolved_online');
  // Any earlier task was finished or cancelled when the ticket left the callback states.
  if (entering) {
    const decision = needsCallback(after, policy);
    if (decision.callback) {
      await insertTicketTask(trx, {
        ticketId: after.id,
        reason: decision.reason,
        number: (after.contact === undefined ? null : normalizeNumber(after.contact)) ?? step.callerNumber,
        dueAt: step.callbackDue === null ? null : new Date(step.callbackDue),
        now: new Date(now),
      });
    }
  }
  return events;
}

function recordedEvent(task: CallbackTaskRow, ticket: Ticket, action: Extract<TicketAction, { type: 'callback_result' }>, now: number): TicketEvent {
  return newEvent(
    EVENT_SOURCE,
    {
      type: 'ticket.callback_recorded',
      taskId: task.id,
      kind: 'ticket',
      ticketId: ticket.id,
      callIds: ticket.callId === undefined ? [] : [ticket.callId],
      reached: action.reached,
      ...(action.satisfaction === undefined ? {} : { satisfied: action.satisfaction === 'satisfied' }),
      ...(task.dueAt === null ? {} : { onTime: isOnTime(task.dueAt.getTime(), now) }),
    },
    new Date(now),
  );
}
