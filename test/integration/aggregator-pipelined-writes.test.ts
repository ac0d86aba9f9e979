// The aggregator plans each batch while the previous one is being written (BatchWriter): the
// tables it leaves must be exactly those of writing the same batches one by one, each planned in
// its own transaction — with events out of order, redelivered (in the same batch and in a later
// one) and another writer's batch slipping in between.
import { AGENT_STATE_ROLLUP_ALL_COLUMNS, createPgPool } from '@hotline/db';
import type { HotlineEvent } from '@hotline/events';
import { resolveVoiceSettings } from '@hotline/kpi';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BatchWriter } from '../../services/kpi-aggregator/src/batch-writer.js';
import { prepareEvent, rawEventsOf, type PreparedEvent } from '../../services/kpi-aggregator/src/raw-events.js';
import { writeBatch, type WrittenBatch } from '../../services/kpi-aggregator/src/store.js';
import { generateTraffic } from '../bench/event-generator.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';

const settings = resolveVoiceSettings({ timeZone: 'Asia/Shanghai' });

/** Batches of 300: 2 % of the events again in the same batch, 0.2 % again some batches later, 5 % moved up to 2,000 places. */
function batchesOf(events: readonly HotlineEvent[]): PreparedEvent[][] {
  let s = 11;
  const rnd = () => ((s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const order = [...events];
  for (let i = 0; i < order.length; i++) {
    if (rnd() >= 0.05) continue;
    const j = Math.min(order.length - 1, i + Math.floor(rnd() * 2000));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  const out: HotlineEvent[] = [];
  order.forEach((e, i) => {
    out.push(e);
    const r = rnd();
    if (r < 0.02) out.push(e);
    else if (r < 0.022) out.splice(Math.min(out.length, i + 900 + Math.floor(rnd() * 600)), 0, e);
  });
  const batches: PreparedEvent[][] = [];
  for (let i = 0; i < out.length; i += 300) batches.push(out.slice(i, i + 300).map(prepareEvent));
  return batches;
}

async function tables(pool: pg.Pool): Promise<Record<string, unknown[]>> {
  const q = async (sql: string) => (await pool.query(sql)).rows;
  return {
    events: await q('select count(*)::int as n from call_events'),
    calls: await q(`select * from calls order by call_id`).then((rows) => rows.map(({ updated_at: _, ...r }) => r)),
    intervals: await q('select * from agent_state_intervals order by event_id'),
    agentRollups: await q('select * from agent_state_rollups where ms <> 0 order by agent_id, interval_start, state'),
    allAgentRollups: await q(`select * from agent_state_rollups_all where ${AGENT_STATE_ROLLUP_ALL_COLUMNS.map(([, c]) => `${c} <> 0`).join(' or ')} order by interval_start`),
    // A row all zeros is the same as none (which rows pass through zero depends on the order of the batches).
    voiceRollups: (await q('select * from voice_rollups order by dim, dim_id, interval_start')).filter(
      (r) => Object.values(r).some((v) => typeof v === 'number' && v !== 0) || Object.values(r.answered_within as object).some((n) => n !== 0),
    ),
    tickets: await q('select ticket_id, created_at, state, fact from ticket_facts order by ticket_id'),
    ticketRollups: await q('select * from ticket_rollups order by interval_start'),
    callbacks: await q('select * from missed_call_callbacks order by call_id'),
  };
}

describe('pipelined batch writes', () => {
  let pipelined: TestDatabase;
  let oneByOne: TestDatabase;
  beforeAll(async () => {
    [pipelined, oneByOne] = await Promise.all([createTestDatabase(), createTestDatabase()]);
  });
  afterAll(async () => {
    await pipelined?.drop();
    await oneByOne?.drop();
  });

  it('leave the tables of batch-by-batch writes, planning early where it can and again where it cannot', async () => {
    const traffic = generateTraffic({ from: Date.UTC(2026, 9, 1), spanMs: 3 * 86_400_000, agents: 12, callsPerAgent: 25, queues: ['q1', 'q2'], tickets: 40, seed: 3 });
    const batches = batchesOf(traffic.events);
    const intruder = 7; // this batch is written by "another aggregator", around the pipelined writer

    const pool = createPgPool(pipelined.url, 4);
    const written: WrittenBatch[] = [];
    try {
      const writer = new BatchWriter(pool, settings);
      const inFlight: Promise<WrittenBatch>[] = [];
      for (const [i, batch] of batches.entries()) {
        if (i === intruder) {
          written.push(await writeBatch(pool, rawEventsOf(batch), settings));
          continue;
        }
        // As the aggregator's batcher: the next batch goes while the previous one is written, never a third.
        if (inFlight.length === 2) written.push(await inFlight.shift()!);
        inFlight.push(writer.write(batch));
      }
      written.push(...(await Promise.all(inFlight)));
      const expected = createPgPool(oneByOne.url, 1);
      try {
        for (const batch of batches) await writeBatch(expected, rawEventsOf(batch), settings);
        expect(await tables(pool)).toEqual(await tables(expected));
      } finally {
        await expected.end();
      }
    } finally {
      await pool.end();
    }
    const early = written.filter((w) => w.plannedEarly).length;
    expect(early).toBeGreaterThan(batches.length / 2);
    expect(early).toBeLessThan(batches.length);
    // The state carried from batch to batch is what each batch touched (here at most ~140 calls and
    // tickets), not everything since the first batch (it grew to 345 of the 415 when it was).
    const carried = Math.max(...written.map((w) => w.plan.after.linked.size + w.plan.after.tickets.size));
    expect(carried).toBeLessThan((traffic.calls.length + traffic.tickets.length) / 2);
  });
});
