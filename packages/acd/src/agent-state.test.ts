import { describe, expect, it } from 'vitest';
import {
  AGENT_EVENT_TYPES,
  AGENT_STATUSES,
  TRANSITIONS,
  allowedEvents,
  initialAgentState,
  isOfferable,
  transition,
} from './agent-state.js';
import type { AgentEvent, AgentEventType, AgentState, AgentStatus } from './agent-state.js';

const NOW = 10_000;

/** One representative state per status (entered at t=1000). */
const SAMPLE_STATES: Record<AgentStatus, AgentState> = {
  signed_out: { status: 'signed_out', since: 1_000 },
  ready: { status: 'ready', since: 1_000, readySince: 500 },
  not_ready: { status: 'not_ready', since: 1_000, reason: 'meeting' },
  reserved: { status: 'reserved', since: 1_000, callId: 'c1', readySince: 500 },
  on_call: { status: 'on_call', since: 1_000, callId: 'c1' },
  wrap_up: { status: 'wrap_up', since: 1_000, callId: 'c1', until: 31_000 },
  break: { status: 'break', since: 1_000 },
};

const SAMPLE_EVENTS: Record<AgentEventType, AgentEvent> = {
  sign_in: { type: 'sign_in' },
  sign_out: { type: 'sign_out' },
  set_ready: { type: 'set_ready' },
  set_not_ready: { type: 'set_not_ready', reason: 'training' },
  start_break: { type: 'start_break' },
  end_break: { type: 'end_break' },
  reserve: { type: 'reserve', callId: 'c2' },
  ring_no_answer: { type: 'ring_no_answer' },
  offer_cancelled: { type: 'offer_cancelled' },
  answer: { type: 'answer' },
  call_ended: { type: 'call_ended', wrapUpMs: 30_000 },
  wrap_up_done: { type: 'wrap_up_done' },
};

const readyNow: AgentState = { status: 'ready', since: NOW, readySince: NOW };
const notReadyTraining: AgentState = { status: 'not_ready', since: NOW, reason: 'training' };
const signedOut: AgentState = { status: 'signed_out', since: NOW };
const onBreak: AgentState = { status: 'break', since: NOW };

/**
 * The expected outcome of every legal (state, event) pair, written out by hand
 * (not derived from TRANSITIONS); every pair missing here must be refused.
 */
const EXPECTED: Record<AgentStatus, Partial<Record<AgentEventType, AgentState>>> = {
  signed_out: {
    sign_in: { status: 'not_ready', since: NOW, reason: 'signed-in' },
  },
  ready: {
    sign_out: signedOut,
    set_not_ready: notReadyTraining,
    start_break: onBreak,
    reserve: { status: 'reserved', since: NOW, callId: 'c2', readySince: 500 },
  },
  not_ready: {
    sign_out: signedOut,
    set_ready: readyNow,
    set_not_ready: notReadyTraining,
    start_break: onBreak,
  },
  reserved: {
    answer: { status: 'on_call', since: NOW, callId: 'c1' },
    ring_no_answer: { status: 'not_ready', since: NOW, reason: 'no-answer' },
    // Back to ready, keeping its place in the longest-idle order.
    offer_cancelled: { status: 'ready', since: NOW, readySince: 500 },
  },
  on_call: {
    call_ended: { status: 'wrap_up', since: NOW, callId: 'c1', until: NOW + 30_000 },
  },
  wrap_up: {
    wrap_up_done: readyNow,
    set_ready: readyNow,
    set_not_ready: notReadyTraining,
    start_break: onBreak,
    sign_out: signedOut,
  },
  break: {
    end_break: readyNow,
    set_ready: readyNow,
    set_not_ready: notReadyTraining,
    sign_out: signedOut,
  },
};

const ALL_PAIRS = AGENT_STATUSES.flatMap((status) =>
  AGENT_EVENT_TYPES.map((type) => ({ status, type, expected: EXPECTED[status][type] })),
);

describe('transition: every (state, event) pair', () => {
  it('covers 7 states x 12 events', () => {
    expect(ALL_PAIRS).toHaveLength(84);
  });

  it.each(ALL_PAIRS.filter((p) => p.expected !== undefined))('$status + $type is legal', ({ status, type, expected }) => {
    const result = transition(SAMPLE_STATES[status], SAMPLE_EVENTS[type], NOW);
    expect(result).toEqual({ ok: true, state: expected });
    // The table's documented targets include the state actually reached.
    const rule = TRANSITIONS[status][type];
    expect(rule?.to).toContain(expected?.status);
  });

  it.each(ALL_PAIRS.filter((p) => p.expected === undefined))('$status + $type is refused', ({ status, type }) => {
    const result = transition(SAMPLE_STATES[status], SAMPLE_EVENTS[type], NOW);
    const allowed = AGENT_EVENT_TYPES.filter((t) => EXPECTED[status][t] !== undefined);
    expect(result).toEqual({
      ok: false,
      code: 'illegal_transition',
      error: `event "${type}" is not allowed in state "${status}"`,
      allowed,
    });
  });

  it('does not mutate the input state', () => {
    for (const status of AGENT_STATUSES) {
      const before = structuredClone(SAMPLE_STATES[status]);
      for (const type of AGENT_EVENT_TYPES) transition(SAMPLE_STATES[status], SAMPLE_EVENTS[type], NOW);
      expect(SAMPLE_STATES[status]).toEqual(before);
    }
  });
});

