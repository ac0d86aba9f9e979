// The HTTP API: calls, agents, tickets, KPIs for supervisors, departments and the wallboard.
import { createLogger, loadConfig } from '@hotline/config';
import { createDb } from '@hotline/db';
import { sql } from 'kysely';
import { Redis } from 'ioredis';
import { buildApp } from './app.js';

const config = loadConfig(['log', 'db', 'redis', 'ari', 'api']);
const log = createLogger('api', config.log.LOG_LEVEL);
const db = createDb(config.db.DATABASE_URL, config.db.DB_POOL_MAX);
const redis = new Redis(config.redis.REDIS_URL, { maxRetriesPerRequest: 1, lazyConnect: true });
redis.on('error', (err) => log.warn({ err: err.message }, 'redis connection error'));

const ariAuth = 'Basic ' + Buffer.from(`${config.ari.ARI_USER}:${config.ari.ARI_PASSWORD}`).toString('base64');

const app = await buildApp({
  db,
  log,
  checks: {
    postgres: async () => void (await sql`select 1`.execute(db)),
    redis: async () => {
      if (redis.status === 'wait') await redis.connect();
      await redis.ping();
    },
    ari: async () => {
      const res = await fetch(`${config.ari.ARI_URL}/ari/asterisk/info`, { headers: { authorization: ariAuth } });
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
    },
  },
});

await app.listen({ host: config.api.API_HOST, port: config.api.API_PORT });

async function shutdown(signal: string): Promise<void> {
  log.info({ signal }, 'shutting down');
  await app.close();
  await db.destroy();
  redis.disconnect();
  process.exit(0);
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));
