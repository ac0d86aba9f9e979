import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';

/** Resolves when the dependency answers; rejects (or times out) when it does not. */
export type HealthCheck = () => Promise<void>;

const TIMEOUT_MS = 1500;
/** Who sees each dependency's state and error; anyone else gets the overall status only. */
const DETAIL_ROLES: readonly string[] = ['supervisor', 'admin'];

export const healthRoutes: FastifyPluginAsyncZod<{ checks: Record<string, HealthCheck> }> = async (app, opts) => {
  app.get(
    '/healthz',
    {
      config: { public: 'liveness probes carry no key; anonymous callers get the status only' },
      schema: {
        description: 'Checks every dependency (Postgres, Redis, ARI); 503 when one is down. Each check is shown to supervisor and admin keys only.',
        response: {
          200: z.object({ status: z.literal('ok'), checks: z.record(z.string(), z.string()).optional() }),
          503: z.object({ status: z.literal('degraded'), checks: z.record(z.string(), z.string()).optional() }),
        },
      },
    },
    async (req, reply) => {
      const names = Object.keys(opts.checks);
      const results = await Promise.all(names.map((n) => withTimeout(opts.checks[n]!(), TIMEOUT_MS)));
      const ok = results.every((r) => r === 'ok');
      const checks = req.actor && DETAIL_ROLES.includes(req.actor.role) ? Object.fromEntries(names.map((n, i) => [n, results[i]!])) : undefined;
      return ok ? reply.status(200).send({ status: 'ok', checks }) : reply.status(503).send({ status: 'degraded', checks });
    },
  );
};

async function withTimeout(p: Promise<void>, ms: number): Promise<string> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([p, new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer in ${ms} ms`)), ms)))]);
    return 'ok';
  } catch (err) {
    return `down: ${(err as Error).message}`;
  } finally {
    clearTimeout(timer);
  }
}
