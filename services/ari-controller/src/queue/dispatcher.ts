import { isOfferable, rankAgents, type AgentCandidate } from '@hotline/acd';
import type { Logger } from '@hotline/config';
import type { AgentUpdate, RedisAgentStore } from '@hotline/state';
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
  private scheduled = false;
  private running = false;
  private again = false;
  private passStartedAt: number | null = null;

  constructor(
    private readonly directory: Directory,
    private readonly agents: RedisAgentStore,
    private readonly log: Logger,
  ) {}

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
    const now = Date.now();
    const defs = this.directory.agentsWithSkill(queue.skill);
    const records = new Map((await this.agents.getMany(defs.map((a) => a.id), now)).map((r) => [r.agentId, r]));
    const candidates = (): AgentCandidate[] =>
      defs.map((a) => ({ id: a.id, skills: a.skills, state: records.get(a.id)!.state, callsToday: 0 }));
    // Ranking is per caller (each excludes the agents that did not answer it): skip it all when nobody is free.
    let free = defs.filter((a) => isOfferable(records.get(a.id)!.state)).length;
    for (const caller of pending) {
      if (free === 0) return;
      const ranked = rankAgents(candidates(), { skill: queue.skill, excludeAgentIds: caller.excludedAgents() }, queue.policy);
      if (ranked.length === 0) continue; // others may exclude fewer agents
      for (const agentId of ranked) {
        const record = records.get(agentId)!;
        const reserved = await this.agents.applyTo(record, { type: 'reserve', callId: caller.callId }, now);
        if (reserved === 'conflict') {
          // Another controller changed this agent since we read it: re-read and try the next.
          records.set(agentId, await this.agents.get(agentId, now));
          if (!isOfferable(records.get(agentId)!.state)) free--;
          continue;
        }
        if (!reserved.ok) continue;
        records.set(agentId, reserved.record);
        free--;
        caller.offer(agentId, reserved);
        break;
      }
    }
  }
}
