import { initialAgentState, queueConfigSchema, transition, type AgentEvent } from '@hotline/acd';
import { createLogger } from '@hotline/config';
import type { AgentRecord, AgentUpdate, RedisAgentStore } from '@hotline/state';
import { describe, expect, it } from 'vitest';
import { Directory } from '../agents/directory.js';
import { Dispatcher, type WaitingCaller } from './dispatcher.js';

/**
 * Agent states in memory with Redis's compare-and-set. Each request is a round trip that is
 * answered (and, for a write, applied) only when the test calls `reply()`.
 */
class RoundTripAgents {
  readonly records = new Map<string, AgentRecord>();
  private waiting: (() => void)[] = [];

  get inFlight(): number {
    return this.waiting.length;
  }

  ready(agentId: string, readySince: number): void {
    const v = (this.records.get(agentId)?.v ?? 0) + 1;
    this.records.set(agentId, { agentId, v, state: { status: 'ready', since: readySince, readySince } });
  }

  reply(): void {
    const answers = this.waiting;
    this.waiting = [];
    for (const answer of answers) answer();
  }

  getMany(agentIds: readonly string[], now: number): Promise<AgentRecord[]> {
    return this.roundTrip(() => agentIds.map((agentId) => this.records.get(agentId) ?? { agentId, v: 0, state: initialAgentState(now) }));
  }

  applyTo(current: AgentRecord, event: AgentEvent, now: number): Promise<AgentUpdate | 'conflict'> {
    return this.roundTrip(() => {
      if ((this.records.get(current.agentId)?.v ?? 0) !== current.v) return 'conflict';
      const result = transition(current.state, event, now);
      if (!result.ok) return { ...result, from: current.state };
      const record = { agentId: current.agentId, v: current.v + 1, state: result.state };
      this.records.set(current.agentId, record);
      return { ok: true, from: current.state, to: result.state, record };
    });
  }

  private roundTrip<T>(answer: () => T): Promise<T> {
    return new Promise((resolve) => this.waiting.push(() => resolve(answer())));
  }
}

const agentIds = ['a1', 'a2', 'a3'];
const directory = new Directory(
  queueConfigSchema.parse({
    queues: [{ id: 'q', name: 'Q', skill: 'S', maxWaitSec: 60, overflow: { action: 'hangup' }, capacity: 100, wrapUpSec: 0, policy: 'longest_idle' }],
    agents: agentIds.map((id) => ({ id, name: id, seat: `seat-${id}`, skills: { S: 5 } })),
  }),
);

function caller(callId: string, queuedAt: number): WaitingCaller & { offeredTo: string[] } {
  const offeredTo: string[] = [];
  return {
    callId,
    queueId: 'q',
    priority: 0,
    queuedAt,
    offeredTo,
    isRinging: () => offeredTo.length > 0,
    excludedAgents: () => [],
    offer: (agentId) => void offeredTo.push(agentId),
  };
}

/** Lets the dispatcher run up to its next await on a round trip. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 5));

/** The first match reads every agent (nobody waiting yet). */
async function startUp(dispatcher: Dispatcher, agents: RoundTripAgents): Promise<void> {
  dispatcher.trigger();
  await settle();
  agents.reply();
  await settle();
}

function setUp() {
  const agents = new RoundTripAgents();
  agentIds.forEach((id, i) => agents.ready(id, 1000 + i));
  const dispatcher = new Dispatcher(directory, agents as unknown as RedisAgentStore, createLogger('test', 'silent'));
  return { agents, dispatcher };
}

