import type { Logger } from '@hotline/config';
import type { Db } from '@hotline/db';
import { ROLES } from '@hotline/tickets';
import swagger from '@fastify/swagger';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type RawServerDefault } from 'fastify';
import { jsonSchemaTransform, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { AccessLog } from './plugins/access-log.js';
import { installAuth, type AuthSettings } from './plugins/auth.js';
import { errorHandler } from './plugins/errors.js';
import { responseSerializerCompiler } from './plugins/response-serializer.js';
import { agentRoutes, type AgentRoutesOptions } from './routes/agents.js';
import { callRoutes } from './routes/calls.js';
import { healthRoutes, type HealthCheck } from './routes/health.js';
import { kpiRoutes } from './routes/kpis.js';
import { installMetrics, type MetricsDeps } from './routes/metrics.js';
import { realtimeRoutes } from './routes/realtime.js';
import { scorecardRoutes } from './routes/scorecards.js';
import { registerTicketing, type TicketingDeps } from './ticketing/register-ticketing.js';
import { recordingSettingsFromEnv } from './recordings/recording-settings.js';
import { recordingRoutes } from './routes/recordings.js';
import { commandSettingsFromEnv } from './call-commands/command-client.js';
import { callControlRoutes } from './routes/call-control.js';
import { monitorRoutes } from './routes/monitor.js';
import { deadLetterRoutes, type DeadLetterRoutesOptions } from './routes/dead-letters.js';

export interface AppDeps {
  db: Db;
  log: Logger;
  /** Named dependency checks for /healthz (postgres, redis, ari). */
  checks: Record<string, HealthCheck>;
  /** ADMIN_TOKEN, key lifetime and rate limits. */
  auth: AuthSettings;
  /** Tickets, callbacks, caller history, admin; left out by apps that do not serve them. */
  ticketing?: TicketingDeps;
  /** Live agent state in Redis and the agents/queues file. */
  agents: AgentRoutesOptions;
  /** Answer-time thresholds (seconds) for each call's service-level classification. */
  slThresholdsSec: readonly number[];
  /** KPI_CACHE_MS: GET /kpis reuses a report for the same query this long; unset: read every time. */
  kpiCacheMs?: number;
  /** How GET/POST /admin/dead-letters replays an event; without it replays answer 503. */
  deadLetters?: DeadLetterRoutesOptions;
  /** GET /metrics and the response counter; left out by apps that do not serve them. */
  metrics?: MetricsDeps;
}

declare module 'fastify' {
  interface FastifyInstance {
    db: Db;
  }
}

/** Builds the HTTP API; main.ts listens, tests use inject() or listen on a free port. */
export type App = FastifyInstance<RawServerDefault, any, any, FastifyBaseLogger, ZodTypeProvider>;

export async function buildApp(deps: AppDeps): Promise<App> {
  const app = Fastify({
    loggerInstance: deps.log as FastifyBaseLogger,
    logController: new AccessLog(),
    bodyLimit: 256 * 1024,
    // A client that stops sending mid-request (a lying Content-Length, slowloris) is cut off with 408
    // instead of holding its connection forever (Fastify's default); checked every 2 s, not Node's
    // 30 s. Node enforces the request timeout only with a headers timeout no longer than it.
    requestTimeout: 15_000,
    http: { connectionsCheckingInterval: 2_000, headersTimeout: 10_000 },
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(responseSerializerCompiler);
  app.setErrorHandler(errorHandler);
  app.decorate('db', deps.db);
  await installAuth(app, deps.db, deps.auth);
  if (deps.metrics) installMetrics(app, deps.metrics);
  await app.register(swagger, {
    openapi: { info: { title: 'Hotline API', version: '0.1.0' } },
    transform: jsonSchemaTransform,
  });
  await app.register(healthRoutes, { checks: deps.checks });
  await app.register(callRoutes, { prefix: '/calls', slThresholdsSec: deps.slThresholdsSec });
  await app.register(agentRoutes, { prefix: '/agents', ...deps.agents });
  if (deps.ticketing) await registerTicketing(app, deps.ticketing);
  await app.register(kpiRoutes, { prefix: '/kpis', cacheMs: deps.kpiCacheMs });
  await app.register(scorecardRoutes, { prefix: '/scorecards' });
  await app.register(realtimeRoutes);
  await app.register(recordingRoutes, { prefix: '/recordings', ...recordingSettingsFromEnv() });
  await app.register(callControlRoutes, { prefix: '/calls', ...commandSettingsFromEnv() });
  await app.register(monitorRoutes, { prefix: '/calls', ...commandSettingsFromEnv() });
  await app.register(deadLetterRoutes, { prefix: '/admin/dead-letters', ...deps.deadLetters });
  const anyUser = { roles: ROLES };
  app.get('/docs/openapi.json', { config: anyUser, schema: { hide: true } }, async () => app.swagger());
  app.get('/docs', { config: anyUser, schema: { hide: true } }, async () => app.swagger());
  return app;
}
