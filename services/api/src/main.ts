// The HTTP API: calls, agents, tickets, KPIs for supervisors, departments and the wallboard.
import { createLogger, loadConfig } from '@hotline/config';
import { createDb } from '@hotline/db';
import { BullmqEventPublisher } from '@hotline/events';
import { loadQueueConfig, RedisAgentStore, RedisCallStore } from '@hotline/state';
import { sql } from 'kysely';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { buildApp } from './app.js';
import { aggregatorCheck, controllerCheck } from './observability/platform-checks.js';
import { ticketingSettings } from './ticketing/settings.js';

const config = loadConfig(['log', 'db', 'redis', 'ari', 'api', 'site', 'queues', 'auth', 'tickets']);
// Buffered, asynchronous writes: under load the access lines of many requests go out in one write
// instead of a blocking write each (a fifth of GET /agents' CPU); a line waits at most 100 ms, and
// what is pending is flushed at exit.
const log = createLogger('api', config.log.LOG_LEVEL, pino.destination({ dest: 1, sync: false, minLength: 4096, periodicFlush: 100 }));
// The API's queries are a fixed set of shapes: each is prepared once per connection.
const db = createDb(config.db.DATABASE_URL, config.db.DB_POOL_MAX, { prepareStatements: true });
const redis = new Redis(config.redis.REDIS_URL, { maxRetriesPerRequest: 1 });
redis.on('error', (err) => log.warn({ err: err.message }, 'redis connection error'));

const publisher = new BullmqEventPublisher({ url: config.redis.REDIS_URL }, config.redis.REDIS_PREFIX);

const prefix = config.redis.REDIS_PREFIX;
const queueConfig = loadQueueConfig(config.queues.QUEUES_FILE);
const agentStore = new RedisAgentStore(redis, prefix);
const ariAuth = 'Basic ' + Buffer.from(`${config.ari.ARI_USER}:${config.ari.ARI_PASSWORD}`).toString('base64');

const app = await buildApp({
  db,
  log,
  slThresholdsSec: config.site.SL_THRESHOLDS_SEC,
  kpiCacheMs: config.api.KPI_CACHE_MS,
  agents: {
    agents: agentStore,
    publish: (e) => publisher.publish(e),
    queueConfig,
    siteTz: config.site.SITE_TZ,
  },
  auth: {
    adminToken: config.auth.ADMIN_TOKEN,
    keyTtlDays: config.auth.API_KEY_TTL_DAYS,
    keyCacheMs: config.auth.API_KEY_CACHE_MS,
    rateLimit: { max: config.api.RATE_LIMIT_MAX, windowMs: config.api.RATE_LIMIT_WINDOW_MS },
  },
  deadLetters: { replay: (events, jobId) => publisher.republish(events, jobId) },
  ticketing: {
    settings: ticketingSettings(config),
    publisher,
    outboxRetryMs: config.tickets.OUTBOX_RETRY_SEC * 1000,
    missedCallSyncMs: config.tickets.MISSED_CALL_SYNC_SEC * 1000,
  },
  checks: {
    postgres: async () => void (await sql`select 1`.execute(db)),
    redis: async () => {
      await redis.ping();
    },
    ari: async () => {
      const res = await fetch(`${config.ari.ARI_URL}/ari/asterisk/info`, { headers: { authorization: ariAuth } });
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
    },
    controller: controllerCheck(redis, prefix),
    aggregator: aggregatorCheck(publisher.queue, config.api.HEALTH_MAX_EVENT_LAG_SEC * 1000),
  },
  metrics: {
    redis,
    prefix,
    calls: new RedisCallStore(redis, prefix),
    agents: agentStore,
    agentIds: queueConfig.agents.map((a) => a.id),
    queueIds: queueConfig.queues.map((q) => q.id),
    eventBus: publisher.queue,
  },
});

await app.listen({ host: config.api.API_HOST, port: config.api.API_PORT });

async function shutdown(signal: string): Promise<void> {
  log.info({ signal }, 'shutting down');
  await app.close();
  await db.destroy();
  await publisher.close();
  redis.disconnect();
  process.exit(0);
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));
