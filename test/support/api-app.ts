// The API built in this process (Fastify inject, no port), wired as services/api/src/main.ts wires it
// but on a test database and Redis prefix: for tests that look at the app itself, such as its routes.
import { randomBytes } from 'node:crypto';
import type { Writable } from 'node:stream';
import { createLogger, loadConfig } from '@hotline/config';
import { EVENTS_QUEUE, type HotlineEvent } from '@hotline/events';
import { loadQueueConfig, RedisAgentStore, RedisCallStore } from '@hotline/state';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { buildApp, type App } from '../../services/api/src/app.js';
import type { AuthSettings } from '../../services/api/src/plugins/auth.js';
import { ticketingSettings } from '../../services/api/src/ticketing/settings.js';
import type { TestDatabase } from './database.js';
import { fixture } from './env.js';

export interface InProcessApi {
  app: App;
  /** Events the app published (agent state changes, ticket events), in order. */
  published: HotlineEvent[];
  close(): Promise<void>;
}

/** The timers of the app (recording sync, missed calls, outbox retry) stay off: tests drive it. */
export async function buildInProcessApi(
  database: TestDatabase,
  auth: Partial<AuthSettings> = {},
  logTo?: Writable,
): Promise<InProcessApi> {
  const prefix = `test-${randomBytes(4).toString('hex')}`;
  // The routes that read their settings from the environment (realtime, recordings, call commands).
  process.env.REDIS_PREFIX = prefix;
  process.env.RECORDING_SYNC_SEC = '0';
  const config = loadConfig(['redis', 'site', 'tickets']);
  const redis = new Redis(config.redis.REDIS_URL, { maxRetriesPerRequest: 1 });
  const published: HotlineEvent[] = [];
  const publish = async (e: HotlineEvent) => void published.push(e);
  const queueConfig = loadQueueConfig(fixture('queues-e2e.json'));
  const agents = new RedisAgentStore(redis, prefix);
  const eventBus = new Queue(EVENTS_QUEUE, { connection: { url: config.redis.REDIS_URL }, prefix });
  const app = await buildApp({
    db: database.db,
    log: createLogger('api', logTo ? 'info' : 'silent', logTo),
    slThresholdsSec: config.site.SL_THRESHOLDS_SEC,
    agents: { agents, publish, queueConfig, siteTz: config.site.SITE_TZ },
    auth: { keyTtlDays: 90, rateLimit: { max: 1_000_000, windowMs: 60_000 }, ...auth },
    ticketing: {
      settings: ticketingSettings(config),
      publisher: { publish, close: async () => undefined },
      outboxRetryMs: 3_600_000,
      missedCallSyncMs: 0,
    },
    checks: { postgres: async () => undefined },
    metrics: {
      redis,
      prefix,
      calls: new RedisCallStore(redis, prefix),
      agents,
      agentIds: queueConfig.agents.map((a) => a.id),
      queueIds: queueConfig.queues.map((q) => q.id),
      eventBus,
    },
  });
  await app.ready();
  return {
    app,
    published,
    async close() {
      await app.close();
      await eventBus.close();
      redis.disconnect();
    },
  };
}
