import type { Queue } from 'bullmq';

/** The `call-events` queue as the aggregator's health sees it. */
export interface EventBusStats {
  /** BullMQ jobs per state (a job carries one batch of events). */
  readonly jobs: Readonly<Record<'waiting' | 'active' | 'delayed' | 'failed' | 'completed', number>>;
  /** Aggregator processes consuming the queue now. */
  readonly workers: number;
  /** How long the oldest event not yet written has waited (0 when every event is written). */
  readonly lagMs: number;
}

export async function readEventBusStats(queue: Queue, now = Date.now()): Promise<EventBusStats> {
  const [counts, workers, oldest] = await Promise.all([
    queue.getJobCounts('waiting', 'active', 'delayed', 'failed', 'completed'),
    queue.getWorkersCount(),
    // The oldest job of each unwritten state (ascending order); retried jobs wait in 'delayed'.
    queue.getJobs(['waiting', 'active', 'delayed'], 0, 0, true),
  ]);
  const firstAt = Math.min(...oldest.map((j) => j.timestamp));
  return {
    jobs: {
      waiting: counts.waiting ?? 0,
      active: counts.active ?? 0,
      delayed: counts.delayed ?? 0,
      failed: counts.failed ?? 0,
      completed: counts.completed ?? 0,
    },
    workers,
    lagMs: Number.isFinite(firstAt) ? Math.max(0, now - firstAt) : 0,
  };
}
