import { describe, expect, it } from 'vitest';
import { ticketCountersFromMap, ticketCountersToMap } from './ticket-counter-map.js';
import { EMPTY_TICKET_COUNTERS } from './ticket-counters.js';

describe('ticket counter maps', () => {
  it('round-trips scalars and channels', () => {
    const c = { ...EMPTY_TICKET_COUNTERS, tickets: 3, dispatched: 2, channels: { web: { received: 2, replied: 1 } } };
    expect(ticketCountersToMap(c)).toMatchObject({ tickets: 3, dispatched: 2, 'channels.web.received': 2, 'channels.web.replied': 1 });
    expect(ticketCountersFromMap(ticketCountersToMap(c))).toEqual(c);
  });

  it('reads missing keys as 0', () => {
    expect(ticketCountersFromMap({ tickets: 1 })).toEqual({ ...EMPTY_TICKET_COUNTERS, tickets: 1 });
  });
});
