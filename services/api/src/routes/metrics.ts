// GET /metrics in the Prometheus text format, with prom-client (the Prometheus project's own
// listed Node client: exposition format, process metrics and label handling kept right for us).
// Gauges are read from their sources at each scrape (Redis, BullMQ, Postgres); a source that
// does not answer is reported by hotline_metrics_source_up = 0 and its gauges are left out,
// so a scrape never shows stale figures and never fails as a whole.
import { PLATFORM_COMPONENTS } from '@hotline/kpi';
import { readPlatformProbes, type RedisAgentStore, type RedisCallStore } from '@hotline/state';
import type { Queue } from 'bullmq';
import type { FastifyInstance } from 'fastify';
import type { Redis } from 'ioredis';
import { sql } from 'kysely';
import { Counter, Gauge, Registry, collectDefaultMetrics } from 'prom-client';
import { readEventBusStats } from '../observability/event-bus-stats.js';
import { readLiveCensus } from '../observability/live-census.js';

/** Who may scrape: operators' keys (create a supervisor user for the Prometheus server's bearer token). */
export const METRICS_READERS = ['supervisor', 'admin'] as const;

export interface MetricsDeps {
  readonly redis: Redis;
  readonly prefix: string;
  readonly calls: RedisCallStore;
  readonly agents: RedisAgentStore;
  readonly agentIds: readonly string[];
  readonly queueIds: readonly string[];
  /** The `call-events` queue. */
  readonly eventBus: Queue;
}

/**
 * Counts every HTTP response and serves GET /metrics. Install before the routes are
 * registered, so the response counter sees all of them.
 */
export function installMetrics(app: FastifyInstance, deps: MetricsDeps): void {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'hotline_api_' });
  const registers = [registry];
  const g = (name: string, help: string, labelNames: string[] = []) => new Gauge({ name, help, labelNames, registers });

  const responses = new Counter({
    name: 'hotline_http_responses_total',
    help: 'API responses by method, route pattern and status (5xx are server errors).',
    labelNames: ['method', 'route', 'status'],
    registers,
  });
  app.addHook('onResponse', async (req, reply) => {
    responses.inc({ method: req.method, route: req.routeOptions.url ?? 'unmatched', status: String(reply.statusCode) });
  });

  const sourceUp = g('hotline_metrics_source_up', 'Whether this scrape could read the source (redis, event_bus, postgres).', ['source']);
  const redisGauges = [
    g('hotline_calls_in_progress', 'Calls in the controllers now, by step (from their call records in Redis).', ['step']),
    g('hotline_calls_waiting', 'Callers waiting for an agent now, per queue.', ['queue']),
    g('hotline_agents', 'Agents per state now.', ['state']),
    g('hotline_controllers', 'Controller processes that probed the platform within the last 45 s.'),
    g('hotline_platform_up', 'Whether some controller finds the component up in its latest probe (1) or none does (0).', ['component']),
    g('hotline_controller_handler_failures', 'Failed ARI event handlers since each controller started (a counter per process).', ['instance']),
  ] as const;
  const [callsInProgress, waiting, agentStates, controllers, platformUp, handlerFailures] = redisGauges;
  const busGauges = [
    g('hotline_event_bus_jobs', 'BullMQ jobs of the call-events queue per state (a job carries a batch of events; failed: every attempt failed).', ['state']),
    g('hotline_event_bus_workers', 'Aggregator processes consuming the call-events queue.'),
    g('hotline_event_lag_seconds', 'How long the oldest event not yet written to Postgres has waited (0: all written).'),
  ] as const;
  const [busJobs, busWorkers, eventLag] = busGauges;
  const pgGauges = [
    g('hotline_event_last_written_timestamp_seconds', 'Emission time of the newest event written to Postgres (unix seconds).'),
    g('hotline_dead_letters', 'Events the aggregator could not apply and that were not replayed (GET /admin/dead-letters).'),
  ] as const;
  const [lastWritten, deadLetters] = pgGauges;

  const read = async (source: string, gauges: readonly Gauge[], fill: () => Promise<void>): Promise<void> => {
    for (const gauge of gauges) gauge.reset();
    try {
      await fill();
      sourceUp.set({ source }, 1);
    } catch (err) {
      for (const gauge of gauges) gauge.reset();
      sourceUp.set({ source }, 0);
      app.log.warn({ source, err: (err as Error).message }, 'metrics source not read');
    }
  };

  app.get(
    '/metrics',
    {
      config: { roles: METRICS_READERS },
      schema: {
        description:
          'Prometheus text format: calls in progress, callers waiting per queue, agents per state, controllers and components up, event lag, BullMQ depth, dead letters, API responses by status, process metrics.',
      },
    },
    async (_req, reply) => {
      await Promise.all([
        read('redis', redisGauges, async () => {
          const [census, probes] = await Promise.all([
            readLiveCensus(deps.calls, deps.agents, deps.agentIds, deps.queueIds),
            readPlatformProbes(deps.redis, deps.prefix),
          ]);
          for (const [step, n] of Object.entries(census.callsByStep)) callsInProgress.set({ step }, n);
          for (const [queue, n] of Object.entries(census.waitingByQueue)) waiting.set({ queue }, n);
          for (const [state, n] of Object.entries(census.agentsByStatus)) agentStates.set({ state }, n);
          controllers.set(probes.length);
          for (const c of PLATFORM_COMPONENTS) platformUp.set({ component: c }, probes.some((p) => p.up[c] === true) ? 1 : 0);
          for (const p of probes) handlerFailures.set({ instance: p.instance }, p.handlerFailures ?? 0);
        }),
        read('event_bus', busGauges, async () => {
          const stats = await readEventBusStats(deps.eventBus);
          for (const [state, n] of Object.entries(stats.jobs)) busJobs.set({ state }, n);
          busWorkers.set(stats.workers);
          eventLag.set(stats.lagMs / 1000);
        }),
        read('postgres', pgGauges, async () => {
          const { rows } = await sql<{ last: string | null; dead: string }>`
            select (select extract(epoch from max(at)) from call_events)::text as last,
                   (select count(*) from dead_letters where replayed_at is null)::text as dead`.execute(app.db);
          if (rows[0]?.last) lastWritten.set(Number(rows[0].last));
          deadLetters.set(Number(rows[0]?.dead ?? 0));
        }),
      ]);
      return reply.type(registry.contentType).send(await registry.metrics());
    },
  );
}
