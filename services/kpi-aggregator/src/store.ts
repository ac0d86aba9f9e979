import { isCallEvent, type AgentEvent, type CallEvent, type TicketEvent } from '@hotline/events';
import type { VoiceSettings } from '@hotline/kpi';
import type pg from 'pg';
import { writeAgentIntervals, type AgentNow } from './agent-intervals.js';
import { callFactOf, foldCallEvents, type CallRow } from './call-fold.js';
import { insertRawEvents, type PreparedEvent } from './raw-events.js';
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
    await client.query(`begin; select pg_advisory_xact_lock(${WRITER_LOCK})`);
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
const pgType = (c: string): string => (INSTANTS.has(c) ? 'timestamptz' : (PG_TYPE[c] ?? 'text'));
const SELECT_CALLS = `select ${CALL_COLUMNS.map((c) => (INSTANTS.has(c) ? `(extract(epoch from ${c}) * 1000)::bigint as ${c}` : c)).join(', ')}
  from calls where call_id = any($1::text[])`;
const UPSERT_CALLS = `insert into calls (${CALL_COLUMNS.join(', ')}, updated_at)
  select ${CALL_COLUMNS.join(', ')}, now() from jsonb_to_recordset($1::jsonb) as r(${CALL_COLUMNS.map((c) => `${c} ${pgType(c)}`).join(', ')})
  on conflict (call_id) do update set ${CALL_COLUMNS.filter((c) => c !== 'call_id').map((c) => `${c} = excluded.${c}`).join(', ')}, updated_at = now()`;

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
  const { rows: storedRows } = await client.query<CallRow>(SELECT_CALLS, [ids]);
  const stored = new Map(storedRows.map((r) => [r.call_id, r]));
  const next = foldCallEvents(events, stored);
  const linked = await linkedFactsOf(client, ids);
  for (const id of ids) {
    const row = next.get(id) ?? stored.get(id);
    const l = linked.get(id);
    if (!row || !l) continue;
    if (row.acw_ms !== l.acw_ms || row.called_back !== l.called_back) next.set(id, { ...row, acw_ms: l.acw_ms, called_back: l.called_back });
  }
  const rows = [...next.values()];
  const json = rows.map((r) => Object.fromEntries(CALL_COLUMNS.map((c) => [c, INSTANTS.has(c) && r[c] !== null ? new Date(r[c] as number).toISOString() : r[c]])));
  await client.query(UPSERT_CALLS, [JSON.stringify(json)]);
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

/** ACW (the call's closed wrap_up intervals) and whether a missed-call callback reached the caller. */
async function linkedFactsOf(client: pg.ClientBase, callIds: readonly string[]): Promise<Map<string, { acw_ms: number; called_back: boolean }>> {
  const { rows } = await client.query<{ call_id: string; acw_ms: number; called_back: boolean }>(
    `select c.id as call_id,
            coalesce((select (sum(extract(epoch from i.ended_at - i.started_at)) * 1000)::bigint
                        from agent_state_intervals i
                       where i.call_id = c.id and i.state = 'wrap_up' and i.ended_at is not null), 0) as acw_ms,
            exists (select 1 from missed_call_callbacks m where m.call_id = c.id) as called_back
       from unnest($1::text[]) as c(id)`,
    [callIds],
  );
  return new Map(rows.map((r) => [r.call_id, r]));
}
