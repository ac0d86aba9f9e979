// The KPI aggregator: consumes call, agent and ticket events from BullMQ into Postgres
// (raw events, call and ticket facts, agent intervals, 15-minute rollups) in micro-batches,
// keeps the wallboard's live snapshot in Redis, and records what it cannot apply as dead letters.
import { applyProcessNice, createLogger, kpiSettingsOf, loadConfig } from '@hotline/config';
import { createPgPool } from '@hotline/db';
import { BATCH_JOB, EVENTS_QUEUE, MicroBatcher, eventsOfJob, parseEventFast } from '@hotline/events';
import { resolveVoiceSettings } from '@hotline/kpi';
import { UnrecoverableError, Worker, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import { writeAvailabilitySamples } from './availability-writer.js';
import { lettersOfExhaustedJob, recordDeadLetters, type DeadLetter } from './dead-letters.js';
import { isDatabaseUnreachable, OutageBackoff } from './db-outage.js';
import { describeInvalid } from './describe-invalid.js';
import { isDataRefusal, writeIsolatingRefused } from './isolate-refused.js';
import { prepareEvent, type PreparedEvent } from './raw-events.js';
import { updateLiveSnapshot } from './live-snapshot.js';
import { BatchWriter } from './batch-writer.js';
import type { BatchResult } from './store.js';

const config = loadConfig(['log', 'db', 'redis', 'site', 'kpi', 'aggregator']);
const log = createLogger('kpi-aggregator', config.log.LOG_LEVEL);
applyProcessNice(config.aggregator.AGGREGATOR_NICE, log);
const pool = createPgPool(config.db.DATABASE_URL, config.db.DB_POOL_MAX);
const redis = new Redis(config.redis.REDIS_URL, { maxRetriesPerRequest: 3 });
redis.on('error', (err) => log.warn({ err: err.message }, 'redis connection error'));
const settings = resolveVoiceSettings(kpiSettingsOf(config));
/** Most events per transaction: 8,000 cost Postgres ~10 % less CPU per event than 4,000 (test/bench/write-batch.ts). */
const BATCH_MAX = 8000;
// Jobs in flight: batch jobs carry up to 500 events, so these hold the batch being written, the one
// planned meanwhile and the start of the next. (Old one-event jobs still in a queue go 48 per transaction.)
const JOBS_IN_FLIGHT = 48;

/** An event ready for its batch, and where it came from: '<job id>#<index in the job>' (a dead letter's source). */
interface Item extends PreparedEvent {
  source: string;
}

// The wallboard's snapshot is updated behind the writes, in batch order, so the next batch
// does not wait for Redis; it is best-effort anyway (a missed update heals with the next event).
let snapshotting: Promise<void> = Promise.resolve();
function updateSnapshotLater(result: BatchResult): void {
  snapshotting = snapshotting
    .then(() => updateLiveSnapshot(redis, config.redis.REDIS_PREFIX, result.calls, result.agents))
    .catch((err: unknown) => log.warn({ err: (err as Error).message }, 'live snapshot not updated'));
}

async function write(items: readonly Item[]): Promise<void> {
  const started = performance.now();
  const result = await writer.write(items);
  // After the batch's own transaction: a failure here retries the batch, whose events are then
  // skipped as already stored, while the samples are written (each minute once) on the retry.
  await writeAvailabilitySamples(pool, items.map((i) => i.event));
  updateSnapshotLater(result);
  log.debug({ events: items.length, fresh: result.fresh, plannedEarly: result.plannedEarly, ms: Math.round(performance.now() - started) }, 'batch written');
}

const writer = new BatchWriter(pool, settings);
// One entry per job (its events, weighed by their number): one promise per job, not per event.
// Two batches at once: the next is planned while the previous is written (BatchWriter).
const batcher = new MicroBatcher<Item[]>(
  (jobs) =>
    writeIsolatingRefused(jobs.flat(), write, isDataRefusal, async (item, err) => {
      const reason = `refused by Postgres: ${(err as Error).message}`;
      log.error({ source: item.source, eventId: item.event.eventId, type: item.event.type, reason }, 'event dead-lettered');
      await recordDeadLetters(pool, [{ source: item.source, payload: item.event, reason }]);
    }),
  BATCH_MAX,
  5,
  { sizeOf: (job) => job.length, concurrency: 2 },
);

async function consume(job: Job): Promise<void> {
  let payloads: unknown[];
  try {
    payloads = eventsOfJob(job.name, job.data);
  } catch (err) {
    await deadLetter(job, [{ source: `${job.id}#job`, payload: job.data, reason: (err as Error).message }]);
    throw new UnrecoverableError((err as Error).message);
  }
  const items: Item[] = [];
  const malformed: DeadLetter[] = [];
  payloads.forEach((payload, i) => {
    const source = `${job.id}#${i}`;
    try {
      items.push({ ...prepareEvent(parseEventFast(payload)), source });
    } catch (err) {
      // It will never become valid: the valid events of its job are written, it is kept to be fixed and replayed.
      malformed.push({ source, payload, reason: `malformed event: ${describeInvalid(err)}` });
    }
  });
  await deadLetter(job, malformed);
  if (items.length > 0) await batcher.add(items);
  // A one-event job (published before batching) also stays in BullMQ's failed set, as it always did.
  if (job.name !== BATCH_JOB && malformed.length > 0) throw new UnrecoverableError(malformed[0]!.reason);
}

async function deadLetter(job: Job, letters: readonly DeadLetter[]): Promise<void> {
  if (letters.length === 0) return;
  log.error({ jobId: job.id, name: job.name, count: letters.length, reasons: letters.slice(0, 3).map((l) => l.reason) }, 'events dead-lettered');
  await recordDeadLetters(pool, letters);
}

/** A job BullMQ gave up on (every attempt failed): each of its events becomes a dead letter. */
async function deadLetterExhausted(job: Job, letters: readonly DeadLetter[]): Promise<void> {
  try {
    await deadLetter(job, letters);
  } catch (recordErr) {
    // It stays in BullMQ's failed set (kept 7 days) either way.
    log.error({ jobId: job.id, err: (recordErr as Error).message, reason: letters[0]?.reason }, 'exhausted job not recorded as dead letters; still in the failed set');
  }
}

// Postgres unreachable: the jobs go back to the queue without spending an attempt and the worker
// pauses (BullMQ's manual rate limit) for a doubling time up to 2 s, so an outage of any length
// neither dead-letters events nor floods the log, and the backlog is written within 2 s of its end.
const outage = new OutageBackoff(250, 2000);
async function consumeThroughOutages(job: Job): Promise<void> {
  try {
    await consume(job);
  } catch (err) {
    if (!isDatabaseUnreachable(err)) throw err;
    const pause = outage.failed(Date.now());
    if (pause > 0) {
      log.warn({ err: (err as Error).message, pauseMs: pause }, 'Postgres unreachable; events wait in the queue');
      await worker.rateLimit(pause);
    }
    throw Worker.RateLimitError();
  }
  const outageMs = outage.succeeded(Date.now());
  if (outageMs !== null) log.info({ outageMs }, 'Postgres reachable again; writing the backlog');
}

const worker: Worker = new Worker(EVENTS_QUEUE, consumeThroughOutages, {
  connection: { url: config.redis.REDIS_URL },
  prefix: config.redis.REDIS_PREFIX,
  concurrency: JOBS_IN_FLIGHT,
  autorun: true,
});

worker.on('failed', (job, err) => {
  if (!job || err instanceof UnrecoverableError || err.name === 'UnrecoverableError') return; // dead-lettered in consume()
  const letters = lettersOfExhaustedJob(job, err);
  if (letters) void deadLetterExhausted(job, letters);
  else log.warn({ jobId: job.id, attempts: job.attemptsMade, err: err.message }, 'events not written; BullMQ will retry');
});
worker.on('error', (err) => log.error({ err: err.message }, 'worker error'));
worker.on('ready', () => log.info({ queue: EVENTS_QUEUE, prefix: config.redis.REDIS_PREFIX }, 'consuming events'));

async function shutdown(signal: string): Promise<void> {
  log.info({ signal }, 'shutting down');
  await worker.close();
  await batcher.drain();
  await snapshotting;
  await pool.end();
  redis.disconnect();
  process.exit(0);
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));
