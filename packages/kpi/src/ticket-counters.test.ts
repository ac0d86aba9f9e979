import { describe, expect, it } from 'vitest';
import { EMPTY_TICKET_COUNTERS, mergeTicketCounters, sumTicketCounters } from './ticket-counters.js';

describe('mergeTicketCounters', () => {
  const a = { ...EMPTY_TICKET_COUNTERS, tickets: 3, dispatched: 2, channels: { web: { received: 2, replied: 1 } } };
  const b = { ...EMPTY_TICKET_COUNTERS, tickets: 4, dispatched: 1, channels: { web: { received: 1, replied: 1 }, app: { received: 5, replied: 5 } } };
  it('sums scalars and merges channels by name', () => {
    expect(mergeTicketCounters(a, b)).toEqual({
      ...EMPTY_TICKET_COUNTERS,
      tickets: 7,
      dispatched: 3,
      channels: { web: { received: 3, replied: 2 }, app: { received: 5, replied: 5 } },
    });
  });
  it('has the empty counters as identity and is commutative', () => {
    expect(mergeTicketCounters(EMPTY_TICKET_COUNTERS, a)).toEqual(a);
    expect(mergeTicketCounters(a, b)).toEqual(mergeTicketCounters(b, a));
    expect(sumTicketCounters([a, b])).toEqual(mergeTicketCounters(a, b));
    expect(sumTicketCounters([])).toEqual(EMPTY_TICKET_COUNTERS);
  });
  it('does not mutate its inputs', () => {
    mergeTicketCounters(a, b);
    expect(a.channels).toEqual({ web: { received: 2, replied: 1 } });
  });
});
