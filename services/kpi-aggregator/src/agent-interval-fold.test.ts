import { describe, expect, it } from 'vitest';
import { foldAgentIntervals, type AgentIntervalChanges, type AgentRollupDelta, type IntervalRow } from './agent-interval-fold.js';

const MIN = 60_000;
const T0 = Date.UTC(2026, 9, 1, 0, 0); // a quarter-hour boundary
const row = (eventId: string, state: string, startMin: number, endMin: number | null = null, callId: string | null = null, agentId = 'a1'): IntervalRow => ({
  eventId, agentId, state, startedAt: T0 + startMin * MIN, endedAt: endMin === null ? null : T0 + endMin * MIN, callId, reason: null,
});
const slot = (state: string, intervalStart: number): string => `${state}@${(intervalStart - T0) / MIN}`;
/** An agent's rollup changes, to rows that may exist and to new ones, as "state@slotMinute=ms". */
const rollupsOf = (c: AgentIntervalChanges, agentId = 'a1'): Record<string, number> =>
  Object.fromEntries([...c.rollups, ...c.newRollups].filter((d) => d.agentId === agentId).map((d) => [slot(d.state, d.intervalStart), d.ms]));
/** All agents' changes, the same way. */
const allAgentsOf = (c: AgentIntervalChanges): Record<string, number> =>
  Object.fromEntries(c.allAgents.flatMap((d) => [...d.msByState].map(([state, ms]) => [slot(state, d.intervalStart), ms])));
/** One agent's changes, which are all agents' too. */
function oneAgentRollupsOf(c: AgentIntervalChanges): Record<string, number> {
  expect(allAgentsOf(c)).toEqual(rollupsOf(c));
  return rollupsOf(c);
}

