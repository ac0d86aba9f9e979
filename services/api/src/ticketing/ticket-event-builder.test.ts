import { parseEvent } from '@hotline/events';
import { applyAction, createTicket, type Actor, type Applied, type Ticket } from '@hotline/tickets';
import { describe, expect, it } from 'vitest';
import { ticketStepEvents } from './ticket-event-builder.js';

const T0 = Date.UTC(2025, 2, 4, 2, 0);
const agent: Actor = { id: 'a1', role: 'agent' };

function created(fields: Record<string, unknown>): Applied {
  const result = createTicket({ id: '6f1c2a52-61a1-4a4e-9a57-0a5b3c9c1f00', fields, actor: agent, now: T0 });
  if (!result.ok) throw new Error(JSON.stringify(result));
  return result;
}

function step(ticket: Ticket, action: Parameters<typeof applyAction>[1], at = T0 + 60_000): Applied {
  const result = applyAction(ticket, action, agent, at);
  if (!result.ok) throw new Error(JSON.stringify(result));
  return result;
}

describe('ticketStepEvents', () => {
  it('emits ticket.created at creation when the category is known', () => {
    const events = ticketStepEvents(null, created({ source: 'web', category: 'consult' }));
    expect(events).toHaveLength(1);
    expect(parseEvent(events[0])).toMatchObject({ type: 'ticket.created', channel: 'web', category: 'consult', at: new Date(T0).toISOString() });
  });

  it('holds everything back while a draft has no category, then sends ticket.created stamped with the creation time', () => {
    const draft = created({ source: 'phone', callId: 'c-1' });
    expect(ticketStepEvents(null, draft)).toEqual([]);
    const classified = step(draft.ticket, { type: 'edit', fields: { category: 'help' } });
    const events = ticketStepEvents(draft.ticket, classified).map((e) => parseEvent(e));
    expect(events.map((e) => e.type)).toEqual(['ticket.created', 'ticket.transitioned']);
    expect(events[0]).toMatchObject({ callId: 'c-1', at: new Date(T0).toISOString() });
    expect(events[1]).toMatchObject({ action: 'edit', from: 'draft', to: 'draft', actor: { role: 'agent', id: 'a1' } });
  });

  it('carries the deadline judgement and the departments of a dispatch', () => {
    const ready = created({
      source: 'phone',
      callerName: '李女士',
      contact: '13800138000',
      location: '海甸岛',
      event: '井盖缺失',
      request: '补装',
      category: 'help',
    });
    const dispatched = step(ready.ticket, { type: 'dispatch', department: 'roads' });
    const [event] = ticketStepEvents(ready.ticket, dispatched, { onTime: true, dueAt: T0 + 15 * 60_000 });
    expect(parseEvent(event)).toMatchObject({
      type: 'ticket.transitioned',
      action: 'dispatch',
      department: 'roads',
      firstDepartment: 'roads',
      onTime: true,
      dueAt: new Date(T0 + 15 * 60_000).toISOString(),
    });
  });
});
