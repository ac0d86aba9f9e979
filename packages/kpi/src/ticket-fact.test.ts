import { describe, expect, it } from 'vitest';
import type { TicketFact } from './ticket-fact.js';
import { ticketCountersOf } from './ticket-fact.js';

const MIN = 60_000;
const T0 = 1_700_000_000_000;
const base: TicketFact = {
  ticketId: 't',
  createdAt: T0,
  channel: 'phone',
  valid: true,
  resolvedOnline: false,
  calledBack: false,
  dissatisfiedComplaint: false,
  staleSuspended: false,
  complaintAboutAgent: false,
};

describe('ticketCountersOf', () => {
  it('a phone ticket closed online', () => {
    expect(ticketCountersOf({ ...base, resolvedOnline: true })).toMatchObject({
      tickets: 1,
      validTickets: 1,
      resolvedOnline: 1,
      dispatched: 0,
      channels: {},
    });
  });
  it('an invalid ticket counts in tickets only', () => {
    expect(ticketCountersOf({ ...base, valid: false, resolvedOnline: true })).toMatchObject({ tickets: 1, validTickets: 0, resolvedOnline: 0 });
  });
  it('phone dispatch: exactly 15 min is on time, 1 ms more is late', () => {
    expect(ticketCountersOf({ ...base, dispatchedAt: T0 + 15 * MIN })).toMatchObject({ dispatched: 1, dispatchedOnTime: 1 });
    expect(ticketCountersOf({ ...base, dispatchedAt: T0 + 15 * MIN + 1 })).toMatchObject({ dispatched: 1, dispatchedOnTime: 0 });
  });
  it('network dispatch: 5 min', () => {
    expect(ticketCountersOf({ ...base, channel: 'wechat', dispatchedAt: T0 + 5 * MIN }).dispatchedOnTime).toBe(1);
    expect(ticketCountersOf({ ...base, channel: 'wechat', dispatchedAt: T0 + 5 * MIN + 1 }).dispatchedOnTime).toBe(0);
  });
  it('dispatch accuracy: first department differs from the final one', () => {
    expect(ticketCountersOf({ ...base, dispatchedAt: T0, firstDeptId: 'a', finalDeptId: 'b' }).dispatchedWrongFirstDept).toBe(1);
    expect(ticketCountersOf({ ...base, dispatchedAt: T0, firstDeptId: 'a', finalDeptId: 'a' }).dispatchedWrongFirstDept).toBe(0);
    expect(ticketCountersOf({ ...base, dispatchedAt: T0, firstDeptId: 'a' }).dispatchedWrongFirstDept).toBe(0); // not resolved yet
  });
  it('return reviews: 30 min urgent, 3 h other, pending ones not counted', () => {
    const c = ticketCountersOf({
      ...base,
      returnReviews: [
        { requestedAt: T0, reviewedAt: T0 + 30 * MIN, urgent: true },
        { requestedAt: T0, reviewedAt: T0 + 30 * MIN + 1, urgent: true },
        { requestedAt: T0, reviewedAt: T0 + 180 * MIN, urgent: false },
        { requestedAt: T0, reviewedAt: T0 + 180 * MIN + 1, urgent: false },
        { requestedAt: T0, urgent: false },
      ],
    });
    expect(c).toMatchObject({ returnsReviewed: 4, returnsReviewedOnTime: 2 });
  });
  it('callbacks: judged by the SLA clock; open deadlines are not counted', () => {
    expect(ticketCountersOf({ ...base, callbackOnTime: true })).toMatchObject({ callbacksDue: 1, callbacksOnTime: 1 });
    expect(ticketCountersOf({ ...base, callbackOnTime: false })).toMatchObject({ callbacksDue: 1, callbacksOnTime: 0 });
    expect(ticketCountersOf({ ...base, callbackOnTime: null })).toMatchObject({ callbacksDue: 0, callbacksOnTime: 0 });
  });
  it('callback coverage counts dispatched tickets called back', () => {
    expect(ticketCountersOf({ ...base, dispatchedAt: T0, calledBack: true }).calledBack).toBe(1);
    expect(ticketCountersOf({ ...base, calledBack: true }).calledBack).toBe(0);
  });
  it('dissatisfied complaints called back', () => {
    expect(ticketCountersOf({ ...base, dissatisfiedComplaint: true, calledBack: true })).toMatchObject({
      dissatisfiedComplaints: 1,
      dissatisfiedComplaintsCalledBack: 1,
    });
  });
  it('completion on time: the deadline is inclusive', () => {
    expect(ticketCountersOf({ ...base, completedAt: T0 + 10, deadlineAt: T0 + 10 })).toMatchObject({ completed: 1, completedOnTime: 1 });
    expect(ticketCountersOf({ ...base, completedAt: T0 + 11, deadlineAt: T0 + 10 })).toMatchObject({ completed: 1, completedOnTime: 0 });
    expect(ticketCountersOf({ ...base, deadlineAt: T0 })).toMatchObject({ completed: 0, completedOnTime: 0 });
  });
  it('network channel response', () => {
    expect(ticketCountersOf({ ...base, channel: 'mayor_mailbox', repliedAt: T0 + 1 }).channels).toEqual({ mayor_mailbox: { received: 1, replied: 1 } });
    expect(ticketCountersOf({ ...base, channel: 'app' }).channels).toEqual({ app: { received: 1, replied: 0 } });
  });
  it('stale suspended and complaints about agents', () => {
    expect(ticketCountersOf({ ...base, staleSuspended: true, complaintAboutAgent: true })).toMatchObject({ staleSuspended: 1, complaintsAboutAgents: 1 });
  });
});
