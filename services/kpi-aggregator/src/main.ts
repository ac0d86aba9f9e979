// The KPI aggregator: consumes call, agent and ticket events from BullMQ into Postgres
// (raw events, call and ticket facts, agent intervals, 15-minute rollups) in micro-batches,
// and keeps the wallboard's live snapshot in Redis.
import { createLogger, kpiSettingsOf, loadConfig } from '@hotline/config';
import { createDb } from '@hotline/db';
import { EVENTS_QUEUE, type HotlineEvent } from '@hotline/events';
import { resolveVoiceSettings } from '@hotline/kpi';
import { UnrecoverableError, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { updateLiveSnapshot } from './live-snapshot.js';
import { MicroBatcher } from './micro-batcher.js';
import { parseEventFast } from './parse-event.js';
import { writeBatch } from './store.js';

const config = loadConfig(['log', 'db', 'redis', 'site', 'kpi']);
const log = createLogger('kpi-aggregator', config.log.LOG_LEVEL);
const db = createDb(config.db.DATABASE_URL, config.db.DB_POOL_MAX);
const redis = new Redis(config.redis.REDIS_URL, { maxRetriesPerRequest: 3 });
redis.on('error', (err) => log.warn({ err: err.message }, 'redis connection error'));
const settings = resolveVoiceSettings(kpiSettingsOf(config));
// Twice as many jobs in flight as a batch holds: while one batch is written, the next one fills
// up (with just one batch's worth, every other batch went out with the few jobs that trickled in).
const BATCH_MAX = 2000;

const batcher = new MicroBatcher<HotlineEvent>(async (events) => {
  const started = performance.now();
  const result = await writeBatch(db, events, settings);
  try {
    await updateLiveSnapshot(redis, config.redis.REDIS_PREFIX, result.calls, result.agents);
  } catch (err) {
    // Postgres has the batch; a missed live update heals with the call's next event.
    log.warn({ err: (err as Error).message }, 'live snapshot not updated');
  }
  log.debug({ events: events.length, fresh: result.fresh, ms: Math.round(performance.now() - started) }, 'batch written');
}, BATCH_MAX, 5);

const worker = new Worker(
  EVENTS_QUEUE,
  async (job) => {
    let event: HotlineEvent;
    try {
      event = parseEventFast(job.data);
    } catch (err) {
      // A malformed event will never become valid: park it in the failed set (kept 7 days) for inspection.
      log.error({ jobId: job.id, name: job.name, err }, 'rejected malformed event');
      throw new UnrecoverableError(`malformed event: ${(err as Error).message}`);
    }
    await batcher.add(event);
  },
  { connection: { url: config.redis.REDIS_URL }, prefix: config.redis.REDIS_PREFIX, concurrency: 2 * BATCH_MAX, autorun: true },
);

worker.on('failed', (job, err) => log.warn({ jobId: job?.id, attempts: job?.attemptsMade, err: err.message }, 'event not written; BullMQ will retry'));
worker.on('error', (err) => log.error({ err: err.message }, 'worker error'));
worker.on('ready', () => log.info({ queue: EVENTS_QUEUE, prefix: config.redis.REDIS_PREFIX }, 'consuming events'));

async function shutdown(signal: string): Promise<void> {
  log.info({ signal }, 'shutting down');
  await worker.close();
  await batcher.drain();
  await db.destroy();
  redis.disconnect();
  process.exit(0);
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));
