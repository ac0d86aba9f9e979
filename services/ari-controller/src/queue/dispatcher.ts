import { assignAgents, isOfferable, rankAgents, type AgentCandidate } from '@hotline/acd';
import type { Logger } from '@hotline/config';
import type { AgentRecord, AgentUpdate, RedisAgentStore } from '@hotline/state';
import type { Directory } from '../agents/directory.js';

/** A caller waiting in one of this controller's queues, as the dispatcher sees it. */
export interface WaitingCaller {
  readonly callId: string;
  readonly queueId: string;
  readonly priority: number;
  readonly queuedAt: number;
  /** Ringing an agent now: not offered to another until that ends. */
  isRinging(): boolean;
  /** Agents that did not answer this call: never rung again for it. */
  excludedAgents(): readonly string[];
  /** The agent is reserved for this caller: ring them (the caller takes over from here). */
  offer(agentId: string, reservation: Extract<AgentUpdate, { ok: true }>): void;
}

/**
 * Matches this controller's waiting callers with ready agents. Agents are shared by
 * every controller through Redis, and each offer starts with an atomic reservation
 * (compare-and-set), so two controllers never ring one agent for two calls.
 */
export class Dispatcher {
  private readonly waiting = new Map<string, WaitingCaller[]>();
  /**
   * Agents that may be ready, with a count of their announcements: only these are read from Redis
   * when matching (a caller and a ready agent must both exist). An agent leaves the set when a read
   * finds it not ready, unless it was announced again meanwhile; resync() puts every agent back.
   */
  private readonly maybeReady = new Map<string, number>();
  private scheduled = false;
  private running = false;
  private again = false;
  private passStartedAt: number | null = null;

  constructor(
    private readonly directory: Directory,
    private readonly agents: RedisAgentStore,
    private readonly log: Logger,
  ) {
    this.resync();
  }

  add(caller: WaitingCaller): void {
    const list = this.waiting.get(caller.queueId) ?? [];
    list.push(caller);
    // Higher priority first, then who has waited longest.
    list.sort((a, b) => b.priority - a.priority || a.queuedAt - b.queuedAt || a.callId.localeCompare(b.callId));
    this.waiting.set(caller.queueId, list);
    this.trigger();
  }

  remove(caller: WaitingCaller): void {
    const list = this.waiting.get(caller.queueId);
    if (!list) return;
    const i = list.indexOf(caller);
    if (i >= 0) list.splice(i, 1);
  }

  count(queueId: string): number {
    return this.waiting.get(queueId)?.length ?? 0;
  }

  /** An agent became ready (announced by whichever process changed it): match again. */
  agentReady(agentId: string): void {
    this.maybeReady.set(agentId, (this.maybeReady.get(agentId) ?? 0) + 1);
    this.trigger();
  }

  /** Every agent is a candidate again at the next match: heals a missed announcement (e.g. Redis reconnecting). */
  resync(): void {
    for (const agent of this.directory.config.agents) this.maybeReady.set(agent.id, (this.maybeReady.get(agent.id) ?? 0) + 1);
  }

  /** The agent was read not ready (or was just reserved): out of the set, unless announced since `seen`. */
  private notReady(agentId: string, seen: number | undefined): void {
    if (this.maybeReady.get(agentId) === seen) this.maybeReady.delete(agentId);
  }

  /** Something changed (a caller queued, an agent freed, a ring ended): match again soon, once. */
  trigger(): void {
    if (this.running) {
      this.again = true;
      return;
    }
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      void this.run();
    });
  }

  /** How long the matching pass in progress has run (0 when idle): one stuck on Redis matches nobody. */
  busyMs(now = Date.now()): number {
    return this.passStartedAt === null ? 0 : now - this.passStartedAt;
  }

  private async run(): Promise<void> {
    this.running = true;
    this.passStartedAt = Date.now();
    try {
      do {
        this.again = false;
        for (const [queueId, callers] of this.waiting) await this.matchQueue(queueId, callers);
      } while (this.again);
    } catch (err) {
      this.log.error({ err }, 'dispatch failed; will retry on the next trigger');
    } finally {
      this.running = false;
      this.passStartedAt = null;
    }
  }

  /**
   * Reserves the best ready agent of a queue for a call outside its waiting line (an agent
   * consulting that queue), by the queue's own ranking; null when nobody there is free.
   */
  async reserveFree(queueId: string, callId: string, exclude: readonly string[]): Promise<{ agentId: string; reservation: Extract<AgentUpdate, { ok: true }> } | null> {
    const queue = this.directory.queue(queueId);
    if (!queue) return null;
    const now = Date.now();
    const defs = this.directory.agentsWithSkill(queue.skill);
    const records = new Map((await this.agents.getMany(defs.map((a) => a.id), now)).map((r) => [r.agentId, r]));
    const candidates = defs.map((a) => ({ id: a.id, skills: a.skills, state: records.get(a.id)!.state, callsToday: 0 }));
    for (const agentId of rankAgents(candidates, { skill: queue.skill, excludeAgentIds: exclude }, queue.policy)) {
      const reserved = await this.agents.applyTo(records.get(agentId)!, { type: 'reserve', callId }, now);
      if (reserved !== 'conflict' && reserved.ok) return { agentId, reservation: reserved };
    }
    return null;
  }

  private async matchQueue(queueId: string, callers: readonly WaitingCaller[]): Promise<void> {
    const queue = this.directory.queue(queueId);
    const pending = callers.filter((c) => !c.isRinging());
    if (!queue || pending.length === 0) return;
    const skills = new Map(this.directory.agentsWithSkill(queue.skill).filter((a) => this.maybeReady.has(a.id)).map((a) => [a.id, a.skills]));
    // Nobody of the skill can be free: no Redis read, no ranking.
    if (skills.size === 0) return;
    const seen = new Map([...skills.keys()].map((id) => [id, this.maybeReady.get(id)]));
    const now = Date.now();
    const ready = new Map<string, AgentRecord>();
    for (const record of await this.agents.getMany([...skills.keys()], now)) {
      if (isOfferable(record.state)) ready.set(record.agentId, record);
      else this.notReady(record.agentId, seen.get(record.agentId));
    }
    const candidates: AgentCandidate[] = [...ready.values()].map((r) => ({ id: r.agentId, skills: skills.get(r.agentId)!, state: r.state, callsToday: 0 }));
    const pairs = assignAgents(
      pending.map((waiting) => ({ waiting, excludeAgentIds: waiting.excludedAgents() })),
      candidates,
      queue.skill,
      queue.policy,
    );
    // Every reservation of the pass at once: ioredis pipelines them, so a pass costs one round trip,
    // not one per caller. Sequential ones made a pass of 100+ offers last 6-11 s at 25 calls/s, and
    // agents freed meanwhile waited for the next pass (offers came in waves; BENCHMARKS.md run 16).
    const results = await Promise.all(pairs.map(({ caller: { waiting }, agentId }) => this.agents.applyTo(ready.get(agentId)!, { type: 'reserve', callId: waiting.callId }, now)));
    pairs.forEach(({ caller: { waiting }, agentId }, i) => {
      const reserved = results[i]!;
      // Another process changed this agent since we read it: the next pass reads it again.
      if (reserved === 'conflict') this.again = true;
      if (reserved === 'conflict' || !reserved.ok) return;
      this.notReady(agentId, seen.get(agentId));
      waiting.offer(agentId, reserved);
    });
  }
}
