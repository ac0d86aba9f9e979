import { newEvent, type TicketEvent } from '@hotline/events';
import { describe, expect, it } from 'vitest';
import { foldTicketEvents, ticketFactOf, type TicketStep } from './ticket-fold.js';

const at = (min: number) => new Date(Date.UTC(2026, 9, 1, 1, min));
const ms = (min: number) => at(min).getTime();
const actor = { role: 'agent', id: 'u1' };
const step = (min: number, fields: Omit<Extract<TicketEvent, { type: 'ticket.transitioned' }>, 'v' | 'eventId' | 'at' | 'source' | 'type' | 'ticketId' | 'actor' | 'channel' | 'category'>) =>
  newEvent('t', { type: 'ticket.transitioned', ticketId: 't1', actor, channel: 'web', category: 'complaint', ...fields }, at(min)) as TicketStep;

describe('ticket fold', () => {
  const created = newEvent('t', { type: 'ticket.created', ticketId: 't1', channel: 'web', category: 'complaint', urgency: 'urgent' }, at(0)) as TicketStep;
  const dispatch = step(4, { action: 'dispatch', from: 'draft', to: 'dispatched', department: 'water' });
  const ret = step(30, { action: 'return', from: 'accepted', to: 'returned' });
  const approve = step(70, { action: 'approve_return', from: 'returned', to: 'dispatched', department: 'housing' });
  const reply = step(300, { action: 'reply', from: 'accepted', to: 'reviewing', department: 'housing', onTime: false, finalDepartment: 'housing' });
  const callback = newEvent('t', { type: 'ticket.callback_recorded', taskId: '6f1c7a8e-3c2b-4a51-9a55-0d2b7c1f4e11', kind: 'ticket', ticketId: 't1', callIds: [], reached: true, satisfied: false, onTime: true }, at(400)) as TicketStep;
  const all = [created, dispatch, ret, approve, reply, callback];

  it('derives the KPI fact of a ticket from its events', () => {
    expect(ticketFactOf(foldTicketEvents(all, new Map()).get('t1')!)).toEqual({
      ticketId: 't1', createdAt: ms(0), channel: 'web', valid: true, resolvedOnline: false,
      dispatchedAt: ms(4), firstDeptId: 'water', finalDeptId: 'housing',
      // urgent: reviewed 40 min after the return (limit 30 min)
      returnReviews: [{ requestedAt: ms(30), reviewedAt: ms(70), urgent: true }],
      callbackOnTime: true, calledBack: true, dissatisfiedComplaint: true,
      // the reply missed the department deadline: the fact's deadline is just before it
      completedAt: ms(300), deadlineAt: ms(300) - 1,
      staleSuspended: false, repliedAt: ms(300), complaintAboutAgent: false,
    });
  });

  it('gives the same fact in any order and across batches', () => {
    const inOrder = ticketFactOf(foldTicketEvents(all, new Map()).get('t1')!);
    expect(ticketFactOf(foldTicketEvents([...all].reverse(), new Map()).get('t1')!)).toEqual(inOrder);
    const first = foldTicketEvents([reply, approve], new Map());
    expect(ticketFactOf(foldTicketEvents([callback, created, ret, dispatch], first).get('t1')!)).toEqual(inOrder);
  });
});
