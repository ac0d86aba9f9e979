import type { AgentEvent as AgentStateEvent } from '@hotline/acd';
import { newEvent, type HotlineEvent } from '@hotline/events';
import type { AgentUpdate, RedisAgentStore } from './agent-store.js';

/**
 * The one way to change an agent: through the state machine, atomically in Redis,
 * then `agent.state_changed` on the event bus. Used by controllers and the API alike.
 */
export async function applyAgentEvent(
  store: RedisAgentStore,
  publish: (e: HotlineEvent) => Promise<void>,
  source: string,
  agentId: string,
  event: AgentStateEvent,
  now = Date.now(),
): Promise<AgentUpdate> {
  const result = await store.apply(agentId, event, now);
  if (result.ok) await publishChange(publish, source, agentId, result);
  return result;
}

export async function publishChange(
  publish: (e: HotlineEvent) => Promise<void>,
  source: string,
  agentId: string,
  change: Extract<AgentUpdate, { ok: true }>,
): Promise<void> {
  const to = change.to;
  await publish(
    newEvent(source, {
      type: 'agent.state_changed',
      agentId,
      from: change.from.status,
      to: to.status,
      ...(to.status === 'not_ready' ? { reason: to.reason } : {}),
      ...('callId' in to ? { callId: to.callId } : {}),
    }, new Date(to.since)) as HotlineEvent,
  );
}
