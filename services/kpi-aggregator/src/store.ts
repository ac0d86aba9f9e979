import type { Db } from '@hotline/db';
import { isCallEvent, type AgentEvent, type CallEvent, type HotlineEvent, type TicketEvent } from '@hotline/events';
import type { VoiceSettings } from '@hotline/kpi';
import { sql, type Transaction } from 'kysely';
import type { Database } from '@hotline/db';
import { writeAgentIntervals, type AgentNow } from './agent-intervals.js';
import { callFactOf, foldCallEvents, type CallRow } from './call-fold.js';
import { writeVoiceRollups } from './rollup-writer.js';
import { rollupDeltas } from './rollup-delta.js';
import { writeTickets } from './ticket-writer.js';

type Trx = Transaction<Database>;
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
export async function writeBatch(db: Db, events: readonly HotlineEvent[], settings: StoreSettings): Promise<BatchResult> {
  return db.transaction().execute(async (trx) => {
    await sql`select pg_advisory_xact_lock(${WRITER_LOCK})`.execute(trx);
    const fresh = await insertRawEvents(trx, events);
    const callEvents = fresh.filter(isCallEvent);
    const agentEvents = fresh.filter((e): e is AgentEvent => e.type === 'agent.state_changed');
    const ticketEvents = fresh.filter((e): e is TicketEvent => e.type.startsWith('ticket.'));

    const { acwCalls, agents } = await writeAgentIntervals(trx, agentEvents);
    const calledBack = await writeMissedCallCallbacks(trx, ticketEvents);
    const calls = await writeCalls(trx, callEvents, new Set([...acwCalls, ...calledBack]), settings);
    await writeTickets(trx, ticketEvents, settings.timeZone);
    return { fresh: fresh.length, calls, agents };
  });
}

/** Inserts the events; returns those not seen before (the only ones applied). */
async function insertRawEvents(trx: Trx, events: readonly HotlineEvent[]): Promise<HotlineEvent[]> {
  if (events.length === 0) return [];
  const unique = [...new Map(events.map((e) => [e.eventId, e])).values()];
  const raw = unique.map((e) => ({ event_id: e.eventId, call_id: 'callId' in e ? (e.callId ?? null) : null, type: e.type, at: e.at, payload: e }));
  const { rows } = await sql<{ event_id: string }>`
    insert into call_events (event_id, call_id, type, at, payload)
    select event_id, call_id, type, at, payload
      from jsonb_to_recordset(${JSON.stringify(raw)}::jsonb)
        as r(event_id uuid, call_id text, type text, at timestamptz, payload jsonb)
    on conflict (event_id) do nothing
    returning event_id`.execute(trx);
  const inserted = new Set(rows.map((r) => r.event_id));
  return unique.filter((e) => inserted.has(e.eventId));
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
const selectList = sql.raw(CALL_COLUMNS.map((c) => (INSTANTS.has(c) ? `(extract(epoch from ${c}) * 1000)::bigint as ${c}` : c)).join(', '));
const recordType = sql.raw(CALL_COLUMNS.map((c) => `${c} ${pgType(c)}`).join(', '));
const columnList = sql.raw(CALL_COLUMNS.join(', '));
const updateList = sql.raw(CALL_COLUMNS.filter((c) => c !== 'call_id').map((c) => `${c} = excluded.${c}`).join(', '));

/** Records the abandoned calls a missed-call callback reached; returns their ids. */
async function writeMissedCallCallbacks(trx: Trx, events: readonly TicketEvent[]): Promise<string[]> {
  const rows = events.flatMap((e) =>
    e.type === 'ticket.callback_recorded' && e.kind === 'missed_call' && e.reached ? e.callIds.map((call_id) => ({ call_id, at: e.at })) : [],
  );
  if (rows.length === 0) return [];
  await sql`
    insert into missed_call_callbacks (call_id, reached_at)
    select call_id, min(at) from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as r(call_id text, at timestamptz) group by call_id
    on conflict (call_id) do update set reached_at = least(missed_call_callbacks.reached_at, excluded.reached_at)`.execute(trx);
  return rows.map((r) => r.call_id);
}

/**
 * Merges the touched calls: their new events, plus what other events decide for them
 * (ACW from the agent's wrap-up, a missed-call callback), re-read for every touched call
 * so either side may arrive first.
 */
async function writeCalls(trx: Trx, events: readonly CallEvent[], otherTouched: ReadonlySet<string>, settings: StoreSettings): Promise<CallRow[]> {
  const ids = [...new Set([...events.map((e) => e.callId), ...otherTouched])];
  if (ids.length === 0) return [];
  const { rows: storedRows } = await sql<CallRow>`select ${selectList} from calls where call_id = any(${ids})`.execute(trx);
  const stored = new Map(storedRows.map((r) => [r.call_id, r]));
  const next = foldCallEvents(events, stored);
  const linked = await linkedFactsOf(trx, ids);
  for (const id of ids) {
    const row = next.get(id) ?? stored.get(id);
    const l = linked.get(id);
    if (!row || !l) continue;
    if (row.acw_ms !== l.acw_ms || row.called_back !== l.called_back) next.set(id, { ...row, acw_ms: l.acw_ms, called_back: l.called_back });
  }
  const rows = [...next.values()];
  const json = rows.map((r) => Object.fromEntries(CALL_COLUMNS.map((c) => [c, INSTANTS.has(c) && r[c] !== null ? new Date(r[c] as number).toISOString() : r[c]])));
  await sql`
    insert into calls (${columnList}, updated_at)
    select ${columnList}, now() from jsonb_to_recordset(${JSON.stringify(json)}::jsonb) as r(${recordType})
    on conflict (call_id) do update set ${updateList}, updated_at = now()`.execute(trx);
  const deltas = rollupDeltas(
    rows.map((r) => {
      const before = stored.get(r.call_id);
      return { before: before ? callFactOf(before) : undefined, after: callFactOf(r) };
    }),
    settings,
  );
  await writeVoiceRollups(trx, deltas);
  return rows;
}

/** ACW (the call's closed wrap_up intervals) and whether a missed-call callback reached the caller. */
async function linkedFactsOf(trx: Trx, callIds: readonly string[]): Promise<Map<string, { acw_ms: number; called_back: boolean }>> {
  const { rows } = await sql<{ call_id: string; acw_ms: number; called_back: boolean }>`
    select c.id as call_id,
           coalesce((select (sum(extract(epoch from i.ended_at - i.started_at)) * 1000)::bigint
                       from agent_state_intervals i
                      where i.call_id = c.id and i.state = 'wrap_up' and i.ended_at is not null), 0) as acw_ms,
           exists (select 1 from missed_call_callbacks m where m.call_id = c.id) as called_back
      from unnest(${callIds}::text[]) as c(id)`.execute(trx);
  return new Map(rows.map((r) => [r.call_id, r]));
}
