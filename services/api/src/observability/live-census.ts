import { AGENT_STATUSES } from '@hotline/events';
import type { CallRecord, RedisAgentStore, RedisCallStore } from '@hotline/state';

/** What is happening now, for /metrics: calls in the controllers' hands, callers waiting, agents. */
export interface LiveCensus {
  /** Calls in progress by step (ivr, queued, talking, survey, ending). */
  readonly callsByStep: Readonly<Record<string, number>>;
  /** Callers waiting per queue; every configured queue is listed, 0 when nobody waits. */
  readonly waitingByQueue: Readonly<Record<string, number>>;
  /** Agents per status; every status is listed. */
  readonly agentsByStatus: Readonly<Record<string, number>>;
}

/**
 * Counts the controllers' call records (one per call in progress, mirrored to Redis at every
 * step) and the agents' states. A queue that is not configured (renamed since) still shows.
 */
export function censusOf(calls: readonly { step: string; queueId?: unknown }[], agentStatuses: readonly string[], queueIds: readonly string[]): LiveCensus {
  const callsByStep: Record<string, number> = {};
  const waitingByQueue: Record<string, number> = Object.fromEntries(queueIds.map((q) => [q, 0]));
  for (const c of calls) {
    callsByStep[c.step] = (callsByStep[c.step] ?? 0) + 1;
    if (c.step === 'queued' && typeof c.queueId === 'string') waitingByQueue[c.queueId] = (waitingByQueue[c.queueId] ?? 0) + 1;
  }
  const agentsByStatus: Record<string, number> = Object.fromEntries(AGENT_STATUSES.map((s) => [s, 0]));
  for (const s of agentStatuses) agentsByStatus[s] = (agentsByStatus[s] ?? 0) + 1;
  return { callsByStep, waitingByQueue, agentsByStatus };
}

/** Reads the census from Redis (call records by SCAN, agents by one MGET). */
export async function readLiveCensus(calls: RedisCallStore, agents: RedisAgentStore, agentIds: readonly string[], queueIds: readonly string[]): Promise<LiveCensus> {
  const ids = await calls.ids();
  const [records, agentRecords] = await Promise.all([Promise.all(ids.map((id) => calls.get(id))), agents.getMany(agentIds)]);
  return censusOf(
    records.filter((r): r is CallRecord => r !== null),
    agentRecords.map((a) => a.state.status),
    queueIds,
  );
}
