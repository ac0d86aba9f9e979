import { describe, expect, it } from 'vitest';
import { EMPTY_AGENT_COUNTERS, agentUtilisation, mergeAgentCounters } from './agent-kpis.js';

const HOUR = 3_600_000;

describe('agentUtilisation', () => {
  it('(talk + hold + ACW) / (signed in - breaks): 7 h busy in 11 h signed in with a 1 h break = 70 %', () => {
    const u = agentUtilisation({ signedInMs: 11 * HOUR, breakMs: HOUR, talkMs: 5 * HOUR, holdMs: HOUR / 2, acwMs: 1.5 * HOUR });
    expect(u).toEqual({ value: 0.7, numerator: 7 * HOUR, denominator: 10 * HOUR, unit: 'ratio' });
  });
  it('no working time: null', () => {
    expect(agentUtilisation(EMPTY_AGENT_COUNTERS).value).toBeNull();
    expect(agentUtilisation({ ...EMPTY_AGENT_COUNTERS, signedInMs: HOUR, breakMs: HOUR }).value).toBeNull();
  });
  it('merges by summing', () => {
    const a = { signedInMs: 4 * HOUR, breakMs: 0, talkMs: 2 * HOUR, holdMs: 0, acwMs: 0 };
    const b = { signedInMs: 6 * HOUR, breakMs: 2 * HOUR, talkMs: HOUR, holdMs: 0, acwMs: HOUR };
    expect(mergeAgentCounters(a, b)).toEqual({ signedInMs: 10 * HOUR, breakMs: 2 * HOUR, talkMs: 3 * HOUR, holdMs: 0, acwMs: HOUR });
    expect(agentUtilisation(mergeAgentCounters(a, b)).value).toBe(0.5);
    expect(mergeAgentCounters(EMPTY_AGENT_COUNTERS, a)).toEqual(a);
  });
});
