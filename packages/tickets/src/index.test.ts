import * as sla from '@hotline/sla';
import type { SlaFacts } from '@hotline/sla';
import { describe, expect, it } from 'vitest';
import * as tickets from './index.js';
import { ticketIn } from './test-fixtures.js';

describe('@hotline/tickets public API', () => {
  it('exports the workflow entry points', () => {
    for (const name of ['createTicket', 'applyAction', 'availableActions', 'needsCallback', 'missedCallCallbackTask', 'normalizeNumber']) {
      expect(typeof (tickets as Record<string, unknown>)[name]).toBe('function');
    }
    expect(tickets.TRANSITIONS.length).toBeGreaterThan(0);
  });

  // The two packages repeat the vocabulary so that neither depends on the
  // other at run time; this keeps them in step.
  it('uses the same vocabulary as @hotline/sla', () => {
    expect(tickets.CHANNELS).toEqual(sla.CHANNELS);
    expect(tickets.NETWORK_CHANNELS).toEqual(sla.NETWORK_CHANNELS);
    expect(tickets.CATEGORIES).toEqual(sla.CATEGORIES);
    expect(tickets.URGENCIES).toEqual(sla.URGENCIES);
  });

  it('a Ticket is usable as SLA facts', () => {
    const ticket: SlaFacts = ticketIn('returned');
    const due = sla.slaDue(sla.DEFAULT_SLA_RULE_SET, 'return_review', ticket);
    expect(due).toBe((ticket.returnedAt ?? Number.NaN) + 3 * 3_600_000);
    const held: SlaFacts = ticketIn('suspended');
    expect(sla.slaDue(sla.DEFAULT_SLA_RULE_SET, 'stale_hold', held)).toBe((held.updatedAt ?? Number.NaN) + 48 * 3_600_000);
  });
});
