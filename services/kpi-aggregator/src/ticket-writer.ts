import type { TicketEvent } from '@hotline/events';
import { ticketCountersOf, ticketCountersToMap } from '@hotline/kpi';
import type pg from 'pg';
import { quarterStart } from './quarter.js';
import { foldTicketEvents, ticketFactOf, type TicketState, type TicketStep } from './ticket-fold.js';

/**
 * Merges the tickets' events into ticket_facts and moves each touched ticket's counters
 * in ticket_rollups from its old to its new value (the interval of its creation).
 */
export async function writeTickets(client: pg.ClientBase, all: readonly TicketEvent[], tz: string): Promise<void> {
  const events = all.filter((e): e is TicketStep => e.ticketId !== undefined);
  if (events.length === 0) return;
  const ids = [...new Set(events.map((e) => e.ticketId))];
  const { rows } = await client.query<{ ticket_id: string; state: TicketState }>('select ticket_id, state from ticket_facts where ticket_id = any($1::text[])', [ids]);
  const stored = new Map(rows.map((r) => [r.ticket_id, r.state]));
  const next = foldTicketEvents(events, stored);

  const deltas = new Map<number, Record<string, number>>();
  const add = (state: TicketState, sign: 1 | -1): void => {
    const fact = ticketFactOf(state);
    const interval = quarterStart(fact.createdAt, tz);
    const into = deltas.get(interval) ?? {};
    for (const [k, v] of Object.entries(ticketCountersToMap(ticketCountersOf(fact)))) into[k] = (into[k] ?? 0) + sign * v;
    deltas.set(interval, into);
  };
  for (const [id, state] of next) {
    const before = stored.get(id);
    if (before) add(before, -1);
    add(state, 1);
  }
  const facts = [...next.values()].map((state) => {
    const fact = ticketFactOf(state);
    return { ticket_id: state.ticketId, created_at: new Date(fact.createdAt).toISOString(), state, fact };
  });
  await client.query(
    `insert into ticket_facts (ticket_id, created_at, state, fact)
     select ticket_id, created_at, state, fact
       from jsonb_to_recordset($1::jsonb) as r(ticket_id text, created_at timestamptz, state jsonb, fact jsonb)
     on conflict (ticket_id) do update set created_at = excluded.created_at, state = excluded.state, fact = excluded.fact, updated_at = now()`,
    [JSON.stringify(facts)],
  );
  const rollups = [...deltas].map(([interval, counters]) => ({ interval_start: new Date(interval).toISOString(), counters }));
  await client.query(
    `insert into ticket_rollups (interval_start, counters)
     select interval_start, counters from jsonb_to_recordset($1::jsonb) as r(interval_start timestamptz, counters jsonb)
     on conflict (interval_start) do update set counters = kpi_add_counts(ticket_rollups.counters, excluded.counters)`,
    [JSON.stringify(rollups)],
  );
}
