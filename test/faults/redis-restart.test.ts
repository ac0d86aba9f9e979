import { mkdirSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { doubleCounts, emittedEvents, waitForQuiet, waitUntilStored } from '../support/event-audit.js';
import { startFaultLoad, type FaultLoad } from '../support/fault-load.js';
import { LOCK_WAIT_MS } from '../support/lock-wait.js';
import { startPrivateRedis, type PrivateRedis } from '../support/private-redis.js';
import { errorLines, type RunningService } from '../support/services.js';
import { waitFor } from '../support/wait.js';

const CALLS = 100;
const CPS = 4;
const SEATS = 20;
/** Redis is down this long (killed with SIGKILL, then started again on its AOF). */
const DOWN_MS = 5000;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Calls the controller took and has not ended yet. */
function callsInProgress(controller: RunningService): number {
  const events = emittedEvents(controller);
  return events.filter((e) => e.type === 'call.arrived').length - events.filter((e) => e.type === 'call.ended').length;
}

describe('Redis restarted during 100 calls', () => {
  let redis: PrivateRedis;
  let load: FaultLoad;

  beforeAll(async () => {
    // A Redis of this test's own: the machine's shared one on 6379 serves other runs.
    redis = await startPrivateRedis();
    load = await startFaultLoad(SEATS, { REDIS_URL: redis.url, LOG_LEVEL: 'debug' });
  }, LOCK_WAIT_MS);
  afterAll(async () => {
    await load?.stop();
    await redis?.destroy();
  });

  it('loses no event (counted by eventId), drops no call, and every service stays up', async () => {
    const { stack } = load;
    const controller = stack.services.get('ari-controller')!;
    const callers = load.call({ calls: CALLS, cps: CPS, hangupAfterMs: 5000, timeoutSec: 180 });
    // Redis goes down mid-run: about 40 calls started, those of the last few seconds in progress.
    await sleep((CALLS * 0.4 * 1000) / CPS);
    const inProgress = callsInProgress(controller);
    await redis.kill();
    const downAt = Date.now();
    await sleep(DOWN_MS);
    await redis.start();
    const upAt = Date.now();

    const sipp = await callers.done;
    const callsEndedAt = Date.now();
    const db = stack.database.db;
    // Every event the controller emitted reaches Postgres: first those of the calls, then the late
    // ones (wrap-up ends, recordings) once the controller has gone quiet.
    await waitUntilStored(db, controller, 60_000);
    const caughtUpMs = Date.now() - callsEndedAt;
    await waitForQuiet(controller, 3000, 30_000);
    const missing = await waitUntilStored(db, controller, 60_000);
    const emitted = emittedEvents(controller);
    const spool = controller.logs.filter((l) => l.msg === 'event spool replayed; publishing directly again');
    const report = {
      callsInProgressAtKill: inProgress,
      redisDownMs: upAt - downAt,
      sipp: { successful: sipp.successful, failed: sipp.failed },
      eventsEmitted: emitted.length,
      eventsMissing: missing.length,
      spooledAndReplayed: spool.reduce((n, l) => n + Number(l.replayed ?? 0), 0),
      catchUpAfterLastCallMs: caughtUpMs,
    };
    mkdirSync('test-results', { recursive: true });
    writeFileSync('test-results/faults-redis-restart.json', JSON.stringify(report, null, 2));
    console.log('[redis-restart]', JSON.stringify(report));

    expect(missing, 'events emitted by the controller and not in Postgres').toEqual([]);
    // Every call: arrived and ended, both stored; nobody was cut off.
    const arrived = new Set(emitted.filter((e) => e.type === 'call.arrived').map((e) => e.callId));
    const ended = new Set(emitted.filter((e) => e.type === 'call.ended').map((e) => e.callId));
    expect(arrived.size).toBe(CALLS);
    expect([...arrived].filter((id) => !ended.has(id))).toEqual([]);
    // Every caller hung up itself (BYE answered by 200): the hotline cut nobody off.
    expect(sipp, sipp.errors.slice(0, 2000)).toMatchObject({ code: 0, successful: CALLS, failed: 0 });
    const counts = await doubleCounts(db);
    expect(counts.rollups.arrived[0]).toBe(counts.rollups.arrived[1]);
    expect(counts.rollups.answered[0]).toBe(counts.rollups.answered[1]);
    expect(counts.callsWithWrongOfferCount).toEqual([]);
    expect(counts.rollups.arrived[1]).toBe(CALLS);
    // No process died, and nothing was lost to an unhandled error.
    for (const service of stack.services.values()) {
      expect(service.child.exitCode, `${service.name} exited`).toBeNull();
      expect(service.logs.filter((l) => /unhandled/i.test(String(l.msg))), service.name).toEqual([]);
    }
    expect(errorLines(controller).filter((l) => l.msg === 'event not published')).toEqual([]);
  }, 300_000);
});
