import { expect } from 'vitest';
import type { Stack } from './stack.js';
import { waitFor } from './wait.js';

export async function ivrFinished(stack: Stack, callId: string): Promise<{ outcome: string; path: string[] }> {
  const row = await waitFor(
    async () =>
      (await stack.database.db.selectFrom('call_events').select('payload').where('call_id', '=', callId).where('type', '=', 'call.ivr_finished').executeTakeFirst()) ?? undefined,
    'call.ivr_finished',
  );
  return row.payload as { outcome: string; path: string[] };
}

/**
 * From the stored events: every call.offered follows that agent's ready -> reserved change
 * for that very call, with no other change of the agent in between. Reservations are
 * compare-and-set in Redis, so an agent reserved (or on a call, or wrapping up) can never be
 * reserved again: no agent is offered two calls. Event times have millisecond resolution and
 * two controllers write them, so changes in the same millisecond as the offer count as before it
 * (ordering by time alone once put an offer before its own reservation).
 */
export async function expectOffersOnlyToReadyAgents(stack: Stack): Promise<void> {
  const events = await stack.database.db
    .selectFrom('call_events')
    .select(['type', 'at', 'payload'])
    .where('type', 'in', ['call.offered', 'agent.state_changed'])
    .orderBy('at')
    .execute();
  type Change = { at: number; from: string; to: string; callId?: string };
  const changes = new Map<string, Change[]>();
  for (const e of events) {
    if (e.type !== 'agent.state_changed') continue;
    const p = e.payload as { agentId: string; from: string; to: string; callId?: string };
    const list = changes.get(p.agentId) ?? [];
    list.push({ at: e.at.getTime(), from: p.from, to: p.to, ...(p.callId ? { callId: p.callId } : {}) });
    changes.set(p.agentId, list);
  }
  let offers = 0;
  for (const e of events) {
    if (e.type !== 'call.offered') continue;
    offers++;
    const { agentId, callId } = e.payload as { agentId: string; callId: string };
    const at = e.at.getTime();
    const ofAgent = changes.get(agentId) ?? [];
    // The latest one: a call may be offered to the same agent again after a ring-no-answer.
    const reservation = ofAgent.findLast((c) => c.from === 'ready' && c.to === 'reserved' && c.callId === callId && c.at <= at);
    expect(reservation, `${agentId} reserved for ${callId} before it was offered`).toBeDefined();
    const between = ofAgent.filter((c) => c.at > reservation!.at && c.at < at);
    expect(between, `changes of ${agentId} between its reservation for ${callId} and the offer`).toEqual([]);
  }
  expect(offers).toBeGreaterThan(0);
}
