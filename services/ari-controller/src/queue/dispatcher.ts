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
 *
 * A ready agent's announcement carries the record just written, so a match reserves it at
 * once, in one round trip, without reading it first; and matching never waits for a
 * reservation on its way: agents and callers in flight are only left out of the next match.
 * A serial pass (read the candidates, reserve, then match again) made each reservation wait
 * for the pass before it: 0.25-0.38 s from reservation to ring at 60 calls/s, 0.01-0.11 s
 * without (p50, BENCHMARKS.md run 34).
 */
export class Dispatcher {
  private readonly waiting = new Map<string, WaitingCaller[]>();
  /** Ready agents, by the newest record announced or read: what a match reserves. */
  private readonly ready = new Map<string, AgentRecord>();
  /** Agents whose state must be read before they can be offered: at start, after a resync or a lost reservation. */
  private readonly unread = new Set<string>();
  private reading = false;
  private readonly reservingAgents = new Set<string>();
  private readonly reservingCallers = new Set<WaitingCaller>();
  /** Start times of the dispatcher's Redis requests in flight (see busyMs). */
  private readonly requests = new Set<{ readonly at: number }>();
  private scheduled = false;

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

  /** An agent became ready: its record as the process that changed it wrote it. */
  agentReady(record: AgentRecord): void {
    this.learn(record);
    this.trigger();
  }

  /** Every agent is read again at the next match: heals a missed announcement (e.g. Redis reconnecting). */
  resync(): void {
    for (const agent of this.directory.config.agents) this.unread.add(agent.id);
  }

  /** Something changed (a caller queued, an agent freed, a ring ended): match again soon, once. */
  trigger(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.match();
    });
  }

  /** How long the oldest Redis request of the dispatcher has waited (0 when none): one stuck matches nobody. */
  busyMs(now = Date.now()): number {
    let oldest = now;
    for (const request of this.requests) oldest = Math.min(oldest, request.at);
    return now - oldest;
  }

  /** Keeps the newer of what we hold and `record` (a late read or message must not undo a newer one). */
  private learn(record: AgentRecord): void {
    const held = this.ready.get(record.agentId);
    if (held && held.v > record.v) return;
    if (isOfferable(record.state)) this.ready.set(record.agentId, record);
    else this.ready.delete(record.agentId);
  }

  /** `record` no longer describes the agent (reserved, or changed by someone else): drop it unless newer came. */
  private drop(record: AgentRecord): void {
    if ((this.ready.get(record.agentId)?.v ?? -1) <= record.v) this.ready.delete(record.agentId);
  }

  private match(): void {
    if (this.unread.size > 0 && !this.reading) this.readUnread();
    for (const [queueId, callers] of this.waiting) this.matchQueue(queueId, callers);
  }

  private matchQueue(queueId: string, callers: readonly WaitingCaller[]): void {
    const queue = this.directory.queue(queueId);
    if (!queue || callers.length === 0) return;
    const candidates: AgentCandidate[] = [];
    for (const [agentId, record] of this.ready) {
      const agent = this.directory.agent(agentId);
      if (agent && !this.reservingAgents.has(agentId)) candidates.push({ id: agentId, skills: agent.skills, state: record.state, callsToday: 0 });
    }
    if (candidates.length === 0) return;
    // Lazily: the match stops reading the line once every candidate is taken.
    const reservingCallers = this.reservingCallers;
    function* pending() {
      for (const waiting of callers) if (!waiting.isRinging() && !reservingCallers.has(waiting)) yield { waiting, excludeAgentIds: waiting.excludedAgents() };
    }
    const now = Date.now();
    for (const { caller, agentId } of assignAgents(pending(), candidates, queue.skill, queue.policy)) void this.reserve(caller.waiting, this.ready.get(agentId)!, now);
  }

  private async reserve(caller: WaitingCaller, record: AgentRecord, now: number): Promise<void> {
    const request = { at: now };
    this.requests.add(request);
    this.reservingAgents.add(record.agentId);
    this.reservingCallers.add(caller);
    let reserved: AgentUpdate | 'conflict';
    try {
      reserved = await this.agents.applyTo(record, { type: 'reserve', callId: caller.callId }, now);
    } catch (err) {
      // Redis is failing: the agent is read again at the next trigger (the sweeper's, at the latest).
      this.log.error({ err, agentId: record.agentId, callId: caller.callId }, 'reservation failed; will retry on the next trigger');
      this.drop(record);
      this.unread.add(record.agentId);
      return;
    } finally {
      this.requests.delete(request);
      this.reservingAgents.delete(record.agentId);
      this.reservingCallers.delete(caller);
    }
    this.drop(record);
    if (reserved !== 'conflict' && reserved.ok) {
      caller.offer(record.agentId, reserved);
      return;
    }
    // Changed by another process since this record was written: read it, and match again.
    this.unread.add(record.agentId);
    this.trigger();
  }

  private readUnread(): void {
    const agentIds = [...this.unread];
    this.unread.clear();
    const request = { at: Date.now() };
    this.requests.add(request);
    this.reading = true;
    this.agents.getMany(agentIds, request.at).then(
      (records) => {
        for (const record of records) this.learn(record);
        this.trigger();
      },
      (err: unknown) => {
        for (const agentId of agentIds) this.unread.add(agentId);
        this.log.error({ err }, 'ready agents not read; will retry on the next trigger');
      },
    ).finally(() => {
      this.reading = false;
      this.requests.delete(request);
    });
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
      const record = records.get(agentId)!;
      const reserved = await this.agents.applyTo(record, { type: 'reserve', callId }, now);
      if (reserved !== 'conflict' && reserved.ok) {
        this.drop(record);
        return { agentId, reservation: reserved };
      }
    }
    return null;
  }
}
