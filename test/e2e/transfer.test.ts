import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agentState, makeReady, release } from '../support/agents.js';
import { callFeaturesEnv, postAs, onCall, seatPhone, queueCaller, bridgeMembers } from '../support/call-features.js';
import { userToken } from '../support/api-users.js';
import { ariGet } from '../support/ari.js';
import { callIdOf, eventOf, eventsOf } from '../support/events.js';
import { LOCK_WAIT_MS } from '../support/lock-wait.js';
import { errorLines } from '../support/services.js';
import { startSipp, type SippProcess } from '../support/sipp.js';
import { startStack, type Stack } from '../support/stack.js';
import { waitFor } from '../support/wait.js';

/** The carrier's side of the trunk: TRUNK_HOST points here, a SIPp UAS answering any number dialled out. */
const TRUNK_PORT = 5090;

interface CallRow {
  agentId: string;
  queueId: string;
  waitMs: number;
  answeredAt: string;
  endedAt: string | null;
}

describe('transfers: blind to an agent or a number, attended to a queue (complete) and a number (cancel) (real Asterisk + SIPp)', () => {
  let stack: Stack;
  let trunk: SippProcess;
  const phones: SippProcess[] = [];
  let agentToken: string;

  beforeAll(async () => {
    stack = await startStack({
      env: {
        ...callFeaturesEnv,
        TRUNK_HOST: `127.0.0.1:${TRUNK_PORT}`,
      },
    });
    phones.push(seatPhone(7, 500), seatPhone(8, 1500));
    trunk = startSipp({ scenario: 'agent-answers.xml', target: '', port: TRUNK_PORT, vars: { answer_after_ms: 800 }, calls: 10, limit: 5, timeoutSec: 300 });
    agentToken = await userToken(stack, 'agent7', 'agent');
  }, LOCK_WAIT_MS);
  afterAll(async () => {
    await Promise.all([...phones, trunk].map((p) => p?.stop()));
    await stack?.stop();
  });

  const post = (path: string, body?: unknown) => postAs(stack, agentToken, path, body);
  const callRow = (callId: string) =>
    waitFor(async () => {
      const c = (await stack.api<CallRow>(`/calls/${callId}`)).body;
      return c.endedAt ? c : undefined;
    }, `the ended call ${callId}`);
  /** The call's agent answers in order: the first is the call's answer, the others its later agent legs. */
  const agentAnswers = async (callId: string, n: number) =>
    waitFor(async () => {
      const a = (await eventsOf<{ agentId?: string; waitMs: number }>(stack, callId, 'call.answered')).filter((x) => x.agentId);
      return a.length === n ? a : undefined;
    }, `${n} agent answers`);
  it('blind to agent a8: a8 is rung directly and takes the caller; a7 leaves; one call, the first answer kept', async () => {
    await makeReady(stack, 'a7');
    const call = queueCaller('13700000001', 14_000);
    const callId = await callIdOf(stack, '13700000001');
    await onCall(stack, 'a7', callId);
    // Refused without touching the call: unknown agent, the agent already on it, an agent not ready.
    expect((await post(`/calls/${callId}/transfer`, { agentId: 'zz' })).status).toBe(404);
    expect((await post(`/calls/${callId}/transfer`, { agentId: 'a7' })).status).toBe(409);
    const notReady = await post(`/calls/${callId}/transfer`, { agentId: 'a8' });
    expect(notReady.status).toBe(409);
    expect(notReady.body.message).toMatch(/a8 is not free/);
    expect((await post(`/calls/${callId}/transfer`, { number: '12-34' })).status).toBe(400);
    await makeReady(stack, 'a8');
    const transferred = await post(`/calls/${callId}/transfer`, { agentId: 'a8' });
    expect(transferred.status, JSON.stringify(transferred.body)).toBe(200);
    expect(['wrap_up', 'ready']).toContain((await agentState(stack, 'a7')).status);
    await onCall(stack, 'a8', callId);
    // In Asterisk: the caller and a8's leg share a bridge; a7's leg is gone. The controller
    // announces a8 on the call before its bridge requests are answered, so wait for the bridge.
    const members = [callId, `${callId}-x1`].sort();
    await waitFor(async () => {
      const now = await bridgeMembers(`${callId}-x1-bridge`).catch(() => []);
      return JSON.stringify(now) === JSON.stringify(members) ? true : undefined;
    }, 'the caller and a8 in one bridge', 5000);
    expect((await call).successful).toBe(1);

    expect(await eventOf(stack, callId, 'call.transferred')).toMatchObject({ kind: 'blind', target: { type: 'agent', agentId: 'a8' }, agentId: 'a7' });
    await eventOf(stack, callId, 'call.ended');
    const answers = await agentAnswers(callId, 2);
    expect(answers.map((a) => a.agentId)).toEqual(['a7', 'a8']);
    expect(await callRow(callId)).toMatchObject({ agentId: 'a7', queueId: 'a', waitMs: answers[0]!.waitMs });
    expect((await stack.api<{ calls: { caller: string }[] }>('/calls?limit=100')).body.calls.filter((c) => c.caller === '13700000001')).toHaveLength(1);
    await release(stack, 'a7');
    await release(stack, 'a8');
  });

  it('blind to an external number: dialled through the trunk, the caller connected to it, a7 released', async () => {
    await makeReady(stack, 'a7');
    const call = queueCaller('13700000002', 12_000);
    const callId = await callIdOf(stack, '13700000002');
    await onCall(stack, 'a7', callId);
    const transferred = await post(`/calls/${callId}/transfer`, { number: '13911112222' });
    expect(transferred.status, JSON.stringify(transferred.body)).toBe(200);
    expect(['wrap_up', 'ready']).toContain((await agentState(stack, 'a7')).status);
    // The trunk's UAS answered: the caller and the outside leg share a bridge in Asterisk.
    const members = await waitFor(async () => {
      const m = await bridgeMembers(`${callId}-x1-bridge`).catch(() => []);
      return m.length === 2 ? m : undefined;
    }, 'the caller bridged with the outside number', 10_000);
    expect(members).toEqual([callId, `${callId}-x1`].sort());
    const outside = await ariGet<{ name: string }>(`/channels/${callId}-x1`);
    expect(outside.name).toMatch(/^PJSIP\/trunk-/);
    expect((await call).successful).toBe(1);
    expect(await eventOf(stack, callId, 'call.transferred')).toMatchObject({ kind: 'blind', target: { type: 'external', number: '13911112222' }, agentId: 'a7' });
    await eventOf(stack, callId, 'call.ended');
    expect(await eventsOf(stack, callId, 'call.transfer_failed')).toEqual([]);
    expect((await agentAnswers(callId, 1)).map((a) => a.agentId)).toEqual(['a7']);
    expect(await callRow(callId)).toMatchObject({ agentId: 'a7', queueId: 'a' });
    await release(stack, 'a7');
  });

  it('attended to queue B, completed: its free agent a8 is rung, the caller on hold while a7 talks to a8, then caller with a8, a7 released', async () => {
    await makeReady(stack, 'a7');
    await makeReady(stack, 'a8');
    const call = queueCaller('13700000003', 16_000);
    const callId = await callIdOf(stack, '13700000003');
    await onCall(stack, 'a7', callId);
    expect((await post(`/calls/${callId}/consult`, { queueId: 'nope' })).status).toBe(404);
    const consult = await post(`/calls/${callId}/consult`, { queueId: 'b' });
    expect(consult.status, JSON.stringify(consult.body)).toBe(200);
    expect(consult.body.result).toMatchObject({ targetAgentId: 'a8' });
    // a8 answers after 1.5 s: completing before that is refused; so are hold and a second transfer.
    expect((await post(`/calls/${callId}/consult/complete`)).body.message).toMatch(/has not answered yet/);
    expect((await post(`/calls/${callId}/hold`)).status).toBe(409);
    expect((await post(`/calls/${callId}/transfer`, { queueId: 'b' })).status).toBe(409);
    await onCall(stack, 'a8', callId);
    // The consultation: a7 and a8 in a7's bridge, the caller out of it (music on hold).
    await waitFor(async () => ((await bridgeMembers(`${callId}-bridge`)).length === 2 ? true : undefined), 'a8 in the consultation');
    expect(await bridgeMembers(`${callId}-bridge`)).toEqual([`${callId}-1`, `${callId}-x1`].sort());
    expect(await eventOf(stack, callId, 'call.held')).toMatchObject({ agentId: 'a7' });
    const completed = await post(`/calls/${callId}/consult/complete`);
    expect(completed.status, JSON.stringify(completed.body)).toBe(200);
    expect(await bridgeMembers(`${callId}-bridge`)).toEqual([callId, `${callId}-x1`].sort());
    expect(['wrap_up', 'ready']).toContain((await agentState(stack, 'a7')).status);
    expect((await agentState(stack, 'a8')).status).toBe('on_call');
    expect((await call).successful).toBe(1);

    await eventOf(stack, callId, 'call.ended');
    expect(await eventOf(stack, callId, 'call.consult_started')).toMatchObject({ target: { type: 'queue', queueId: 'b' }, agentId: 'a7' });
    expect(await eventOf(stack, callId, 'call.consult_ended')).toMatchObject({ outcome: 'completed', agentId: 'a7' });
    expect(await eventOf(stack, callId, 'call.transferred')).toMatchObject({ kind: 'attended', target: { type: 'queue', queueId: 'b' }, agentId: 'a7' });
    expect((await eventOf<{ holdMs: number }>(stack, callId, 'call.unheld')).holdMs).toBeGreaterThan(1000);
    const answers = await agentAnswers(callId, 2);
    expect(answers.map((a) => a.agentId)).toEqual(['a7', 'a8']);
    expect(await callRow(callId)).toMatchObject({ agentId: 'a7', queueId: 'a', waitMs: answers[0]!.waitMs });
    await release(stack, 'a7');
    await release(stack, 'a8');
  });

  it('attended to an external number, cancelled: the outside leg is hung up, the caller is back with a7', async () => {
    await makeReady(stack, 'a7');
    const call = queueCaller('13700000004', 14_000);
    const callId = await callIdOf(stack, '13700000004');
    await onCall(stack, 'a7', callId);
    expect((await post(`/calls/${callId}/consult/cancel`)).status).toBe(409); // nothing to cancel
    const consult = await post(`/calls/${callId}/consult`, { number: '13922223333' });
    expect(consult.status, JSON.stringify(consult.body)).toBe(200);
    // The outside number answered and is talking to a7; the caller is on hold.
    await waitFor(async () => ((await bridgeMembers(`${callId}-bridge`)).includes(`${callId}-x1`) ? true : undefined), 'the outside number in the consultation', 10_000);
    expect(await bridgeMembers(`${callId}-bridge`)).toEqual([`${callId}-1`, `${callId}-x1`].sort());
    const cancelled = await post(`/calls/${callId}/consult/cancel`);
    expect(cancelled.status, JSON.stringify(cancelled.body)).toBe(200);
    expect(await bridgeMembers(`${callId}-bridge`)).toEqual([callId, `${callId}-1`].sort());
    await waitFor(async () => ((await ariGet<{ id: string }[]>('/channels')).some((c) => c.id === `${callId}-x1`) ? undefined : true), 'the outside leg hung up');
    expect((await agentState(stack, 'a7')).status).toBe('on_call');
    expect((await call).successful).toBe(1);

    await eventOf(stack, callId, 'call.ended');
    expect(await eventOf(stack, callId, 'call.consult_ended')).toMatchObject({ outcome: 'cancelled', target: { type: 'external', number: '13922223333' }, agentId: 'a7' });
    expect(await eventsOf(stack, callId, 'call.transferred')).toEqual([]);
    await eventOf(stack, callId, 'call.unheld');
    expect((await agentAnswers(callId, 1)).map((a) => a.agentId)).toEqual(['a7']);
    expect(await callRow(callId)).toMatchObject({ agentId: 'a7', queueId: 'a' });
    await release(stack, 'a7');
    expect(errorLines(stack.services.get('ari-controller')!)).toEqual([]);
  });
});