describe('allowedEvents', () => {
  it('matches the hand-written expectations for every state', () => {
    for (const status of AGENT_STATUSES) {
      expect(allowedEvents(status)).toEqual(AGENT_EVENT_TYPES.filter((t) => EXPECTED[status][t] !== undefined));
    }
  });

  it('allows sign_out everywhere except signed_out, reserved and on_call', () => {
    const canSignOut = AGENT_STATUSES.filter((s) => allowedEvents(s).includes('sign_out'));
    expect(canSignOut).toEqual(['ready', 'not_ready', 'wrap_up', 'break']);
  });

  it('allows reserve only from ready', () => {
    expect(AGENT_STATUSES.filter((s) => allowedEvents(s).includes('reserve'))).toEqual(['ready']);
  });
});

describe('call_ended', () => {
  const onCall = SAMPLE_STATES.on_call;

  it('goes straight to ready when the queue has no wrap-up', () => {
    expect(transition(onCall, { type: 'call_ended', wrapUpMs: 0 }, NOW)).toEqual({ ok: true, state: readyNow });
  });

  it.each([-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY])('refuses wrapUpMs = %s', (wrapUpMs) => {
    const result = transition(onCall, { type: 'call_ended', wrapUpMs }, NOW);
    expect(result).toMatchObject({ ok: false, code: 'invalid_event', allowed: ['call_ended'] });
  });
});

describe('payload validation', () => {
  it('refuses an empty not-ready reason', () => {
    const result = transition(SAMPLE_STATES.ready, { type: 'set_not_ready', reason: '  ' }, NOW);
    expect(result).toMatchObject({ ok: false, code: 'invalid_event' });
  });

  it('refuses reserving for an empty callId', () => {
    const result = transition(SAMPLE_STATES.ready, { type: 'reserve', callId: '' }, NOW);
    expect(result).toMatchObject({ ok: false, code: 'invalid_event' });
  });

  it('refuses a non-finite now', () => {
    const result = transition(SAMPLE_STATES.ready, { type: 'start_break' }, Number.NaN);
    expect(result).toMatchObject({ ok: false, code: 'invalid_event' });
  });

  it('lets an agent change its not-ready reason', () => {
    const result = transition(SAMPLE_STATES.not_ready, { type: 'set_not_ready', reason: 'no-answer' }, NOW);
    expect(result).toEqual({ ok: true, state: { status: 'not_ready', since: NOW, reason: 'no-answer' } });
  });
});

describe('call-scoped events carrying callId', () => {
  const cases: Array<{ status: AgentStatus; event: AgentEvent }> = [
    { status: 'reserved', event: { type: 'answer', callId: 'other' } },
    { status: 'reserved', event: { type: 'ring_no_answer', callId: 'other' } },
    { status: 'reserved', event: { type: 'offer_cancelled', callId: 'other' } },
    { status: 'on_call', event: { type: 'call_ended', wrapUpMs: 0, callId: 'other' } },
    { status: 'wrap_up', event: { type: 'wrap_up_done', callId: 'other' } },
  ];

  it.each(cases)('$status refuses $event.type for another call', ({ status, event }) => {
    const result = transition(SAMPLE_STATES[status], event, NOW);
    expect(result).toMatchObject({ ok: false, code: 'stale_call', allowed: allowedEvents(status) });
  });

  it.each(cases)('$status accepts $event.type for its own call', ({ status, event }) => {
    const result = transition(SAMPLE_STATES[status], { ...event, callId: 'c1' } as AgentEvent, NOW);
    expect(result.ok).toBe(true);
  });

  it('reports illegal before stale when the event is not allowed at all', () => {
    const result = transition(SAMPLE_STATES.ready, { type: 'answer', callId: 'other' }, NOW);
    expect(result).toMatchObject({ ok: false, code: 'illegal_transition' });
  });
});

describe('isOfferable', () => {
  it.each(AGENT_STATUSES)('%s', (status) => {
    expect(isOfferable(SAMPLE_STATES[status])).toBe(status === 'ready');
  });
});

describe('a working day', () => {
  function run(state: AgentState, steps: Array<[AgentEvent, number]>): AgentState {
    let current = state;
    for (const [event, at] of steps) {
      const result = transition(current, event, at);
      if (!result.ok) throw new Error(result.error);
      current = result.state;
    }
    return current;
  }

  it('sign in, take a call, wrap up, RONA, break, sign out', () => {
    const start = initialAgentState(0);
    expect(start).toEqual({ status: 'signed_out', since: 0 });

    const ready = run(start, [
      [{ type: 'sign_in' }, 100],
      [{ type: 'set_ready' }, 200],
    ]);
    expect(ready).toEqual({ status: 'ready', since: 200, readySince: 200 });

    const wrapping = run(ready, [
      [{ type: 'reserve', callId: 'a' }, 1_000],
      [{ type: 'answer', callId: 'a' }, 4_000],
      [{ type: 'call_ended', wrapUpMs: 15_000, callId: 'a' }, 60_000],
    ]);
    expect(wrapping).toEqual({ status: 'wrap_up', since: 60_000, callId: 'a', until: 75_000 });

    const afterRona = run(wrapping, [
      [{ type: 'wrap_up_done', callId: 'a' }, 75_000],
      [{ type: 'reserve', callId: 'b' }, 80_000],
      [{ type: 'ring_no_answer', callId: 'b' }, 95_000],
    ]);
    expect(afterRona).toEqual({ status: 'not_ready', since: 95_000, reason: 'no-answer' });

    const end = run(afterRona, [
      [{ type: 'start_break' }, 100_000],
      [{ type: 'end_break' }, 400_000],
      [{ type: 'sign_out' }, 500_000],
    ]);
    expect(end).toEqual({ status: 'signed_out', since: 500_000 });
  });

  it('a duplicate set_ready is refused and keeps readySince', () => {
    const ready: AgentState = { status: 'ready', since: 200, readySince: 200 };
    const result = transition(ready, { type: 'set_ready' }, 5_000);
    expect(result.ok).toBe(false);
  });
});
