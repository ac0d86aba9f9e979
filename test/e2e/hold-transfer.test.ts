import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agentState, makeReady, release } from '../support/agents.js';
import { callFeaturesEnv, postAs, onCall, seatPhone, queueCaller } from '../support/call-features.js';
import { bearer, userToken } from '../support/api-users.js';
import { callIdOf, eventOf, eventsOf } from '../support/events.js';
import { LOCK_WAIT_MS } from '../support/lock-wait.js';
import { errorLines } from '../support/services.js';
import type { SippProcess } from '../support/sipp.js';
import { startStack, type Stack } from '../support/stack.js';
import { waitFor } from '../support/wait.js';

describe('hold and blind transfer (real Asterisk + SIPp)', () => {
  let stack: Stack;
  const phones: SippProcess[] = [];
  let agentToken: string;

  beforeAll(async () => {
    stack = await startStack({ env: { ...callFeaturesEnv } });
    phones.push(seatPhone(7, 500), seatPhone(8, 1000));
    agentToken = await userToken(stack, 'agent7', 'agent');
  }, LOCK_WAIT_MS);
  afterAll(async () => {
    await Promise.all(phones.map((p) => p.stop()));
    await stack?.stop();
  });

  const post = (path: string, body?: unknown) => postAs(stack, agentToken, path, body);

  it('hold for 5 s: the caller hears music, the call has about 5 s of hold time', async () => {
    await makeReady(stack, 'a7');
    const call = queueCaller('13500000001', 12_000);
    const callId = await callIdOf(stack, '13500000001');
    await onCall(stack, 'a7', callId);
    expect((await post(`/calls/${callId}/unhold`)).status).toBe(409); // not on hold
    const held = await post(`/calls/${callId}/hold`);
    expect(held.status, JSON.stringify(held.body)).toBe(200);
    await new Promise((r) => setTimeout(r, 5000));
    const unheld = await post(`/calls/${callId}/unhold`);
    expect(unheld.status).toBe(200);
    expect(unheld.body.result?.holdMs).toBeGreaterThan(4800);
    expect(unheld.body.result?.holdMs).toBeLessThan(5800);
    expect((await call).successful).toBe(1);
    expect(await eventOf(stack, callId, 'call.held')).toMatchObject({ agentId: 'a7' });
    const unheldEvent = await eventOf<{ holdMs: number }>(stack, callId, 'call.unheld');
    expect(unheldEvent.holdMs).toBe(unheld.body.result?.holdMs);
    await release(stack, 'a7');
  });

  it('a command for a call no controller holds is 404; one the role may not send is 403', async () => {
    expect((await post('/calls/no-such-call/hold')).status).toBe(404);
    const qaToken = await userToken(stack, 'qa1', 'qa');
    expect((await stack.api('/calls/x/hold', { method: 'POST', headers: bearer(qaToken) })).status).toBe(403);
  });

  it('blind transfer to queue B: answered there by a8, one call with two agent legs, the first answer kept', async () => {
    await makeReady(stack, 'a7');
    await makeReady(stack, 'a8');
    const call = queueCaller('13500000002', 14_000);
    const callId = await callIdOf(stack, '13500000002');
    await onCall(stack, 'a7', callId);
    expect((await post(`/calls/${callId}/transfer`, { queueId: 'nope' })).status).toBe(404);
    const transferred = await post(`/calls/${callId}/transfer`, { queueId: 'b' });
    expect(transferred.status, JSON.stringify(transferred.body)).toBe(200);
    await onCall(stack, 'a8', callId);
    // The first agent left the call: wrap-up, then ready again.
    expect(['wrap_up', 'ready']).toContain((await agentState(stack, 'a7')).status);
    expect((await call).successful).toBe(1);

    expect(await eventOf(stack, callId, 'call.transferred')).toMatchObject({ kind: 'blind', target: { type: 'queue', queueId: 'b' }, agentId: 'a7' });
    await eventOf(stack, callId, 'call.ended');
    const answers = await waitFor(async () => {
      const a = await eventsOf<{ agentId: string; waitMs: number; queueId: string }>(stack, callId, 'call.answered');
      return a.filter((x) => x.agentId).length === 2 ? a.filter((x) => x.agentId) : undefined;
    }, 'two agent answers');
    expect(answers.map((a) => [a.agentId, a.queueId])).toEqual([
      ['a7', 'a'],
      ['a8', 'b'],
    ]);
    // One call: its row keeps the first queue, the first agent and the first answer's wait.
    const row = await waitFor(async () => {
      const c = (await stack.api<{ agentId: string; queueId: string; waitMs: number; endedAt: string | null; offers: { agentId: string; outcome: string }[] }>(`/calls/${callId}`)).body;
      return c.endedAt ? c : undefined;
    }, 'the call row');
    expect(row).toMatchObject({ agentId: 'a7', queueId: 'a', waitMs: answers[0]!.waitMs });
    expect(row.offers.map((o) => [o.agentId, o.outcome])).toEqual([
      ['a7', 'answered'],
      ['a8', 'answered'],
    ]);
    expect((await stack.api<{ calls: { caller: string }[] }>('/calls?limit=100')).body.calls.filter((c) => c.caller === '13500000002')).toHaveLength(1);
    await release(stack, 'a7');
    await release(stack, 'a8');
    expect(errorLines(stack.services.get('ari-controller')!)).toEqual([]);
  });
});
