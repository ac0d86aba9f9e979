import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import type { AgentNow } from './agent-interval-fold.js';
import { writeAgentChanges } from './agent-intervals.js';
import { planBatch, stateKeysOf, type BatchPlan, type StoreSettings } from './batch-plan.js';
import { loadState } from './batch-state.js';
import { CALL_COLUMNS, INSTANTS, type CallRow } from './call-fold.js';
import { fromEpochMs, numberArray, textArray } from './pg-arrays.js';
import { insertRawEvents, RAW_EVENTS_SAVEPOINT, type PreparedEvent } from './raw-events.js';
import { writeVoiceRollups } from './rollup-writer.js';
import { writeTicketChanges } from './ticket-writer.js';

export type { StoreSettings } from './batch-plan.js';

/** What a batch changed, for the live snapshot. */
export interface BatchResult {
  fresh: number;
  calls: CallRow[];
  agents: AgentNow[];
}

/** A written batch: its result, the plan it wrote, and the writer tokens before and after it (aggregator_writer). */
export interface WrittenBatch extends BatchResult {
  plan: BatchPlan;
  tokenBefore: string;
  token: string;
  /** Whether the early plan was used (not planned again in the transaction). */
  plannedEarly: boolean;
}

/**
 * A plan made before the batch's transaction (while the previous batch was written), assuming
 * every event is new. `usable` is asked with the writer token found in the transaction.
 */
export interface EarlyPlan {
  plan: BatchPlan;
  usable(tokenBefore: string): boolean;
}

// One writer at a time: the rollup deltas read-modify-write call rows, so two aggregator
// instances must not interleave batches (a transaction-scoped advisory lock, released at commit).
const WRITER_LOCK = 0x4b5049; // "KPI"

/**
 * Writes one batch in one transaction: the raw events (a redelivered event_id is skipped and
 * changes nothing else), then what planBatch decides from the fresh events and the state they
 * touch — agent intervals, call rows, the 15-minute rollups changed by exactly the difference
 * between each touched call's old and new counters (so out-of-order events still give the
 * rollups of the merged call), tickets. An `early` plan is used when every event was new and
 * the writer token shows nothing else was written since the state it was made from; otherwise
 * the state is read in the transaction and the batch planned there. `onPlanned` hears the plan
 * as soon as it is settled (the next batch's plan starts from it).
 */
export async function writeBatch(
  pool: pg.Pool,
  events: readonly PreparedEvent[],
  settings: StoreSettings,
  early?: EarlyPlan,
  onPlanned?: (plan: BatchPlan) => void,
): Promise<WrittenBatch> {
  const client = await pool.connect();
  try {
    const token = randomUUID();
    const opened = (await client.query(
      `begin; select pg_advisory_xact_lock(${WRITER_LOCK}); select token::text from aggregator_writer;
       update aggregator_writer set token = '${token}'; ${RAW_EVENTS_SAVEPOINT}`,
    )) as unknown as pg.QueryResult<{ token: string }>[];
    const tokenBefore = opened[2]!.rows[0]!.token;
    const unique = new Set(events.map((p) => p.id)).size;
    const fresh = await insertRawEvents(client, events);
    const plannedEarly = early !== undefined && fresh.length === unique && early.usable(tokenBefore);
    const plan = plannedEarly ? early.plan : planBatch(fresh, await loadState(client, stateKeysOf(fresh)), settings);
    onPlanned?.(plan);
    await writeAgentChanges(client, plan.agents);
    await writeMissedCallCallbacks(client, plan.callbacks);
    await writeCallRows(client, plan.calls);
    await writeVoiceRollups(client, plan.voiceDeltas);
    await writeTicketChanges(client, plan.tickets);
    await client.query('commit');
    return { fresh: fresh.length, calls: plan.calls, agents: plan.latest, plan, tokenBefore, token, plannedEarly };
  } catch (err) {
    await client.query('rollback').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}

const PG_TYPE: Record<string, string> = {
  wait_ms: 'integer', offers: 'integer', rona_count: 'integer', talk_ms: 'integer', hold_ms: 'integer', acw_ms: 'integer',
  callback_requested: 'boolean', called_back: 'boolean', recorded: 'boolean', reviewed: 'boolean',
};
// Instants travel as epoch ms (bigint[]), every column as one array parameter.
const arrayType = (c: string): string => (INSTANTS.has(c) ? 'bigint' : (PG_TYPE[c] ?? 'text'));
const UPSERT_CALLS = `insert into calls (${CALL_COLUMNS.join(', ')}, updated_at)
  select ${CALL_COLUMNS.map((c) => (INSTANTS.has(c) ? fromEpochMs(c) : c)).join(', ')}, now()
    from unnest(${CALL_COLUMNS.map((c, i) => `$${i + 1}::${arrayType(c)}[]`).join(', ')}) as r(${CALL_COLUMNS.join(', ')})
  on conflict (call_id) do update set ${CALL_COLUMNS.filter((c) => c !== 'call_id').map((c) => `${c} = excluded.${c}`).join(', ')}, updated_at = now()`;

const booleanArray = (values: readonly boolean[]): string => `{${values.map((v) => (v ? 't' : 'f')).join(',')}}`;
function columnArray(rows: readonly CallRow[], c: (typeof CALL_COLUMNS)[number]): string {
  const type = arrayType(c);
  if (type === 'boolean') return booleanArray(rows.map((r) => r[c] as boolean));
  if (type === 'text') return textArray(rows.map((r) => r[c] as string | null));
  return numberArray(rows.map((r) => r[c] as number | null));
}

async function writeCallRows(client: pg.ClientBase, rows: readonly CallRow[]): Promise<void> {
  if (rows.length > 0) await client.query(UPSERT_CALLS, CALL_COLUMNS.map((c) => columnArray(rows, c)));
}

/** Records the abandoned calls a missed-call callback reached. */
async function writeMissedCallCallbacks(client: pg.ClientBase, rows: readonly { callId: string; at: string }[]): Promise<void> {
  if (rows.length === 0) return;
  await client.query(
    `insert into missed_call_callbacks (call_id, reached_at)
     select call_id, min(at) from unnest($1::text[], $2::timestamptz[]) as r(call_id, at) group by call_id
     on conflict (call_id) do update set reached_at = least(missed_call_callbacks.reached_at, excluded.reached_at)`,
    [rows.map((r) => r.callId), rows.map((r) => r.at)],
  );
}
