import type pg from 'pg';
import type { BatchPlan, StoreSettings } from './batch-plan.js';
import { planBatch, stateKeysOf } from './batch-plan.js';
import { loadState } from './batch-state.js';
import { rawEventsOf, type PreparedEvent, type RawEvents } from './raw-events.js';
import { writeBatch, type EarlyPlan, type WrittenBatch } from './store.js';

interface InFlight {
  /** The plan the batch writes, once settled (undefined: it failed before). */
  planned: Promise<BatchPlan | undefined>;
  written: Promise<WrittenBatch | undefined>;
}

/**
 * Writes batches one transaction after another, planning each while the previous one is being
 * written: from the state the previous plan leaves (in memory) and, for the rest, a snapshot
 * read beside it. So the aggregator folds the next batch while Postgres writes this one instead
 * of the two waiting for each other. The early plan is used only if the writer token shows that
 * exactly the previous batch committed between the snapshot and the transaction (writeBatch);
 * any doubt (a failed batch, another aggregator, a redelivered event) plans again inside the
 * transaction.
 */
export class BatchWriter {
  private last: InFlight | undefined;

  constructor(
    private readonly pool: pg.Pool,
    private readonly settings: StoreSettings,
  ) {}

  write(events: readonly PreparedEvent[]): Promise<WrittenBatch> {
    const previous = this.last;
    let settlePlan: (plan: BatchPlan | undefined) => void = () => undefined;
    const planned = new Promise<BatchPlan | undefined>((resolve) => (settlePlan = resolve));
    const written = this.run(events, previous, settlePlan);
    written.then(() => settlePlan(undefined), () => settlePlan(undefined)); // a failed batch leaves no plan to start from
    this.last = { planned, written: written.catch(() => undefined) };
    return written;
  }

  private async run(batch: readonly PreparedEvent[], previous: InFlight | undefined, onPlanned: (plan: BatchPlan) => void): Promise<WrittenBatch> {
    const events = rawEventsOf(batch);
    // An early plan that fails (say its snapshot's connection) is only a missed head start: the batch is planned in its transaction.
    const early = previous ? await this.planEarly(events, previous).catch(() => undefined) : undefined;
    const before = await previous?.written;
    let usable: EarlyPlan | undefined;
    if (early && before) {
      const { plan, readToken } = early;
      // Exactly the previous batch committed since the snapshot (or the snapshot already had it), and nothing after it.
      usable = { plan, usable: (tokenBefore) => tokenBefore === before.token && (readToken === before.tokenBefore || readToken === before.token) };
    }
    return writeBatch(this.pool, events, this.settings, usable, onPlanned);
  }

  /** The plan of `events` from the previous batch's outcome and a snapshot of the rest; undefined when that cannot do. */
  private async planEarly(events: RawEvents, previous: InFlight): Promise<{ plan: BatchPlan; readToken: string } | undefined> {
    const after = (await previous.planned)?.after;
    if (!after) return undefined;
    const fresh = events.unique.map((p) => p.event);
    const keys = stateKeysOf(fresh);
    const client = await this.pool.connect();
    try {
      await client.query('begin isolation level repeatable read read only');
      const { rows } = await client.query<{ token: string }>('select token::text from aggregator_writer');
      const state = await loadState(client, keys, after);
      await client.query('commit');
      return { plan: planBatch(fresh, state, this.settings), readToken: rows[0]!.token };
    } catch (err) {
      await client.query('rollback').catch(() => undefined);
      throw err;
    } finally {
      client.release();
    }
  }
}
