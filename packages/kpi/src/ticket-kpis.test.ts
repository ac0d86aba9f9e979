import { describe, expect, it } from 'vitest';
import type { TicketCounters } from './ticket-counters.js';
import { EMPTY_TICKET_COUNTERS } from './ticket-counters.js';
import { ticketKpis } from './ticket-kpis.js';

const c: TicketCounters = {
  tickets: 10_000,
  validTickets: 9_000,
  resolvedOnline: 7_200,
  dispatched: 1_000,
  dispatchedOnTime: 997,
  dispatchedWrongFirstDept: 20,
  returnsReviewed: 50,
  returnsReviewedOnTime: 48,
  callbacksDue: 800,
  callbacksOnTime: 799,
  staleSuspended: 2,
  calledBack: 990,
  dissatisfiedComplaints: 40,
  dissatisfiedComplaintsCalledBack: 39,
  completed: 900,
  completedOnTime: 900,
  channels: { web: { received: 30, replied: 30 }, app: { received: 70, replied: 69 } },
  complaintsAboutAgents: 1,
};

describe('ticketKpis (hand-computed)', () => {
  const k = ticketKpis(c);
  it('timeliness and late events', () => {
    expect(k.dispatchTimeliness).toMatchObject({ value: 0.997, numerator: 997, denominator: 1_000 });
    expect(k.lateDispatches).toEqual({ value: 3, numerator: 3, denominator: 1_000, unit: 'count' });
    expect(k.returnReviewTimeliness.value).toBe(0.96);
    expect(k.lateReturnReviews.value).toBe(2);
    expect(k.callbackTimeliness).toMatchObject({ numerator: 799, denominator: 800 });
    expect(k.lateCallbacks.value).toBe(1);
    expect(k.staleSuspended.value).toBe(2);
  });
  it('FCR 7 200 / 9 000 = 80 %; dispatch accuracy 1 - 20 / 1 000 = 98 %', () => {
    expect(k.fcr.value).toBe(0.8);
    expect(k.dispatchAccuracy).toMatchObject({ value: 0.98, numerator: 980, denominator: 1_000 });
  });
  it('coverage, dissatisfied callback, completion', () => {
    expect(k.callbackCoverage.value).toBe(0.99);
    expect(k.dissatisfiedCallbackRate.value).toBe(0.975);
    expect(k.onTimeCompletion.value).toBe(1);
  });
  it('channel response 99 / 100 overall and per channel', () => {
    expect(k.channelResponseRate).toMatchObject({ value: 0.99, numerator: 99, denominator: 100 });
    expect(k.channelResponse.web?.value).toBe(1);
    expect(k.channelResponse.app?.value).toBe(69 / 70);
  });
  it('complaint rate: 1 / 10 000 = exactly 0.01 %', () => {
    expect(k.complaintRate.value).toBe(0.0001);
  });
  it('zero denominators give null', () => {
    const z = ticketKpis(EMPTY_TICKET_COUNTERS);
    for (const name of ['dispatchTimeliness', 'fcr', 'dispatchAccuracy', 'returnReviewTimeliness', 'callbackTimeliness', 'callbackCoverage', 'dissatisfiedCallbackRate', 'onTimeCompletion', 'channelResponseRate', 'complaintRate'] as const) {
      expect(z[name].value, name).toBeNull();
    }
    expect(z.lateDispatches.value).toBe(0);
    expect(z.channelResponse).toEqual({});
  });
});
