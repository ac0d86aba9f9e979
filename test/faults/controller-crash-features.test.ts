import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agentState, makeReady, release, SEAT_PORT_BASE } from '../support/agents.js';
import { callFeaturesEnv, postAs, onCall, bridgeMembers, queueCaller } from '../support/call-features.js';
import { bearer, userToken } from '../support/api-users.js';
import { dtmfBlock } from '../support/dtmf.js';
import { fixture } from '../support/env.js';
import { callIdOf, eventOf, eventsOf } from '../support/events.js';
import { LOCK_WAIT_MS } from '../support/lock-wait.js';
import { errorLines } from '../support/services.js';
import { runSipp, startSipp, type SippProcess } from '../support/sipp.js';
import { startStack, type Stack } from '../support/stack.js';
import { waitFor } from '../support/wait.js';

/** Agent a7's phone (seat 7): answers after 500 ms; talks until hung up, or hangs up itself after `talkMs`. */
const phoneOfA7 = (talkMs?: number): SippProcess =>
  startSipp({
    scenario: talkMs === undefined ? 'agent-answers.xml' : 'agent-talks-then-hangs-up.xml',
    target: '',
    port: SEAT_PORT_BASE + 7,
    vars: { answer_after_ms: 500, after_answer: '', talk_ms: talkMs ?? 0 },
    calls: 10,
    timeoutSec: 300,
  });

/** Agent a8's phone (seat 8): answers after 1.5 s and talks until the hotline hangs up. */
const phoneOfA8 = (): SippProcess =>
  startSipp({ scenario: 'agent-answers.xml', target: '', port: SEAT_PORT_BASE + 8, vars: { answer_after_ms: 1500 }, calls: 10, timeoutSec: 300 });

