/**
 * What to do next for one waiting call, from its offer history: ring an agent,
 * end a ring that timed out (RONA), wait, or overflow.
 *
 * Order of the rules, and why:
 * 1. An answered offer ends the matter (`answered`).
 * 2. A ring in progress is never cut short by the max wait: hanging up on an
 *    agent who is about to answer would turn an answer into an overflow. When
 *    the ring has lasted `ringTimeoutSec` the step is `rona`; until then `wait`.
 * 3. Otherwise an agent who can take the call is offered it, even past the max
 *    wait: being served now is better for the caller than a callback or a
 *    hang-up, and overflow exists for when nobody can serve.
 * 4. Nobody available and the max wait reached (inclusive) -> `overflow`.
 * 5. Else `wait` until the overflow deadline or until an agent becomes ready.
 *
 * Agents whose offer ended 'no_answer' or 'rejected' are excluded for this
 * call. A 'cancelled' offer (withdrawn by the controller, e.g. a lost
 * reservation race) does not count against the agent.
 */
import { chooseAgent } from './acd-policy.js';
import type { AcdPolicy, AgentCandidate } from './acd-policy.js';
import type { OverflowAction } from './queue-config.js';

export type OfferOutcome = 'answered' | 'no_answer' | 'rejected' | 'cancelled';

export interface OfferAttempt {
  readonly agentId: string;
  /** When the agent's phone started ringing (epoch ms). */
  readonly offeredAt: number;
  /** Absent while the agent's phone is still ringing. */
  readonly outcome?: OfferOutcome;
}

/** The parts of a queue definition the decision needs (a parsed QueueDefinition fits). */
export interface OfferQueueSettings {
  readonly skill: string;
  readonly policy: AcdPolicy;
  readonly ringTimeoutSec: number;
  readonly maxWaitSec: number;
  readonly overflow: OverflowAction;
}

export interface OfferDecisionInput {
  readonly queue: OfferQueueSettings;
  readonly offers: readonly OfferAttempt[];
  /** When the caller entered the queue; the max wait counts from here. */
  readonly queuedAt: number;
  readonly now: number;
  /** Agents as known now (from the Redis mirror). */
  readonly candidates: readonly AgentCandidate[];
}

export type OfferStep =
  /** Reserve and ring this agent (if the reservation fails, rank again). */
  | { readonly kind: 'offer'; readonly agentId: string }
  /** This agent's ring has timed out: stop it, record 'no_answer', send the agent `ring_no_answer`, then decide again. */
  | { readonly kind: 'rona'; readonly agentId: string }
  /** Nothing to do before `recheckAt` unless something changes (an agent becomes ready, the ring ends). */
  | { readonly kind: 'wait'; readonly reason: 'ringing' | 'no_agent'; readonly recheckAt: number }
  /** Nobody can serve the caller within the max wait: apply the queue's overflow. */
  | { readonly kind: 'overflow'; readonly action: OverflowAction }
  /** Already answered by this agent; no further offers. */
  | { readonly kind: 'answered'; readonly agentId: string };

/** Agents that must not be rung again for this call. */
export function agentsWhoDidNotAnswer(offers: readonly OfferAttempt[]): string[] {
  const ids = offers
    .filter((offer) => offer.outcome === 'no_answer' || offer.outcome === 'rejected')
    .map((offer) => offer.agentId);
  return [...new Set(ids)];
}

export function nextOfferStep(input: OfferDecisionInput): OfferStep {
  const { queue, offers, queuedAt, now, candidates } = input;

  const answered = offers.find((offer) => offer.outcome === 'answered');
  if (answered !== undefined) return { kind: 'answered', agentId: answered.agentId };

  const ringTimeoutMs = queue.ringTimeoutSec * 1000;
  const ringing = offers.filter((offer) => offer.outcome === undefined);
  if (ringing.length > 0) {
    const earliest = ringing.reduce((a, b) => (b.offeredAt < a.offeredAt ? b : a));
    const ringEndsAt = earliest.offeredAt + ringTimeoutMs;
    if (now >= ringEndsAt) return { kind: 'rona', agentId: earliest.agentId };
    return { kind: 'wait', reason: 'ringing', recheckAt: ringEndsAt };
  }

  const agentId = chooseAgent(
    candidates,
    { skill: queue.skill, excludeAgentIds: agentsWhoDidNotAnswer(offers) },
    queue.policy,
  );
  if (agentId !== null) return { kind: 'offer', agentId };

  const overflowAt = queuedAt + queue.maxWaitSec * 1000;
  if (now >= overflowAt) return { kind: 'overflow', action: queue.overflow };
  return { kind: 'wait', reason: 'no_agent', recheckAt: overflowAt };
}
