import type { Redis } from 'ioredis';
import type { AgentNow } from './agent-intervals.js';
import type { CallRow } from './call-fold.js';

/**
 * The live state the wallboard reads, kept in Redis by the aggregator after each batch
 * (from the merged rows, so late or repeated events leave it right):
 * - `${prefix}:live:waiting`  hash callId -> {"queueId","queuedAt"} for callers queued now
 * - `${prefix}:live:agents`   hash agentId -> {"state","since"} (latest agent.state_changed)
 */
export function liveKeys(prefix: string): { waiting: string; agents: string } {
  return { waiting: `${prefix}:live:waiting`, agents: `${prefix}:live:agents` };
}

/** In a queue now: queued, and not yet answered, abandoned or hung up. */
export function isWaiting(row: CallRow): boolean {
  return row.queued_at !== null && row.answered_at === null && row.abandoned_at === null && row.ended_at === null;
}

export async function updateLiveSnapshot(redis: Redis, prefix: string, calls: readonly CallRow[], agents: readonly AgentNow[]): Promise<void> {
  if (calls.length === 0 && agents.length === 0) return;
  const keys = liveKeys(prefix);
  const p = redis.pipeline();
  const waiting = calls.filter(isWaiting);
  const gone = calls.filter((c) => !isWaiting(c)).map((c) => c.call_id);
  if (waiting.length > 0) p.hset(keys.waiting, Object.fromEntries(waiting.map((c) => [c.call_id, JSON.stringify({ queueId: c.queue_id, queuedAt: c.queued_at })])));
  if (gone.length > 0) p.hdel(keys.waiting, ...gone);
  if (agents.length > 0) p.hset(keys.agents, Object.fromEntries(agents.map((a) => [a.agentId, JSON.stringify({ state: a.state, since: a.since })])));
  await p.exec();
}
