import { describe, expect, it } from 'vitest';
import { ACD_POLICIES, assignAgents, chooseAgent, rankAgents, skillLevel } from './acd-policy.js';
import type { AgentCandidate } from './acd-policy.js';
import type { AgentState } from './agent-state.js';

function ready(readySince: number): AgentState {
  return { status: 'ready', since: readySince, readySince };
}

function agent(
  id: string,
  opts: { level?: number; readySince?: number; callsToday?: number; lastOfferedAt?: number; state?: AgentState } = {},
): AgentCandidate {
  const base = {
    id,
    skills: opts.level === undefined ? { general: 5 } : { general: opts.level },
    state: opts.state ?? ready(opts.readySince ?? 1_000),
    callsToday: opts.callsToday ?? 0,
  };
  return opts.lastOfferedAt === undefined ? base : { ...base, lastOfferedAt: opts.lastOfferedAt };
}

const general = { skill: 'general' };

describe('eligibility (all policies)', () => {
  const notOfferable: AgentState[] = [
    { status: 'signed_out', since: 0 },
    { status: 'not_ready', since: 0, reason: 'meeting' },
    { status: 'reserved', since: 0, callId: 'c', readySince: 0 },
    { status: 'on_call', since: 0, callId: 'c' },
    { status: 'wrap_up', since: 0, callId: 'c', until: 10 },
    { status: 'break', since: 0 },
  ];

  it.each(ACD_POLICIES)('%s offers only ready agents', (policy) => {
    const candidates = [
      ...notOfferable.map((state, i) => agent(`busy${i}`, { state, readySince: 0 })),
      agent('ready', { readySince: 5_000 }),
    ];
    expect(rankAgents(candidates, general, policy)).toEqual(['ready']);
  });

  it.each(ACD_POLICIES)('%s skips agents without the skill', (policy) => {
    const candidates: AgentCandidate[] = [
      { id: 'other', skills: { english: 10 }, state: ready(0), callsToday: 0 },
      { id: 'zero', skills: { general: 0 }, state: ready(0), callsToday: 0 },
      { id: 'has', skills: { general: 1, english: 3 }, state: ready(9_000), callsToday: 99 },
    ];
    expect(rankAgents(candidates, general, policy)).toEqual(['has']);
  });

  it.each(ACD_POLICIES)('%s skips excluded agents (they already let this call ring out)', (policy) => {
    const candidates = [agent('a', { readySince: 1 }), agent('b', { readySince: 2 }), agent('c', { readySince: 3 })];
    expect(rankAgents(candidates, { skill: 'general', excludeAgentIds: ['a', 'c'] }, policy)).toEqual(['b']);
    expect(chooseAgent(candidates, { skill: 'general', excludeAgentIds: ['a', 'b', 'c'] }, policy)).toBeNull();
  });

  it.each(ACD_POLICIES)('%s returns null when there are no candidates', (policy) => {
    expect(chooseAgent([], general, policy)).toBeNull();
    expect(rankAgents([], general, policy)).toEqual([]);
  });

  it('does not mistake Object.prototype members for skills', () => {
    const candidates = [agent('a')];
    expect(chooseAgent(candidates, { skill: 'toString' }, 'longest_idle')).toBeNull();
    expect(skillLevel({}, 'constructor')).toBe(0);
    expect(skillLevel({ general: 7 }, 'general')).toBe(7);
    expect(skillLevel({ general: Number.NaN }, 'general')).toBe(0);
  });
});

describe('longest_idle', () => {
  it('picks the earliest readySince', () => {
    const candidates = [
      agent('a', { readySince: 3_000, level: 10 }),
      agent('b', { readySince: 1_000, level: 1, callsToday: 50 }),
      agent('c', { readySince: 2_000 }),
    ];
    expect(rankAgents(candidates, general, 'longest_idle')).toEqual(['b', 'c', 'a']);
  });

  it('breaks a readySince tie by higher skill level', () => {
    const candidates = [agent('a', { level: 3 }), agent('b', { level: 9 }), agent('c', { level: 6 })];
    expect(rankAgents(candidates, general, 'longest_idle')).toEqual(['b', 'c', 'a']);
  });

  it('then by least recently offered (never offered first)', () => {
    const candidates = [
      agent('a', { lastOfferedAt: 900 }),
      agent('b', { lastOfferedAt: 100 }),
      agent('c'),
      agent('d'),
    ];
    expect(rankAgents(candidates, general, 'longest_idle')).toEqual(['c', 'd', 'b', 'a']);
  });

  it('then by id, whatever the input order', () => {
    const ids = ['agent10', 'agent2', 'Agent3', 'agent1'];
    const expected = ['Agent3', 'agent1', 'agent10', 'agent2']; // code-unit order
    for (const order of [ids, [...ids].reverse(), [ids[2], ids[0], ids[3], ids[1]]]) {
      const candidates = order.map((id) => agent(id ?? ''));
      expect(rankAgents(candidates, general, 'longest_idle')).toEqual(expected);
      expect(chooseAgent(candidates, general, 'longest_idle')).toBe('Agent3');
    }
  });
});

