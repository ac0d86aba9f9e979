import { mkdirSync, writeFileSync } from 'node:fs';
import { EVENTS_QUEUE } from '@hotline/events';
import { Queue } from 'bullmq';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { doubleCounts, emittedEvents, missingEvents, waitForQuiet, waitUntilStored, type EmittedEvent } from '../support/event-audit.js';
import { adminHeaders, startFaultLoad, type FaultLoad } from '../support/fault-load.js';
import { LOCK_WAIT_MS } from '../support/lock-wait.js';
import { startPrivatePostgres, type PrivatePostgres } from '../support/private-postgres.js';
import { waitFor } from '../support/wait.js';

const CALLS = 80;
const CPS = 1;
const SEATS = 10;
const DOWN_MS = 60_000;
/** Events already stored that are published again during the outage: the aggregator must skip them. */
const REDELIVERED = 30;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('Postgres stopped for 60 s during calls', () => {
  let pg: PrivatePostgres;
  let load: FaultLoad;

  beforeAll(async () => {
    // A cluster of this test's own: the machine's shared Postgres serves other runs.
    pg = await startPrivatePostgres();
    load = await startFaultLoad(SEATS, { DATABASE_URL: pg.url, LOG_LEVEL: 'debug' });
  }, LOCK_WAIT_MS);
  afterAll(async () => {
    await load?.stop();
    await pg?.destroy();
  });

  it('the aggregator rides it out and catches up: 0 events lost, 0 counted twice; the API stays up', async () => {
    const { stack } = load;
    const controller = stack.services.get('ari-controller')!;
    const callers = load.call({ calls: CALLS, cps: CPS, hangupAfterMs: 5000, timeoutSec: 240 });
    await waitFor(async () => (emittedEvents(controller).filter((e) => e.type === 'call.ended').length >= 5 ? true : undefined), '5 calls ended', 60_000, 250);
    const before = await waitFor(async () => {
      const { rows } = await sql<{ payload: Record<string, unknown> }>`
        select payload from call_events where payload->>'source' = 'ari-controller' order by at limit ${REDELIVERED}`.execute(pg.db);
      return rows.length === REDELIVERED ? rows : undefined;
    }, `${REDELIVERED} controller events stored`, 30_000, 250);

    pg.stop('fast');
    const downAt = Date.now();
    // Stored events published again (each its own job, as a producer retrying after a timeout would).
    const queue = new Queue(EVENTS_QUEUE, { connection: { url: stack.env.REDIS_URL ?? 'redis://127.0.0.1:6379/0' }, prefix: stack.env.REDIS_PREFIX! });
    for (const { payload } of before) await queue.add(String(payload.type), payload, { jobId: `again-${String(payload.eventId)}` });
    await queue.close();
    await sleep(DOWN_MS);
    const emittedWhileDown = emittedEvents(controller);
    const duringOutage = emittedWhileDown.length;
    pg.start();
    const upAt = Date.now();

    const caughtUpAt = await caughtUp(pg, emittedWhileDown, 120_000);
    const sipp = await callers.done;
    await waitForQuiet(controller, 3000, 30_000);
    const missing = await waitUntilStored(pg.db, controller, 60_000);
    const emitted = emittedEvents(controller);
    const { rows: [stored] } = await sql<{ n: number }>`select count(*) as n from call_events where payload->>'source' = 'ari-controller'`.execute(pg.db);
    const aggregator = stack.services.get('kpi-aggregator')!;
    const report = {
      postgresDownMs: upAt - downAt,
      eventsEmittedBeforeRestart: duringOutage,
      eventsEmitted: emitted.length,
      eventsStored: Number(stored!.n),
      eventsMissing: missing.length,
      redeliveredDuringOutage: REDELIVERED,
      catchUpAfterPostgresBackMs: caughtUpAt - upAt,
      aggregatorRetryWarnings: aggregator.logs.filter((l) => typeof l.msg === 'string' && /BullMQ will retry|Postgres unreachable/.test(l.msg)).length,
      sipp: { successful: sipp.successful, failed: sipp.failed },
    };
    mkdirSync('test-results', { recursive: true });
    writeFileSync('test-results/faults-postgres-outage.json', JSON.stringify(report, null, 2));
    console.log('[postgres-outage]', JSON.stringify(report));

    expect(missing, 'events emitted by the controller and not in Postgres').toEqual([]);
    expect(report.eventsStored).toBe(emitted.length); // one row per event: nothing stored twice
    const counts = await doubleCounts(pg.db);
    expect(counts.rollups.arrived[0]).toBe(counts.rollups.arrived[1]);
    expect(counts.rollups.offered[0]).toBe(counts.rollups.offered[1]);
    expect(counts.rollups.answered[0]).toBe(counts.rollups.answered[1]);
    expect(counts.callsWithWrongOfferCount).toEqual([]);
    expect(counts.rollups.arrived[1]).toBe(CALLS);
    // Every caller hung up itself, and every call's first and last events are there.
    expect(sipp, sipp.errors.slice(0, 2000)).toMatchObject({ code: 0, successful: CALLS, failed: 0 });
    const arrived = new Set(emitted.filter((e) => e.type === 'call.arrived').map((e) => e.callId));
    const ended = new Set(emitted.filter((e) => e.type === 'call.ended').map((e) => e.callId));
    expect(arrived.size).toBe(CALLS);
    expect([...arrived].filter((id) => !ended.has(id))).toEqual([]);
    // Every service rode it out; the API answers again with Postgres back.
    for (const service of stack.services.values()) expect(service.child.exitCode, `${service.name} exited`).toBeNull();
    await waitFor(async () => ((await stack.api('/calls', { headers: adminHeaders })).status === 200 ? true : undefined), 'the API answering /calls', 15_000, 500);
  }, 420_000);
});

/** When every one of these events is in Postgres (polled every 250 ms). */
async function caughtUp(pg: PrivatePostgres, events: readonly EmittedEvent[], timeoutMs: number): Promise<number> {
  return waitFor(async () => ((await missingEvents(pg.db, events)).length === 0 ? Date.now() : undefined), 'the aggregator catching up', timeoutMs, 250);
}
