import type { TicketEvent } from '@hotline/events';
import { ticketCountersOf, ticketCountersToMap } from '@hotline/kpi';
import { quarterStart } from './quarter.js';
import type { Statement } from './statement.js';
import { foldTicketEvents, ticketFactOf, type TicketState, type TicketStep } from './ticket-fold.js';

/** The touched tickets' merged states and the change of ticket_rollups (per interval of creation). */
export interface TicketChanges {
  next: Map<string, TicketState>;
  rollups: Map<number, Record<string, number>>;
}

/** Merges the tickets' events into their stored states; each touched ticket's counters move from its old to its new value. */
export function planTickets(all: readonly TicketEvent[], stored: ReadonlyMap<string, TicketState>, tz: string): TicketChanges {
  const events = all.filter((e): e is TicketStep => e.ticketId !== undefined);
  const next = foldTicketEvents(events, stored);
  const rollups = new Map<number, Record<string, number>>();
  const add = (state: TicketState, sign: 1 | -1): void => {
    const fact = ticketFactOf(state);
    const interval = quarterStart(fact.createdAt, tz);
    const into = rollups.get(interval) ?? {};
    for (const [k, v] of Object.entries(ticketCountersToMap(ticketCountersOf(fact)))) into[k] = (into[k] ?? 0) + sign * v;
    rollups.set(interval, into);
  };
  for (const [id, state] of next) {
    const before = stored.get(id);
    if (before) add(before, -1);
    add(state, 1);
  }
  return { next, rollups };
}

/** The ticket ids a batch's ticket events touch (a missed-call callback has none). */
export const ticketIdsOf = (events: readonly TicketEvent[]): string[] => events.flatMap((e) => (e.ticketId !== undefined ? [e.ticketId] : []));

/** The statements writing ticket_facts and ticket_rollups (none when no ticket changed). */
export function ticketStatements({ next, rollups }: TicketChanges): Statement[] {
  if (next.size === 0) return [];
  const facts = [...next.values()].map((state) => {
    const fact = ticketFactOf(state);
    return { ticket_id: state.ticketId, created_at: new Date(fact.createdAt).toISOString(), state, fact };
  });
  const rows = [...rollups].map(([interval, counters]) => ({ interval_start: new Date(interval).toISOString(), counters }));
  return [
    {
      text: `insert into ticket_facts (ticket_id, created_at, state, fact)
     select ticket_id, created_at, state, fact
       from jsonb_to_recordset($1::jsonb) as r(ticket_id text, created_at timestamptz, state jsonb, fact jsonb)
     on conflict (ticket_id) do update set created_at = excluded.created_at, state = excluded.state, fact = excluded.fact, updated_at = now()`,
      values: [JSON.stringify(facts)],
    },
    {
      text: `insert into ticket_rollups (interval_start, counters)
     select interval_start, counters from jsonb_to_recordset($1::jsonb) as r(interval_start timestamptz, counters jsonb)
     on conflict (interval_start) do update set counters = kpi_add_counts(ticket_rollups.counters, excluded.counters)`,
      values: [JSON.stringify(rows)],
    },
  ];
}
