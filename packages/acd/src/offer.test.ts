import { describe, expect, it } from 'vitest';
import { agentsWhoDidNotAnswer, nextOfferStep } from './offer.js';
import type { OfferAttempt, OfferDecisionInput, OfferQueueSettings } from './offer.js';
import type { AgentCandidate } from './acd-policy.js';

const QUEUE: OfferQueueSettings = {
  skill: 'general',
  policy: 'longest_idle',
  ringTimeoutSec: 15,
  maxWaitSec: 60,
  overflow: { action: 'callback' },
};

function readyAgent(id: string, readySince: number): AgentCandidate {
  return { id, skills: { general: 5 }, state: { status: 'ready', since: readySince, readySince }, callsToday: 0 };
}

/** a idle longest, then b, then c. */
const AGENTS = [readyAgent('c', 300), readyAgent('a', 100), readyAgent('b', 200)];

function decide(overrides: Partial<OfferDecisionInput>) {
  return nextOfferStep({ queue: QUEUE, offers: [], queuedAt: 0, now: 1_000, candidates: AGENTS, ...overrides });
}

describe('nextOfferStep', () => {
  it('offers the policy choice on the first try', () => {
    expect(decide({})).toEqual({ kind: 'offer', agentId: 'a' });
  });

  it('uses the queue policy', () => {
    const candidates = [
      readyAgent('a', 100),
      { ...readyAgent('expert', 500), skills: { general: 10 } },
    ];
    expect(decide({ candidates, queue: { ...QUEUE, policy: 'skill_level_first' } })).toEqual({
      kind: 'offer',
      agentId: 'expert',
    });
  });

  it('waits while a ring is in progress, until the ring timeout', () => {
    const offers: OfferAttempt[] = [{ agentId: 'a', offeredAt: 1_000 }];
    expect(decide({ offers, now: 1_000 })).toEqual({ kind: 'wait', reason: 'ringing', recheckAt: 16_000 });
    expect(decide({ offers, now: 15_999 })).toEqual({ kind: 'wait', reason: 'ringing', recheckAt: 16_000 });
  });

  it('calls RONA at exactly ringTimeoutSec', () => {
    const offers: OfferAttempt[] = [{ agentId: 'a', offeredAt: 1_000 }];
    expect(decide({ offers, now: 16_000 })).toEqual({ kind: 'rona', agentId: 'a' });
    expect(decide({ offers, now: 90_000 })).toEqual({ kind: 'rona', agentId: 'a' });
  });

  it('never cuts a ring short for the max wait', () => {
    const offers: OfferAttempt[] = [{ agentId: 'a', offeredAt: 55_000 }];
    expect(decide({ offers, now: 61_000 })).toEqual({ kind: 'wait', reason: 'ringing', recheckAt: 70_000 });
  });

  it('offers the next agent after a no-answer, excluding the one who let it ring', () => {
    const offers: OfferAttempt[] = [{ agentId: 'a', offeredAt: 1_000, outcome: 'no_answer' }];
    expect(decide({ offers, now: 16_000 })).toEqual({ kind: 'offer', agentId: 'b' });
  });

  it('keeps excluding an agent who no-answered even once it is ready again', () => {
    const offers: OfferAttempt[] = [
      { agentId: 'a', offeredAt: 1_000, outcome: 'no_answer' },
      { agentId: 'b', offeredAt: 16_000, outcome: 'rejected' },
    ];
    const candidates = [readyAgent('a', 20_000), readyAgent('b', 20_000), readyAgent('c', 25_000)];
    expect(decide({ offers, now: 30_000, candidates })).toEqual({ kind: 'offer', agentId: 'c' });
  });

  it('does not hold a cancelled offer against the agent', () => {
    const offers: OfferAttempt[] = [{ agentId: 'a', offeredAt: 1_000, outcome: 'cancelled' }];
    expect(decide({ offers, now: 2_000 })).toEqual({ kind: 'offer', agentId: 'a' });
  });

  it('reports an answered call instead of offering again', () => {
    const offers: OfferAttempt[] = [
      { agentId: 'a', offeredAt: 1_000, outcome: 'no_answer' },
      { agentId: 'b', offeredAt: 16_000, outcome: 'answered' },
    ];
    expect(decide({ offers, now: 20_000 })).toEqual({ kind: 'answered', agentId: 'b' });
  });

  it('waits for an agent until the overflow deadline', () => {
    expect(decide({ candidates: [], queuedAt: 5_000, now: 10_000 })).toEqual({
      kind: 'wait',
      reason: 'no_agent',
      recheckAt: 65_000,
    });
    expect(decide({ candidates: [], queuedAt: 5_000, now: 64_999 })).toMatchObject({ kind: 'wait' });
  });

  it('overflows at exactly maxWaitSec when nobody can take the call', () => {
    expect(decide({ candidates: [], queuedAt: 5_000, now: 65_000 })).toEqual({
      kind: 'overflow',
      action: { action: 'callback' },
    });
  });

  it('overflows when every agent has already failed to answer', () => {
    const offers: OfferAttempt[] = ['a', 'b', 'c'].map((agentId, i) => ({
      agentId,
      offeredAt: i * 15_000,
      outcome: 'no_answer' as const,
    }));
    expect(decide({ offers, now: 45_000 })).toEqual({ kind: 'wait', reason: 'no_agent', recheckAt: 60_000 });
    expect(decide({ offers, now: 60_000 })).toEqual({ kind: 'overflow', action: { action: 'callback' } });
  });

  it('still offers an available agent past the max wait', () => {
    expect(decide({ now: 120_000 })).toEqual({ kind: 'offer', agentId: 'a' });
  });

  it.each([{ action: 'queue', queueId: 'backup' }, { action: 'callback' }, { action: 'hangup' }] as const)(
    'passes the overflow action through: $action',
    (overflow) => {
      expect(decide({ candidates: [], now: 60_000, queue: { ...QUEUE, overflow } })).toEqual({
        kind: 'overflow',
        action: overflow,
      });
    },
  );
});

describe('agentsWhoDidNotAnswer', () => {
  it('lists no_answer and rejected agents once each', () => {
    const offers: OfferAttempt[] = [
      { agentId: 'a', offeredAt: 1, outcome: 'no_answer' },
      { agentId: 'b', offeredAt: 2, outcome: 'cancelled' },
      { agentId: 'c', offeredAt: 3, outcome: 'rejected' },
      { agentId: 'a', offeredAt: 4, outcome: 'no_answer' },
      { agentId: 'd', offeredAt: 5 },
    ];
    expect(agentsWhoDidNotAnswer(offers)).toEqual(['a', 'c']);
  });
});
