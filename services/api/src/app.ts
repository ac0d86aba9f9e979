import type { Logger } from '@hotline/config';
import type { Db } from '@hotline/db';
import swagger from '@fastify/swagger';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type RawServerDefault } from 'fastify';
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import { errorHandler } from './plugins/errors.js';
import { agentRoutes, type AgentRoutesOptions } from './routes/agents.js';
import { callRoutes } from './routes/calls.js';
import { healthRoutes, type HealthCheck } from './routes/health.js';

export interface AppDeps {
  db: Db;
  log: Logger;
  /** Named dependency checks for /healthz (postgres, redis, ari). */
  checks: Record<string, HealthCheck>;
  /** Live agent state in Redis and the agents/queues file. */
  agents: AgentRoutesOptions;
  /** Answer-time thresholds (seconds) for each call's service-level classification. */
  slThresholdsSec: readonly number[];
}

declare module 'fastify' {
  interface FastifyInstance {
    db: Db;
  }
}

/** Builds the HTTP API; main.ts listens, tests use inject() or listen on a free port. */
export type App = FastifyInstance<RawServerDefault, any, any, FastifyBaseLogger, ZodTypeProvider>;

export async function buildApp(deps: AppDeps): Promise<App> {
  const app = Fastify({ loggerInstance: deps.log as FastifyBaseLogger, bodyLimit: 256 * 1024 }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(errorHandler);
  app.decorate('db', deps.db);
  await app.register(swagger, {
    openapi: { info: { title: 'Hotline API', version: '0.1.0' } },
    transform: jsonSchemaTransform,
  });
  await app.register(healthRoutes, { checks: deps.checks });
  await app.register(callRoutes, { prefix: '/calls', slThresholdsSec: deps.slThresholdsSec });
  await app.register(agentRoutes, { prefix: '/agents', ...deps.agents });
  app.get('/docs/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  return app;
}
