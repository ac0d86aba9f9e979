import { isCallEvent, type AgentEvent, type CallEvent, type TicketEvent } from '@hotline/events';
import type { VoiceSettings } from '@hotline/kpi';
import type pg from 'pg';
import { writeAgentIntervals, type AgentNow } from './agent-intervals.js';
import { callFactOf, foldCallEvents, type CallRow } from './call-fold.js';
import { fromEpochMs, numberArray, textArray } from './pg-arrays.js';
import { insertRawEvents, RAW_EVENTS_SAVEPOINT, type PreparedEvent } from './raw-events.js';
import { rollupDeltas } from './rollup-delta.js';
import { writeVoiceRollups } from './rollup-writer.js';
import { writeTickets } from './ticket-writer.js';

export type StoreSettings = Pick<VoiceSettings, 'serviceLevelThresholdsMs' | 'shortAbandonMs' | 'timeZone'>;

/** What a batch changed, for the live snapshot. */
export interface BatchResult {
  fresh: number;
  calls: CallRow[];
  agents: AgentNow[];
}

// One writer at a time: the rollup deltas read-modify-write call rows, so two aggregator
// instances must not interleave batches (a transaction-scoped advisory lock, released at commit).
const WRITER_LOCK = 0x4b5049; // "KPI"

/**
 * Writes one batch in one transaction with a few statements: the raw events (a redelivered
 * event_id is skipped and changes nothing else), agent state intervals, the merged call
 * rows, and the 15-minute rollups changed by exactly the difference between each touched
 * call's old and new counters, so out-of-order events still give the rollups of the merged call.
 */
