import type pg from 'pg';
import type { IntervalRow } from './agent-interval-fold.js';
import { CALL_COLUMNS, INSTANTS, type CallRow } from './call-fold.js';
import type { TicketState } from './ticket-fold.js';

/** What a call's row takes from other events: ACW (its closed wrap_up intervals) and a missed-call callback. */
export interface Linked {
  acwMs: number;
  calledBack: boolean;
}

/** The stored state a batch's fold starts from: what its events touch. */
export interface BatchState {
  /** Per touched agent, its intervals from the one before its earliest new change on, by start. */
  intervals: Map<string, IntervalRow[]>;
  /** Stored call rows; a loaded call without a row has none here. */
  calls: Map<string, CallRow>;
  /** Every loaded call's linked facts (with or without a row). */
  linked: Map<string, Linked>;
  tickets: Map<string, TicketState>;
}

/** What to load: each agent's earliest new change, the calls and tickets. */
export interface StateKeys {
  agents: Map<string, number>;
  /** Besides these, the calls of the agents' wrap_up intervals are loaded (their ACW may move). */
  callIds: Set<string>;
  ticketIds: Set<string>;
}

const iso = (ms: number): string => new Date(ms).toISOString();
const ms = (c: string): string => `(extract(epoch from ${c}) * 1000)::bigint`;

// Per agent: the interval before its earliest new change, and every one after.
const SELECT_INTERVALS = `select i.event_id, i.agent_id, i.state, ${ms('i.started_at')} as started_at, ${ms('i.ended_at')} as ended_at, i.call_id, i.reason
   from unnest($1::text[], $2::timestamptz[]) as t(agent_id, from_at)
   cross join lateral (select coalesce(max(p.started_at), '-infinity') as since
                         from agent_state_intervals p where p.agent_id = t.agent_id and p.started_at < t.from_at) b
   join agent_state_intervals i on i.agent_id = t.agent_id and i.started_at >= b.since`;
const SELECT_CALLS = `select t.id, k.call_id is not null as stored,
    ${CALL_COLUMNS.filter((c) => c !== 'call_id').map((c) => (INSTANTS.has(c) ? `${ms(`k.${c}`)} as ${c}` : `k.${c}`)).join(', ')},
    coalesce((select (sum(extract(epoch from i.ended_at - i.started_at)) * 1000)::bigint
                from agent_state_intervals i
               where i.call_id = t.id and i.state = 'wrap_up' and i.ended_at is not null), 0) as linked_acw_ms,
    exists (select 1 from missed_call_callbacks m where m.call_id = t.id) as linked_called_back
  from unnest($1::text[]) as t(id) left join lateral (select * from calls where call_id = t.id) k on true`;

type IntervalDbRow = { event_id: string; agent_id: string; state: string; started_at: number; ended_at: number | null; call_id: string | null; reason: string | null };
type CallDbRow = CallRow & { id: string; stored: boolean; linked_acw_ms: number; linked_called_back: boolean };

/**
 * Reads the state `keys` need, and only that: inside the batch's transaction, or beside it in a
 * snapshot when the batch is planned while the previous one is written. Then `ahead` is the
 * state that previous batch leaves (BatchPlan.after), not yet committed: what it holds wins over
 * the snapshot. Its intervals of an agent replace the stored ones — all of them when they reach
 * back to the agent's earliest new change, else from where they start, the older ones read; its
 * calls and tickets are taken as they are instead of read. Only what this batch needs is taken,
 * so the state carried from batch to batch stays the size of a batch.
 */
export async function loadState(client: pg.ClientBase, keys: StateKeys, ahead?: BatchState): Promise<BatchState> {
  const intervals = new Map<string, IntervalRow[]>();
  const toRead: [string, number][] = [];
  for (const [agent, earliest] of keys.agents) {
    const mine = ahead?.intervals.get(agent);
    let since: number | undefined;
    for (const r of mine ?? []) if (r.startedAt < earliest) since = r.startedAt;
    if (mine && since !== undefined) {
      const from = since;
      intervals.set(agent, mine.filter((r) => r.startedAt >= from));
    } else {
      toRead.push([agent, earliest]);
    }
  }
  if (toRead.length > 0) {
    const { rows } = await client.query<IntervalDbRow>(SELECT_INTERVALS, [toRead.map(([a]) => a), toRead.map(([, at]) => iso(at))]);
    for (const r of rows) {
      const mine = ahead?.intervals.get(r.agent_id);
      if (mine && r.started_at >= mine[0]!.startedAt) continue; // `ahead` has these, as they are now
      const row: IntervalRow = { eventId: r.event_id, agentId: r.agent_id, state: r.state, startedAt: r.started_at, endedAt: r.ended_at, callId: r.call_id, reason: r.reason };
      pushTo(intervals, r.agent_id, row);
    }
    for (const [agent] of toRead) for (const r of ahead?.intervals.get(agent) ?? []) pushTo(intervals, agent, r);
  }
  const callIds = new Set(keys.callIds);
  for (const list of intervals.values()) for (const r of list) if (r.state === 'wrap_up' && r.callId !== null) callIds.add(r.callId);
  const calls = new Map<string, CallRow>();
  const linked = new Map<string, Linked>();
  const tickets = new Map<string, TicketState>();
  const callsToRead: string[] = [];
  for (const id of callIds) {
    const l = ahead?.linked.get(id);
    if (!l) {
      callsToRead.push(id);
      continue;
    }
    linked.set(id, l);
    const row = ahead!.calls.get(id);
    if (row) calls.set(id, row);
  }
  const ticketsToRead: string[] = [];
  for (const id of keys.ticketIds) {
    const t = ahead?.tickets.get(id);
    if (t) tickets.set(id, t);
    else ticketsToRead.push(id);
  }
  if (callsToRead.length > 0) {
    const { rows } = await client.query<CallDbRow>(SELECT_CALLS, [callsToRead]);
    for (const { id, stored, linked_acw_ms, linked_called_back, ...row } of rows) {
      if (stored) calls.set(id, { ...row, call_id: id });
      linked.set(id, { acwMs: linked_acw_ms, calledBack: linked_called_back });
    }
  }
  if (ticketsToRead.length > 0) {
    const { rows } = await client.query<{ ticket_id: string; state: TicketState }>('select ticket_id, state from ticket_facts where ticket_id = any($1::text[])', [ticketsToRead]);
    for (const r of rows) tickets.set(r.ticket_id, r.state);
  }
  return { intervals, calls, linked, tickets };
}

function pushTo<V>(map: Map<string, V[]>, key: string, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
