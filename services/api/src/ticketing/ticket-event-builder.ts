import { newEvent, type TicketEvent } from '@hotline/events';
import type { Applied, Ticket } from '@hotline/tickets';

/** The `source` of every event the API emits. */
export const EVENT_SOURCE = 'api';

/** How the step stood against the deadline it met, when it met one (see `metDeadline`). */
export interface StepTiming {
  readonly onTime?: boolean | undefined;
  readonly dueAt?: number | undefined;
}

/**
 * The events of one ticket step. The contract keys ticket KPIs by category, so nothing is
 * emitted while a draft has none: `ticket.created` (stamped with the creation time) goes out
 * with the first step that knows the category, and every step after it emits `ticket.transitioned`.
 */
export function ticketStepEvents(before: Ticket | null, applied: Applied, timing: StepTiming = {}): TicketEvent[] {
  const after = applied.ticket;
  if (after.category === undefined) return [];
  const events: TicketEvent[] = [];
  if (before === null || before.category === undefined) {
    events.push(
      newEvent(
        EVENT_SOURCE,
        {
          type: 'ticket.created',
          ticketId: after.id,
          channel: after.source,
          category: after.category,
          urgency: after.urgency,
          ...(after.callId === undefined ? {} : { callId: after.callId }),
        },
        new Date(after.createdAt),
      ),
    );
  }
  if (before === null) return events;

  const { action } = applied.history;
  events.push(
    newEvent(
      EVENT_SOURCE,
      {
        type: 'ticket.transitioned',
        ticketId: after.id,
        action: action.type,
        from: before.state,
        to: after.state,
        actor: { role: applied.history.actor.role, id: applied.history.actor.id },
        channel: after.source,
        category: after.category,
        urgency: after.urgency,
        ...optional('department', after.department),
        ...optional('firstDepartment', after.firstDepartment),
        ...optional('finalDepartment', after.finalDepartment),
        ...optional('onTime', timing.onTime),
        ...optional('dueAt', timing.dueAt === undefined ? undefined : new Date(timing.dueAt).toISOString()),
        ...(action.type === 'callback_result'
          ? { callbackResult: { reached: action.reached, satisfied: action.satisfaction === 'satisfied' } }
          : {}),
      },
      new Date(applied.history.at),
    ),
  );
  return events;
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}
