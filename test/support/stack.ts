import { randomBytes } from 'node:crypto';
import { E2E_ADMIN_TOKEN } from './api-users.js';
import { startAsterisk, TEST_ARI_APP } from './asterisk.js';
import { createTestDatabase, type TestDatabase } from './database.js';
import { loadDotEnv } from './env.js';
import { freePort } from './free-port.js';
import { acquireAsteriskLock } from './machine-lock.js';
import { startService, type RunningService, type ServiceName } from './services.js';
import { stopAllSipp } from './sipp.js';

export interface Stack {
  env: Record<string, string>;
  database: TestDatabase;
  services: Map<ServiceName, RunningService>;
  apiUrl: string;
  /**
   * A request to the API, as the stack's admin (ADMIN_TOKEN) unless `init` carries its own
   * Authorization header or `anonymous` is set.
   */
  api<T = unknown>(path: string, init?: RequestInit, opts?: { anonymous?: boolean }): Promise<{ status: number; body: T }>;
  restart(name: ServiceName, signal?: NodeJS.Signals): Promise<RunningService>;
  stop(): Promise<void>;
}

/**
 * A whole stack for one test file: its own database and Redis prefix, the machine's
 * Asterisk rendered for the test app, and the three services as real processes.
 */
export async function startStack(opts: { services?: ServiceName[]; env?: Record<string, string>; asterisk?: boolean } = {}): Promise<Stack> {
  loadDotEnv();
  const database = await createTestDatabase();
  // Checked free: a port another test's stack holds would make the API exit at start.
  const port = await freePort(3100, 3900);
  const env: Record<string, string> = {
    DATABASE_URL: database.url,
    REDIS_PREFIX: `test-${randomBytes(4).toString('hex')}`,
    ARI_APP: TEST_ARI_APP,
    API_PORT: String(port),
    LOG_LEVEL: 'info',
    // .env's when there is one (the load kit sends that), else the suites' fixed one.
    ADMIN_TOKEN: process.env.ADMIN_TOKEN ?? E2E_ADMIN_TOKEN,
    // Tests poll the API far faster than a person; the rate limit has its own test.
    RATE_LIMIT_MAX: '1000000',
    ...opts.env,
  };
  const releaseAsterisk = (opts.asterisk ?? true) ? await acquireAsteriskLock() : () => undefined;
  if (opts.asterisk ?? true) startAsterisk(env);
  // Side by side: they meet only through Redis and Postgres, and each takes seconds to load.
  const names = opts.services ?? (['kpi-aggregator', 'ari-controller', 'api'] as const);
  const started = await Promise.allSettled(names.map((name) => startService(name, env)));
  const services = new Map<ServiceName, RunningService>();
  for (const [i, result] of started.entries()) if (result.status === 'fulfilled') services.set(names[i]!, result.value);
  const failed = started.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  const stop = async () => {
    await stopAllSipp();
    await Promise.all([...services.values()].map((s) => s.stop()));
    releaseAsterisk();
    await database.drop();
  };
  if (failed) {
    await stop();
    throw failed.reason;
  }
  const apiUrl = `http://127.0.0.1:${port}`;
  return {
    env,
    database,
    services,
    apiUrl,
    async api<T>(path: string, init?: RequestInit, apiOpts: { anonymous?: boolean } = {}) {
      const headers = new Headers(init?.headers);
      if (!apiOpts.anonymous && !headers.has('authorization')) headers.set('authorization', `Bearer ${env.ADMIN_TOKEN}`);
      const res = await fetch(apiUrl + path, { ...init, headers });
      const text = await res.text();
      return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T };
    },
    async restart(name, signal = 'SIGTERM') {
      await services.get(name)?.stop(signal);
      const s = await startService(name, env);
      services.set(name, s);
      return s;
    },
    stop,
  };
}
