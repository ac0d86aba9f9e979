import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import type { AgentNow } from './agent-interval-fold.js';
import { planBatch, stateKeysOf, type BatchPlan, type StoreSettings } from './batch-plan.js';
import { loadState } from './batch-state.js';
import type { CallRow } from './call-fold.js';
import { insertRawEvents, RAW_EVENTS_SAVEPOINT, type RawEvents } from './raw-events.js';
import { commitScriptOf } from './statement.js';

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
  events: RawEvents,
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
    const fresh = await insertRawEvents(client, events);
    const plannedEarly = early !== undefined && fresh.length === events.unique.length && early.usable(tokenBefore);
    const plan = plannedEarly ? early.plan : planBatch(fresh, await loadState(client, stateKeysOf(fresh)), settings);
    onPlanned?.(plan);
    await client.query(commitScriptOf(plan.statements));
    return { fresh: fresh.length, calls: plan.calls, agents: plan.latest, plan, tokenBefore, token, plannedEarly };
  } catch (err) {
    await client.query('rollback').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}