describe('skill_level_first', () => {
  it('picks the highest level even if another agent is idle longer', () => {
    const candidates = [
      agent('a', { level: 4, readySince: 100 }),
      agent('b', { level: 9, readySince: 5_000 }),
      agent('c', { level: 7, readySince: 200 }),
    ];
    expect(rankAgents(candidates, general, 'skill_level_first')).toEqual(['b', 'c', 'a']);
  });

  it('breaks a level tie by longest idle, then least recently offered, then id', () => {
    const candidates = [
      agent('a', { level: 8, readySince: 3_000 }),
      agent('b', { level: 8, readySince: 1_000 }),
      agent('c', { level: 8, readySince: 2_000, lastOfferedAt: 50 }),
      agent('d', { level: 8, readySince: 2_000 }),
      agent('e', { level: 8, readySince: 3_000 }),
    ];
    expect(rankAgents(candidates, general, 'skill_level_first')).toEqual(['b', 'd', 'c', 'a', 'e']);
  });
});

describe('least_calls', () => {
  it('picks the agent with fewest calls today', () => {
    const candidates = [
      agent('a', { callsToday: 12, readySince: 100, level: 10 }),
      agent('b', { callsToday: 3, readySince: 9_000, level: 1 }),
      agent('c', { callsToday: 7 }),
    ];
    expect(rankAgents(candidates, general, 'least_calls')).toEqual(['b', 'c', 'a']);
  });

  it('breaks a calls tie by longest idle, then higher level, then id', () => {
    const candidates = [
      agent('a', { callsToday: 5, readySince: 2_000, level: 2 }),
      agent('b', { callsToday: 5, readySince: 2_000, level: 9 }),
      agent('c', { callsToday: 5, readySince: 1_000, level: 1 }),
      agent('e', { callsToday: 5, readySince: 3_000, level: 4 }),
      agent('d', { callsToday: 5, readySince: 3_000, level: 4 }),
    ];
    expect(rankAgents(candidates, general, 'least_calls')).toEqual(['c', 'b', 'a', 'd', 'e']);
  });
});

describe('rankAgents', () => {
  it('does not reorder or mutate the candidates array', () => {
    const candidates = [agent('b', { readySince: 2 }), agent('a', { readySince: 1 })];
    const copy = structuredClone(candidates);
    rankAgents(candidates, general, 'longest_idle');
    expect(candidates).toEqual(copy);
  });

  it('chooseAgent is the head of rankAgents for every policy', () => {
    const candidates = [
      agent('a', { readySince: 300, level: 2, callsToday: 1 }),
      agent('b', { readySince: 100, level: 5, callsToday: 4 }),
      agent('c', { readySince: 200, level: 9, callsToday: 2 }),
    ];
    expect(chooseAgent(candidates, general, 'longest_idle')).toBe('b');
    expect(chooseAgent(candidates, general, 'skill_level_first')).toBe('c');
    expect(chooseAgent(candidates, general, 'least_calls')).toBe('a');
    for (const policy of ACD_POLICIES) {
      expect(chooseAgent(candidates, general, policy)).toBe(rankAgents(candidates, general, policy)[0]);
    }
  });
});

describe('assignAgents (one matching pass over a queue)', () => {
  const waiting = (id: string, excludeAgentIds: string[] = []) => ({ id, excludeAgentIds });

  it.each(ACD_POLICIES)('%s gives each caller, in queue order, the best agent the callers before it left', (policy) => {
    const candidates = [agent('a', { readySince: 3 }), agent('b', { readySince: 1 }), agent('c', { readySince: 2 })];
    const callers = [waiting('first'), waiting('second')];
    const pairs = assignAgents(callers, candidates, 'general', policy);
    const ranked = rankAgents(candidates, general, policy);
    expect(pairs.map((p) => [p.caller.id, p.agentId])).toEqual([
      ['first', ranked[0]],
      ['second', ranked[1]],
    ]);
  });

  it('never gives two callers the same agent, and leaves callers without one out', () => {
    const candidates = [agent('a', { readySince: 1 }), agent('b', { readySince: 2 })];
    const pairs = assignAgents([waiting('1'), waiting('2'), waiting('3')], candidates, 'general', 'longest_idle');
    expect(pairs.map((p) => [p.caller.id, p.agentId])).toEqual([
      ['1', 'a'],
      ['2', 'b'],
    ]);
  });

  it('skips the agents a caller excludes, and a later caller still gets them', () => {
    const candidates = [agent('a', { readySince: 1 }), agent('b', { readySince: 2 }), agent('c', { readySince: 3 })];
    const callers = [waiting('rang-a', ['a']), waiting('rang-all', ['a', 'b', 'c']), waiting('new')];
    expect(assignAgents(callers, candidates, 'general', 'longest_idle').map((p) => [p.caller.id, p.agentId])).toEqual([
      ['rang-a', 'b'],
      ['new', 'a'],
    ]);
  });

  it('reads the waiting line only until every agent is taken (a long line costs nothing per match)', () => {
    const read: string[] = [];
    function* line() {
      for (const id of ['1', '2', '3', '4']) {
        read.push(id);
        yield waiting(id);
      }
    }
    const candidates = [agent('a', { readySince: 1 }), agent('b', { readySince: 2 })];
    expect(assignAgents(line(), candidates, 'general', 'longest_idle').map((p) => p.caller.id)).toEqual(['1', '2']);
    expect(read).toEqual(['1', '2']);
    expect(assignAgents(line(), [], 'general', 'longest_idle')).toEqual([]);
    expect(read).toEqual(['1', '2']);
  });

  it('offers only ready agents with the skill', () => {
    const candidates: AgentCandidate[] = [
      agent('busy', { state: { status: 'on_call', since: 0, callId: 'x' } }),
      { id: 'other-skill', skills: { english: 9 }, state: ready(0), callsToday: 0 },
      agent('ok', { readySince: 5 }),
    ];
    expect(assignAgents([waiting('1'), waiting('2')], candidates, 'general', 'longest_idle').map((p) => p.agentId)).toEqual(['ok']);
  });
});
