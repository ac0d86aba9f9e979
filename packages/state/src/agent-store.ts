import { initialAgentState, transition, type AgentEvent, type AgentState, type TransitionResult } from '@hotline/acd';
import type { Redis } from 'ioredis';
import { keys } from './keys.js';

export interface AgentRecord {
  agentId: string;
  /** Bumped on every change; the compare-and-set key. */
  v: number;
  state: AgentState;
}

export type AgentUpdate =
  | { ok: true; from: AgentState; to: AgentState; record: AgentRecord }
  /** Refused; `from` is the state it was refused in. */
  | (Extract<TransitionResult, { ok: false }> & { from: AgentState });

/**
 * Writes the new state only if nobody changed it since we read version ARGV[1]:
 * this is what makes "reserve this agent" atomic across controller processes.
 * Publishes the new record on the agent-ready channel when the new state is ready.
 */
const CAS = `
local cur = redis.call('GET', KEYS[1])
local v = 0
if cur then v = cjson.decode(cur).v end
if v ~= tonumber(ARGV[1]) then return 0 end
redis.call('SET', KEYS[1], ARGV[2])
if ARGV[3] == '1' then redis.call('PUBLISH', KEYS[2], ARGV[4]) end
return 1
`;

const MAX_RETRIES = 20;

/**
 * The agent-ready announcement: the record just written, so a controller can reserve the agent
 * with one compare-and-set instead of reading it first (BENCHMARKS.md run 34).
 */
export function readyAnnouncement(record: AgentRecord): string {
  return JSON.stringify(record);
}

/** The record an agent-ready message carries; null for anything else (logged by the caller). */
export function parseReadyAnnouncement(message: string): AgentRecord | null {
  try {
    const r = JSON.parse(message) as Partial<AgentRecord> | null;
    if (typeof r?.agentId !== 'string' || typeof r.v !== 'number' || typeof r.state?.status !== 'string') return null;
    return r as AgentRecord;
  } catch {
    return null;
  }
}

/** Agent states in Redis, changed only through the pure state machine of @hotline/acd. */
export class RedisAgentStore {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {
    redis.defineCommand('hotlineAgentCas', { numberOfKeys: 2, lua: CAS });
  }

  async get(agentId: string, now = Date.now()): Promise<AgentRecord> {
    const raw = await this.redis.get(keys.agent(this.prefix, agentId));
    return raw ? { agentId, ...(JSON.parse(raw) as Omit<AgentRecord, 'agentId'>) } : { agentId, v: 0, state: initialAgentState(now) };
  }

  async getMany(agentIds: readonly string[], now = Date.now()): Promise<AgentRecord[]> {
    if (agentIds.length === 0) return [];
    const raws = await this.redis.mget(...agentIds.map((id) => keys.agent(this.prefix, id)));
    return agentIds.map((agentId, i) => {
      const raw = raws[i];
      return raw ? { agentId, ...(JSON.parse(raw) as Omit<AgentRecord, 'agentId'>) } : { agentId, v: 0, state: initialAgentState(now) };
    });
  }

  /**
   * Applies an event to the agent's current state, retrying when another process
   * changed the agent in between; an illegal event is returned, not thrown.
   */
  async apply(agentId: string, event: AgentEvent, now = Date.now()): Promise<AgentUpdate> {
    for (let attempt = 0; attempt < MAX_RETRIES; attempt++) {
      const current = await this.get(agentId, now);
      const result = await this.applyTo(current, event, now);
      if (result !== 'conflict') return result;
    }
    throw new Error(`agent ${agentId}: state kept changing under ${MAX_RETRIES} attempts`);
  }

  /** One attempt against a record already read: 'conflict' if it changed meanwhile (reservation lost). */
  async applyTo(current: AgentRecord, event: AgentEvent, now = Date.now()): Promise<AgentUpdate | 'conflict'> {
    const result = transition(current.state, event, now);
    if (!result.ok) return { ...result, from: current.state };
    const record: AgentRecord = { agentId: current.agentId, v: current.v + 1, state: result.state };
    const written = await (this.redis as unknown as Record<string, (...a: unknown[]) => Promise<number>>).hotlineAgentCas!(
      keys.agent(this.prefix, current.agentId),
      keys.agentReady(this.prefix),
      String(current.v),
      JSON.stringify({ v: record.v, state: record.state }),
      result.state.status === 'ready' ? '1' : '0',
      readyAnnouncement(record),
    );
    return written === 1 ? { ok: true, from: current.state, to: result.state, record } : 'conflict';
  }
}