describe('foldAgentIntervals', () => {
  it('closes the open interval and gives the new ones their ends, in order', () => {
    const c = foldAgentIntervals(
      [row('00000000-0000-4000-8000-000000000000', 'ready', 0)],
      [row('00000000-0000-4000-8000-000000000001', 'on_call', 10, null, 'c1'), row('00000000-0000-4000-8000-000000000002', 'wrap_up', 20, null, 'c1'), row('00000000-0000-4000-8000-000000000003', 'ready', 25)],
    );
    expect(c.ends).toEqual([{ eventId: '00000000-0000-4000-8000-000000000000', endedAt: T0 + 10 * MIN }]);
    expect(c.inserts.map((r) => [r.state, r.endedAt === null ? null : (r.endedAt - T0) / MIN])).toEqual([['on_call', 20], ['wrap_up', 25], ['ready', null]]);
    // ready 0-10 (slot 0); on_call 10-15 (slot 0) and 15-20 (slot 15); wrap_up 20-25 (slot 15).
    expect(oneAgentRollupsOf(c)).toEqual({ 'ready@0': 10 * MIN, 'on_call@0': 5 * MIN, 'on_call@15': 5 * MIN, 'wrap_up@15': 5 * MIN });
    expect([...c.acwCalls]).toEqual(['c1']);
    expect(c.acwDeltas).toEqual(new Map([['c1', 5 * MIN]]));
    expect(c.after.get('a1')!.map((r) => [r.state, (r.startedAt - T0) / MIN, r.endedAt === null ? null : (r.endedAt - T0) / MIN])).toEqual([
      ['ready', 0, 10], ['on_call', 10, 20], ['wrap_up', 20, 25], ['ready', 25, null],
    ]);
    expect(c.latest).toEqual([{ agentId: 'a1', state: 'ready', since: T0 + 25 * MIN }]);
  });

  it('splits the interval a late change falls into, moving its time between states', () => {
    const c = foldAgentIntervals(
      [row('00000000-0000-4000-8000-00000000000a', 'ready', 0, 30), row('00000000-0000-4000-8000-00000000000b', 'on_call', 30)],
      [row('00000000-0000-4000-8000-00000000000c', 'break', 10)],
    );
    expect(c.ends).toEqual([{ eventId: '00000000-0000-4000-8000-00000000000a', endedAt: T0 + 10 * MIN }]);
    expect(c.inserts.map((r) => (r.endedAt! - T0) / MIN)).toEqual([30]);
    // ready loses 10-30 (5 min of slot 0, all 15 of slot 15); break gains the same.
    expect(oneAgentRollupsOf(c)).toEqual({ 'ready@0': -5 * MIN, 'ready@15': -15 * MIN, 'break@0': 5 * MIN, 'break@15': 15 * MIN });
    expect(c.acwCalls.size).toBe(0);
    expect(c.latest).toEqual([{ agentId: 'a1', state: 'on_call', since: T0 + 30 * MIN }]);
  });

  it('counts no time signed out, and a late wrap-up end changes that call\'s ACW', () => {
    const c = foldAgentIntervals(
      [row('00000000-0000-4000-8000-000000000001', 'wrap_up', 0, null, 'c9')],
      [row('00000000-0000-4000-8000-000000000002', 'signed_out', 2), row('00000000-0000-4000-8000-000000000003', 'ready', 100)],
    );
    expect(oneAgentRollupsOf(c)).toEqual({ 'wrap_up@0': 2 * MIN });
    expect([...c.acwCalls]).toEqual(['c9']);
    expect(c.acwDeltas).toEqual(new Map([['c9', 2 * MIN]]));
  });

  it('moves a call\'s ACW by the difference when a change arrives inside its closed wrap-up', () => {
    const c = foldAgentIntervals(
      [row('00000000-0000-4000-8000-000000000001', 'wrap_up', 0, 10, 'c9'), row('00000000-0000-4000-8000-000000000002', 'ready', 10)],
      [row('00000000-0000-4000-8000-000000000003', 'break', 4)],
    );
    expect(c.acwDeltas).toEqual(new Map([['c9', -6 * MIN]]));
  });

  it('orders changes at the same instant by event id (as Postgres orders uuids), whatever their case', () => {
    const c = foldAgentIntervals([], [row('BBBBBBBB-0000-4000-8000-000000000000', 'ready', 0), row('aaaaaaaa-0000-4000-8000-000000000000', 'break', 0), row('cccccccc-0000-4000-8000-000000000000', 'on_call', 5)]);
    expect(c.inserts.map((r) => [r.eventId.slice(0, 8), r.state, r.endedAt === null ? null : (r.endedAt - r.startedAt) / MIN])).toEqual([
      ['aaaaaaaa', 'break', 0],
      ['bbbbbbbb', 'ready', 5],
      ['cccccccc', 'on_call', null],
    ]);
    expect(oneAgentRollupsOf(c)).toEqual({ 'ready@0': 5 * MIN });
  });

  it('cuts a long interval at every quarter-hour and keeps agents apart', () => {
    const c = foldAgentIntervals([], [
      row('00000000-0000-4000-8000-000000000001', 'ready', 7, null, null, 'a1'),
      row('00000000-0000-4000-8000-000000000002', 'break', 52, null, null, 'a1'),
      row('00000000-0000-4000-8000-000000000003', 'ready', 0, null, null, 'a2'),
    ]);
    expect(rollupsOf(c, 'a1')).toEqual({ 'ready@0': 8 * MIN, 'ready@15': 15 * MIN, 'ready@30': 15 * MIN, 'ready@45': 7 * MIN });
    expect(allAgentsOf(c)).toEqual(rollupsOf(c, 'a1')); // a2's ready is still open
    expect(c.latest.sort((a, b) => a.agentId.localeCompare(b.agentId))).toEqual([
      { agentId: 'a1', state: 'break', since: T0 + 52 * MIN },
      { agentId: 'a2', state: 'ready', since: T0 },
    ]);
  });

  it('sums the agents\' changes per quarter for all agents, leaving out what cancels out', () => {
    const c = foldAgentIntervals(
      [row('00000000-0000-4000-8000-000000000001', 'ready', 0, 10, null, 'a1'), row('00000000-0000-4000-8000-000000000002', 'on_call', 10, null, 'c1', 'a1')],
      // a1: a late break at 5 takes 5 min of ready; a2: 5 min of ready, then 2 of break
      [row('00000000-0000-4000-8000-000000000003', 'break', 5, null, null, 'a1'), row('00000000-0000-4000-8000-000000000004', 'ready', 0, null, null, 'a2'),
        row('00000000-0000-4000-8000-000000000005', 'break', 5, null, null, 'a2'), row('00000000-0000-4000-8000-000000000006', 'ready', 7, null, null, 'a2')],
    );
    expect(rollupsOf(c, 'a1')).toEqual({ 'ready@0': -5 * MIN, 'break@0': 5 * MIN });
    expect(rollupsOf(c, 'a2')).toEqual({ 'ready@0': 5 * MIN, 'break@0': 2 * MIN });
    expect(c.allAgents).toEqual([{ intervalStart: T0, msByState: new Map([['break', 7 * MIN]]) }]);
  });

  it('changes nothing for stored intervals whose end stays', () => {
    const c = foldAgentIntervals(
      [row('00000000-0000-4000-8000-000000000001', 'ready', 0, 10), row('00000000-0000-4000-8000-000000000002', 'on_call', 10)],
      [row('00000000-0000-4000-8000-000000000003', 'wrap_up', 20, null, 'c1')],
    );
    expect(c.ends.map((e) => e.eventId)).toEqual(['00000000-0000-4000-8000-000000000002']);
    expect(oneAgentRollupsOf(c)).toEqual({ 'on_call@0': 5 * MIN, 'on_call@15': 5 * MIN });
    expect(c.acwCalls.size).toBe(0);
  });

  it('inserts as new the rows of quarters from the agent\'s latest stored change on, and only those', () => {
    const c = foldAgentIntervals(
      [row('00000000-0000-4000-8000-000000000001', 'ready', 0, 20), row('00000000-0000-4000-8000-000000000002', 'on_call', 20)],
      // a late break inside ready 0-20, then wrap-up at 40 closing on_call 20-40
      [row('00000000-0000-4000-8000-000000000003', 'break', 10), row('00000000-0000-4000-8000-000000000004', 'wrap_up', 40, null, 'c1')],
    );
    const slots = (ds: readonly AgentRollupDelta[], agentId: string) => ds.filter((d) => d.agentId === agentId).map((d) => `${d.state}@${(d.intervalStart - T0) / MIN}`).sort();
    // Quarter 15 started before the latest stored change (20) and holds ready time already; quarter 30 starts after it.
    expect(slots(c.rollups, 'a1')).toEqual(['break@0', 'break@15', 'on_call@15', 'ready@0', 'ready@15']);
    expect(slots(c.newRollups, 'a1')).toEqual(['on_call@30']);
    // An agent with nothing stored: every row is new.
    const first = foldAgentIntervals([], [row('00000000-0000-4000-8000-000000000005', 'ready', 0, null, null, 'a2'), row('00000000-0000-4000-8000-000000000006', 'break', 20, null, null, 'a2')]);
    expect(slots(first.newRollups, 'a2')).toEqual(['ready@0', 'ready@15']);
    expect(slots(first.rollups, 'a2')).toEqual([]);
  });
});
