import { readPlatformProbes } from '@hotline/state';
import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { HealthCheck } from '../routes/health.js';
import { readEventBusStats } from './event-bus-stats.js';

/** The aggregator: some process consumes `call-events`, and no event has waited longer than `maxLagMs`. */
export function aggregatorCheck(queue: Queue, maxLagMs: number): HealthCheck {
  return async () => {
    const stats = await readEventBusStats(queue);
    if (stats.workers === 0) throw new Error(`no aggregator consuming ${queue.name} (${stats.jobs.waiting} jobs waiting)`);
    if (stats.lagMs > maxLagMs) {
      throw new Error(`oldest unwritten event waiting ${Math.round(stats.lagMs / 1000)} s (limit ${maxLagMs / 1000} s; ${stats.jobs.waiting} jobs waiting, ${stats.jobs.delayed} retrying)`);
    }
  };
}

/** The controllers: at least one probed within the last probes, and one of them has the IVR and the queue up. */
export function controllerCheck(redis: Redis, prefix: string): HealthCheck {
  return async () => {
    const probes = await readPlatformProbes(redis, prefix);
    if (probes.length === 0) throw new Error('no controller has probed the platform lately (none running?)');
    if (!probes.some((p) => p.up.ivr && p.up.queue)) {
      const failing = probes.map((p) => `${p.instance}: ${Object.entries(p.checks).filter(([, ok]) => !ok).map(([c]) => c).join(', ')} failing`);
      throw new Error(failing.join('; '));
    }
  };
}
