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
 * for that very call. Reservations are compare-and-set in Redis, so an agent reserved (or
 * on a call, or wrapping up) can never be reserved again: no agent is offered two calls.
 */
export async function expectOffersOnlyToReadyAgents(stack: Stack): Promise<void> {
  const events = await stack.database.db
    .selectFrom('call_events')
    .select(['type', 'at', 'payload'])
    .where('type', 'in', ['call.offered', 'agent.state_changed'])
    .orderBy('at')
    .execute();
  const last = new Map<string, { from: string; to: string; callId?: string }>();
  let offers = 0;
  for (const e of events) {
    const p = e.payload as { agentId: string; from: string; to: string; callId?: string };
    if (e.type === 'agent.state_changed') last.set(p.agentId, p);
    else {
      offers++;
      const callId = (e.payload as { callId: string }).callId;
      expect(last.get(p.agentId), `state of ${p.agentId} before an offer`).toMatchObject({ from: 'ready', to: 'reserved', callId });
    }
  }
  expect(offers).toBeGreaterThan(0);
}
