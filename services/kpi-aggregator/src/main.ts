// The KPI aggregator: consumes call events from BullMQ into Postgres, in micro-batches.
import { createLogger, loadConfig } from '@hotline/config';
import { createDb } from '@hotline/db';
import { EVENTS_QUEUE, parseEvent, type HotlineEvent } from '@hotline/events';
import { UnrecoverableError, Worker } from 'bullmq';
import { MicroBatcher } from './micro-batcher.js';
import { writeBatch } from './store.js';

const config = loadConfig(['log', 'db', 'redis']);
const log = createLogger('kpi-aggregator', config.log.LOG_LEVEL);
const db = createDb(config.db.DATABASE_URL, config.db.DB_POOL_MAX);
const batcher = new MicroBatcher<HotlineEvent>(async (events) => {
  await writeBatch(db, events);
  log.debug({ events: events.length }, 'batch written');
});

const worker = new Worker(
  EVENTS_QUEUE,
  async (job) => {
    let event: HotlineEvent;
    try {
      event = parseEvent(job.data);
    } catch (err) {
      // A malformed event will never become valid: park it in the failed set (kept 7 days) for inspection.
      log.error({ jobId: job.id, name: job.name, err }, 'rejected malformed event');
      throw new UnrecoverableError(`malformed event: ${(err as Error).message}`);
    }
    await batcher.add(event);
  },
  { connection: { url: config.redis.REDIS_URL }, prefix: config.redis.REDIS_PREFIX, concurrency: 500, autorun: true },
);

worker.on('failed', (job, err) => log.warn({ jobId: job?.id, attempts: job?.attemptsMade, err: err.message }, 'event not written; BullMQ will retry'));
worker.on('error', (err) => log.error({ err: err.message }, 'worker error'));
worker.on('ready', () => log.info({ queue: EVENTS_QUEUE, prefix: config.redis.REDIS_PREFIX }, 'consuming events'));

async function shutdown(signal: string): Promise<void> {
  log.info({ signal }, 'shutting down');
  await worker.close();
  await batcher.drain();
  await db.destroy();
  process.exit(0);
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));