describe('Dispatcher', () => {
  it('reserves every agent of a matching pass in one round trip, not one caller after another', async () => {
    const { agents, dispatcher } = setUp();
    const callers = [caller('c1', 1), caller('c2', 2), caller('c3', 3)];
    for (const c of callers) dispatcher.add(c);
    await settle();
    expect(agents.inFlight).toBe(1); // the read of the ready agents
    agents.reply();
    await settle();
    expect(agents.inFlight).toBe(3); // the three reservations, all on the way at once
    agents.reply();
    await settle();
    // Longest idle first, callers in queue order.
    expect(callers.map((c) => c.offeredTo)).toEqual([['a1'], ['a2'], ['a3']]);
    expect(agentIds.map((id) => agents.records.get(id)!.state.status)).toEqual(['reserved', 'reserved', 'reserved']);
  });

  it('reserves an announced agent with one round trip, without reading it first', async () => {
    const { agents, dispatcher } = setUp();
    await startUp(dispatcher, agents); // all three ready, nobody waiting
    const c1 = caller('c1', 1);
    dispatcher.add(c1);
    await settle();
    agents.reply(); // c1 reserves a1
    await settle();
    // a1's call ends: the announcement carries the record the release wrote.
    agents.records.set('a1', { agentId: 'a1', v: 10, state: { status: 'ready', since: 3000, readySince: 3000 } });
    const c2 = caller('c2', 2);
    const c3 = caller('c3', 3);
    dispatcher.add(c2);
    dispatcher.add(c3);
    dispatcher.agentReady(agents.records.get('a1')!);
    await settle();
    expect(agents.inFlight).toBe(2); // the reservations only: no read
    agents.reply();
    await settle();
    expect([c1.offeredTo, c2.offeredTo, c3.offeredTo]).toEqual([['a1'], ['a2'], ['a3']]);
    expect(agents.inFlight).toBe(0);
  });

  it('matches again while reservations are on their way, never pairing their agent or caller twice', async () => {
    const { agents, dispatcher } = setUp();
    await startUp(dispatcher, agents);
    const c1 = caller('c1', 1);
    dispatcher.add(c1);
    await settle();
    expect(agents.inFlight).toBe(1); // c1 → a1, not answered yet
    const c2 = caller('c2', 2);
    dispatcher.add(c2); // does not wait for c1's reservation
    await settle();
    expect(agents.inFlight).toBe(2);
    dispatcher.trigger(); // another change: neither a1 nor c1 is paired again
    await settle();
    expect(agents.inFlight).toBe(2);
    expect(dispatcher.busyMs()).toBeGreaterThanOrEqual(0);
    agents.reply();
    await settle();
    expect([c1.offeredTo, c2.offeredTo]).toEqual([['a1'], ['a2']]);
    expect(dispatcher.busyMs()).toBe(0);
  });

  it('reads an agent changed by another process again, and offers the caller another one meanwhile', async () => {
    const { agents, dispatcher } = setUp();
    await startUp(dispatcher, agents); // a1 is the longest idle
    const c1 = caller('c1', 1);
    dispatcher.add(c1);
    await settle();
    agents.ready('a1', 500); // another process touched a1 (still ready): the reservation conflicts
    agents.reply();
    await settle();
    expect(c1.offeredTo).toEqual([]);
    expect(agents.inFlight).toBe(2); // a1 read again; c1 → a2 at once
    agents.reply();
    await settle();
    expect(c1.offeredTo).toEqual(['a2']);
    const c2 = caller('c2', 2);
    dispatcher.add(c2);
    await settle();
    agents.reply();
    await settle();
    expect(c2.offeredTo).toEqual(['a1']);
    expect(agents.records.get('a1')!.state).toMatchObject({ status: 'reserved', callId: 'c2' });
  });

  it('keeps the newest record: a read sent before an announcement does not undo it', async () => {
    const { agents, dispatcher } = setUp();
    agents.records.set('a1', { agentId: 'a1', v: 4, state: { status: 'on_call', since: 0, callId: 'x' } });
    dispatcher.trigger();
    await settle(); // the start-up read is on its way and will say a1 is on a call
    dispatcher.agentReady({ agentId: 'a1', v: 5, state: { status: 'ready', since: 1, readySince: 1 } });
    agents.records.set('a1', { agentId: 'a1', v: 5, state: { status: 'ready', since: 1, readySince: 1 } });
    agents.reply();
    await settle();
    const c1 = caller('c1', 1);
    dispatcher.add(c1);
    await settle();
    agents.reply();
    await settle();
    expect(c1.offeredTo).toEqual(['a1']);
  });

  it('does not offer an agent a read finds not ready', async () => {
    const { agents, dispatcher } = setUp();
    for (const id of agentIds) agents.records.set(id, { agentId: id, v: 7, state: { status: 'not_ready', since: 0, reason: 'break' } });
    const c1 = caller('c1', 1);
    dispatcher.add(c1);
    await settle();
    agents.reply();
    await settle();
    expect(agents.inFlight).toBe(0);
    expect(c1.offeredTo).toEqual([]);
  });
});