describe('controller killed (kill -9) during a hold, during the survey and during a consultation', () => {
  let stack: Stack;
  let phone: SippProcess | undefined;
  let agentToken: string;

  beforeAll(async () => {
    stack = await startStack({
      env: {
        ...callFeaturesEnv,
        // 15 s to answer the survey: the key comes after the restarted controller started it over.
        SURVEY_FILE: fixture('survey-long-answer.json'),
      },
    });
    agentToken = await userToken(stack, 'agent7', 'agent');
  }, LOCK_WAIT_MS);
  afterAll(async () => {
    await phone?.stop();
    await stack?.stop();
  });

  const command = (callId: string, what: 'hold' | 'unhold') =>
    stack.api<{ result?: { holdMs?: number } }>(`/calls/${callId}/${what}`, { method: 'POST', headers: bearer(agentToken) });
  const post = (path: string, body?: unknown) => postAs(stack, agentToken, path, body);

  it('a call on hold stays held through the restart; unhold after it counts the whole hold', async () => {
    phone = phoneOfA7();
    await makeReady(stack, 'a7');
    const call = queueCaller('13600000011', 25_000, 60);
    const callId = await callIdOf(stack, '13600000011');
    await waitFor(async () => ((await agentState(stack, 'a7')).status === 'on_call' ? true : undefined), 'a7 talking', 15_000);
    expect((await command(callId, 'hold')).status).toBe(200);
    const heldAt = Date.now();

    const restarted = await stack.restart('ari-controller', 'SIGKILL');
    // The command reaches the controller holding the call: the new one, which knows it is on hold.
    await waitFor(async () => (restarted.logs.some((l) => l.msg === 'resuming a call left by a previous controller') ? true : undefined), 'the call resumed');
    expect((await command(callId, 'hold')).status).toBe(409);
    const unheld = await command(callId, 'unhold');
    expect(unheld.status).toBe(200);
    const holdMs = unheld.body.result!.holdMs!;
    expect(holdMs).toBeGreaterThanOrEqual(Date.now() - heldAt - 1000);
    expect(holdMs).toBeLessThanOrEqual(Date.now() - heldAt + 1000);

    const run = await call;
    expect(run).toMatchObject({ code: 0, successful: 1, failed: 0, errors: '' });
    expect(await eventOf(stack, callId, 'call.ended')).toMatchObject({ endedBy: 'caller' });
    expect(await eventsOf(stack, callId, 'call.held')).toHaveLength(1);
    expect(await eventsOf(stack, callId, 'call.unheld')).toEqual([expect.objectContaining({ holdMs })]);
    expect(await eventOf(stack, callId, 'recording.stored')).toMatchObject({ agentId: 'a7' });
    expect(errorLines(restarted)).toEqual([]);
    await phone.stop();
    await release(stack, 'a7');
  });

  it('a caller in the survey hears it again after the restart, and the answer is stored once', async () => {
    phone = phoneOfA7(2000);
    await makeReady(stack, 'a7');
    // Straight to the queue, a7 talks 2 s and hangs up (the survey starts ~3-4 s in); the key comes at 14 s.
    const call = runSipp({
      scenario: 'caller-keys-then-waits.xml',
      service: '12345',
      keys: { caller: '13600000012' },
      vars: { name: 'survey', dtmf: dtmfBlock([{ digit: '1', afterMs: 14_000 }]), bye_timeout_ms: 40_000 },
      timeoutSec: 60,
    });
    const callId = await callIdOf(stack, '13600000012');
    // a7 hung up: released to wrap-up just before the caller's survey starts.
    await waitFor(async () => ((await agentState(stack, 'a7')).status === 'wrap_up' ? true : undefined), 'a7 in wrap-up', 15_000, 50);
    await new Promise((r) => setTimeout(r, 300));
    const restarted = await stack.restart('ari-controller', 'SIGKILL');

    const run = await call;
    expect(run).toMatchObject({ code: 0, successful: 1, failed: 0, errors: '' });
    expect(restarted.logs.find((l) => l.msg === 'resuming a call left by a previous controller')).toMatchObject({ callId, step: 'survey' });
    expect(await eventOf(stack, callId, 'survey.answered')).toMatchObject({ agentId: 'a7', result: 'satisfied' });
    expect(await eventOf(stack, callId, 'call.ended')).toMatchObject({ endedBy: 'agent' });
    expect(await eventsOf(stack, callId, 'survey.answered')).toHaveLength(1);
    expect(errorLines(restarted)).toEqual([]);
    await release(stack, 'a7');
  });

  it('a consultation (a7 with a8 of queue B, the caller on hold) survives the restart and is completed after it', async () => {
    // The survey test's phone hangs up after 2 s: a7 must stay in the consultation here.
    await phone?.stop();
    phone = phoneOfA7();
    const phoneA8 = phoneOfA8();
    try {
      await makeReady(stack, 'a7');
      await makeReady(stack, 'a8');
      const call = queueCaller('13600000013', 30_000, 60);
      const callId = await callIdOf(stack, '13600000013');
      await onCall(stack, 'a7', callId);
      const consult = await post(`/calls/${callId}/consult`, { queueId: 'b' });
      expect(consult.status, JSON.stringify(consult.body)).toBe(200);
      expect(consult.body.result).toMatchObject({ targetAgentId: 'a8' });
      await onCall(stack, 'a8', callId);
      await waitFor(async () => ((await bridgeMembers(`${callId}-bridge`)).length === 2 ? true : undefined), 'a8 in the consultation');

      const restarted = await stack.restart('ari-controller', 'SIGKILL');
      await waitFor(async () => (restarted.logs.some((l) => l.msg === 'resuming a call left by a previous controller') ? true : undefined), 'the call resumed');
      // Still consulting after the restart: a7 with a8 in the side of the call, the caller on hold.
      expect(await bridgeMembers(`${callId}-bridge`)).toEqual([`${callId}-1`, `${callId}-x1`].sort());
      expect((await post(`/calls/${callId}/consult`, { queueId: 'b' })).body.message).toMatch(/a transfer is in progress/);
      const completed = await post(`/calls/${callId}/consult/complete`);
      expect(completed.status, JSON.stringify(completed.body)).toBe(200);
      expect(await bridgeMembers(`${callId}-bridge`)).toEqual([callId, `${callId}-x1`].sort());
      expect(['wrap_up', 'ready']).toContain((await agentState(stack, 'a7')).status);
      expect((await agentState(stack, 'a8')).status).toBe('on_call');

      const run = await call;
      expect(run).toMatchObject({ code: 0, successful: 1, failed: 0, errors: '' });
      await eventOf(stack, callId, 'call.ended');
      expect(await eventsOf(stack, callId, 'call.consult_started')).toEqual([expect.objectContaining({ target: { type: 'queue', queueId: 'b' }, agentId: 'a7' })]);
      expect(await eventsOf(stack, callId, 'call.consult_ended')).toEqual([expect.objectContaining({ outcome: 'completed', agentId: 'a7' })]);
      expect(await eventsOf(stack, callId, 'call.transferred')).toEqual([expect.objectContaining({ kind: 'attended', target: { type: 'queue', queueId: 'b' }, agentId: 'a7' })]);
      expect(await eventsOf(stack, callId, 'call.held')).toHaveLength(1);
      expect(await eventsOf(stack, callId, 'call.unheld')).toHaveLength(1);
      const answers = (await eventsOf<{ agentId?: string }>(stack, callId, 'call.answered')).filter((a) => a.agentId);
      expect(answers.map((a) => a.agentId)).toEqual(['a7', 'a8']);
      expect(errorLines(restarted)).toEqual([]);
    } finally {
      await phoneA8.stop();
      await phone.stop();
    }
    await release(stack, 'a7');
    await release(stack, 'a8');
  });
});