export async function writeBatch(pool: pg.Pool, events: readonly PreparedEvent[], settings: StoreSettings): Promise<BatchResult> {
  const client = await pool.connect();
  try {
    await client.query(`begin; select pg_advisory_xact_lock(${WRITER_LOCK}); ${RAW_EVENTS_SAVEPOINT}`);
    const fresh = await insertRawEvents(client, events);
    const callEvents = fresh.filter(isCallEvent);
    const agentEvents = fresh.filter((e): e is AgentEvent => e.type === 'agent.state_changed');
    const ticketEvents = fresh.filter((e): e is TicketEvent => e.type.startsWith('ticket.'));

    const { acwCalls, agents } = await writeAgentIntervals(client, agentEvents);
    const calledBack = await writeMissedCallCallbacks(client, ticketEvents);
    const calls = await writeCalls(client, callEvents, new Set([...acwCalls, ...calledBack]), settings);
    await writeTickets(client, ticketEvents, settings.timeZone);
    await client.query('commit');
    return { fresh: fresh.length, calls, agents };
  } catch (err) {
    await client.query('rollback').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}

const CALL_COLUMNS = [
  'call_id', 'caller', 'dialed', 'channel_id', 'first_seen_at', 'arrived_at', 'ivr_answered_at', 'queue_id', 'queued_at',
  'offered_at', 'answered_at', 'agent_id', 'wait_ms', 'abandoned_at', 'ended_at', 'end_cause', 'offers', 'rona_count',
  'talk_ms', 'hold_ms', 'acw_ms', 'survey', 'callback_requested', 'called_back', 'recorded', 'reviewed',
] as const satisfies readonly (keyof CallRow)[];
const INSTANTS = new Set<string>(['first_seen_at', 'arrived_at', 'ivr_answered_at', 'queued_at', 'offered_at', 'answered_at', 'abandoned_at', 'ended_at']);
const PG_TYPE: Record<string, string> = {
  wait_ms: 'integer', offers: 'integer', rona_count: 'integer', talk_ms: 'integer', hold_ms: 'integer', acw_ms: 'integer',
  callback_requested: 'boolean', called_back: 'boolean', recorded: 'boolean', reviewed: 'boolean',
};
// Instants travel as epoch ms (bigint[]), every column as one array parameter.
const arrayType = (c: string): string => (INSTANTS.has(c) ? 'bigint' : (PG_TYPE[c] ?? 'text'));
const columnValue = (c: string): string => (INSTANTS.has(c) ? fromEpochMs(c) : c);
/** Each touched call's stored row (null columns when there is none) with its linked facts: ACW (its closed
 * wrap_up intervals) and whether a missed-call callback reached the caller. */
const SELECT_CALLS = `select t.id, k.call_id is not null as stored,
    ${CALL_COLUMNS.filter((c) => c !== 'call_id').map((c) => (INSTANTS.has(c) ? `(extract(epoch from k.${c}) * 1000)::bigint as ${c}` : `k.${c}`)).join(', ')},
    coalesce((select (sum(extract(epoch from i.ended_at - i.started_at)) * 1000)::bigint
                from agent_state_intervals i
               where i.call_id = t.id and i.state = 'wrap_up' and i.ended_at is not null), 0) as linked_acw_ms,
    exists (select 1 from missed_call_callbacks m where m.call_id = t.id) as linked_called_back
  from unnest($1::text[]) as t(id) left join lateral (select * from calls where call_id = t.id) k on true`;
const UPSERT_CALLS = `insert into calls (${CALL_COLUMNS.join(', ')}, updated_at)
  select ${CALL_COLUMNS.map(columnValue).join(', ')}, now()
    from unnest(${CALL_COLUMNS.map((c, i) => `$${i + 1}::${arrayType(c)}[]`).join(', ')}) as r(${CALL_COLUMNS.join(', ')})
  on conflict (call_id) do update set ${CALL_COLUMNS.filter((c) => c !== 'call_id').map((c) => `${c} = excluded.${c}`).join(', ')}, updated_at = now()`;

const booleanArray = (values: readonly boolean[]): string => `{${values.map((v) => (v ? 't' : 'f')).join(',')}}`;
function columnArray(rows: readonly CallRow[], c: (typeof CALL_COLUMNS)[number]): string {
  const type = arrayType(c);
  if (type === 'boolean') return booleanArray(rows.map((r) => r[c] as boolean));
  if (type === 'text') return textArray(rows.map((r) => r[c] as string | null));
  return numberArray(rows.map((r) => r[c] as number | null));
}

/** Records the abandoned calls a missed-call callback reached; returns their ids. */
async function writeMissedCallCallbacks(client: pg.ClientBase, events: readonly TicketEvent[]): Promise<string[]> {
  const rows = events.flatMap((e) =>
    e.type === 'ticket.callback_recorded' && e.kind === 'missed_call' && e.reached ? e.callIds.map((call_id) => ({ call_id, at: e.at })) : [],
  );
  if (rows.length === 0) return [];
  await client.query(
    `insert into missed_call_callbacks (call_id, reached_at)
     select call_id, min(at) from jsonb_to_recordset($1::jsonb) as r(call_id text, at timestamptz) group by call_id
     on conflict (call_id) do update set reached_at = least(missed_call_callbacks.reached_at, excluded.reached_at)`,
    [JSON.stringify(rows)],
  );
  return rows.map((r) => r.call_id);
}

/**
 * Merges the touched calls: their new events, plus what other events decide for them
 * (ACW from the agent's wrap-up, a missed-call callback), re-read for every touched call
 * so either side may arrive first.
 */
async function writeCalls(client: pg.ClientBase, events: readonly CallEvent[], otherTouched: ReadonlySet<string>, settings: StoreSettings): Promise<CallRow[]> {
  const ids = [...new Set([...events.map((e) => e.callId), ...otherTouched])];
  if (ids.length === 0) return [];
  const { rows: read } = await client.query<CallRow & { id: string; stored: boolean; linked_acw_ms: number; linked_called_back: boolean }>(SELECT_CALLS, [ids]);
  const stored = new Map<string, CallRow>();
  for (const { id, stored: isStored, linked_acw_ms, linked_called_back, ...row } of read) if (isStored) stored.set(id, { ...row, call_id: id });
  const next = foldCallEvents(events, stored);
  for (const { id, linked_acw_ms: acwMs, linked_called_back: calledBack } of read) {
    const row = next.get(id) ?? stored.get(id);
    if (!row) continue;
    if (row.acw_ms !== acwMs || row.called_back !== calledBack) next.set(id, { ...row, acw_ms: acwMs, called_back: calledBack });
  }
  const rows = [...next.values()];
  await client.query(UPSERT_CALLS, CALL_COLUMNS.map((c) => columnArray(rows, c)));
  const deltas = rollupDeltas(
    rows.map((r) => {
      const before = stored.get(r.call_id);
      return { before: before ? callFactOf(before) : undefined, after: callFactOf(r) };
    }),
    settings,
  );
  await writeVoiceRollups(client, deltas);
  return rows;
}
