import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agentAction, agentPhone, agentState, makeReady, release, seatEnv } from '../support/agents.js';
import { dtmfBlock } from '../support/dtmf.js';
import { fixture } from '../support/env.js';
import { runSipp } from '../support/sipp.js';
import { startStack, type Stack } from '../support/stack.js';
import { waitFor } from '../support/wait.js';
import { DateTime } from 'luxon';
import { E2E_ADMIN_TOKEN, bearer } from '../support/api-users.js';
import { expectOffersOnlyToReadyAgents, ivrFinished } from '../support/assertions.js';

interface Call {
  callId: string;
  caller: string;
  queueId: string | null;
  queuedAt: string | null;
  answeredAt: string | null;
  abandonedAt: string | null;
  endedAt: string | null;
  agentId: string | null;
  waitMs: number | null;
  serviceLevel: Record<string, boolean> | null;
  offers?: { agentId: string; attempt: number; outcome: string }[];
}

/** A caller who presses 1 during the menu prompt (queue A) and hangs up `talkMs` later. */
const pressOneThenHangUp = (caller: string, hangupAfterMs: number) =>
  runSipp({
    scenario: 'caller-keys-then-hangs-up.xml',
    service: '12345',
    keys: { caller },
    vars: { name: 'press 1', dtmf: dtmfBlock([{ digit: '1', afterMs: 1500 }]), hangup_after_ms: hangupAfterMs },
    timeoutSec: 90,
  });

describe('call handling: IVR, queue, agents and answer tracking (real Asterisk + SIPp)', () => {
  let stack: Stack;
  const callOf = async (caller: string, done: (c: Call) => boolean = (c) => c.endedAt !== null) =>
    waitFor(async () => {
      const c = (await stack.api<{ calls: Call[] }>('/calls?limit=100')).body.calls.find((x) => x.caller === caller);
      if (!c || !done(c)) return undefined;
      return (await stack.api<Call>(`/calls/${encodeURIComponent(c.callId)}`)).body;
    }, `the call from ${caller}`, 15_000);

  beforeAll(async () => {
    stack = await startStack({
      env: { ...seatEnv, IVR_FILE: fixture('ivr-open.json'), QUEUES_FILE: fixture('queues-e2e.json'), ADMIN_TOKEN: E2E_ADMIN_TOKEN },
    });
  });
  afterAll(async () => stack?.stop());

  it('1. presses 1, queued for skill A, the agent answers after 3 s: wait about 3 s, within 15 s', async () => {
    const phone = agentPhone(1, { answerAfterMs: 3000 });
    await makeReady(stack, 'a1');
    const inCall = pressOneThenHangUp('13900000001', 6000);
    // Screen-pop while the agent talks: the caller's number and earlier calls.
    await waitFor(async () => ((await agentState(stack, 'a1')).status === 'on_call' ? true : undefined), 'a1 on the call', 15_000);
    const pop = await stack.api<{ caller: string; queueId: string; previousCalls: unknown[] }>('/agents/a1/current-call');
    expect(pop.status).toBe(200);
    expect(pop.body).toMatchObject({ caller: '13900000001', queueId: 'a', previousCalls: [] });
    const caller = await inCall;
    expect(caller.errors).toBe('');
    expect(caller).toMatchObject({ code: 0, successful: 1 });
    const call = await callOf('13900000001', (c) => c.endedAt !== null && c.answeredAt !== null);
    expect(call).toMatchObject({ queueId: 'a', agentId: 'a1', abandonedAt: null });
    expect(call.waitMs).toBeGreaterThanOrEqual(2900);
    expect(call.waitMs).toBeLessThan(4500);
    expect(call.serviceLevel).toEqual({ '15': true, '30': true });
    expect(call.offers).toEqual([expect.objectContaining({ agentId: 'a1', attempt: 1, outcome: 'answered' })]);
    // After the call the agent wraps up, then is ready again.
    await waitFor(async () => ((await agentState(stack, 'a1')).status === 'ready' ? true : undefined), 'a1 ready after wrap-up', 10_000);
    const today = await stack.api<{ answered: number; offered: number; rona: number; meanWaitMs: number }>('/agents/a1/today');
    expect(today.body).toMatchObject({ answered: 1, offered: 1, rona: 0 });
    expect((await stack.api('/agents/a1/current-call')).status).toBe(404);
    await release(stack, 'a1');
    await phone.stop();
  });

  it('2. the agent answers after 20 s: within 30 s, not within 15 s', async () => {
    // Queue B rings for up to 25 s (queue A's 6 s would RONA first).
    const phone = agentPhone(6, { answerAfterMs: 20_000 });
    await makeReady(stack, 'a6');
    const caller = await runSipp({
      scenario: 'caller-keys-then-hangs-up.xml',
      service: '12345',
      keys: { caller: '13900000002' },
      vars: { name: 'press 2', dtmf: dtmfBlock([{ digit: '2', afterMs: 1500 }]), hangup_after_ms: 23_000 },
      timeoutSec: 90,
    });
    expect(caller).toMatchObject({ code: 0, successful: 1 });
    const call = await callOf('13900000002', (c) => c.answeredAt !== null && c.endedAt !== null);
    expect(call).toMatchObject({ queueId: 'b', agentId: 'a6' });
    expect(call.waitMs).toBeGreaterThan(19_900);
    expect(call.waitMs).toBeLessThan(22_000);
    expect(call.serviceLevel).toEqual({ '15': false, '30': true });
    await release(stack, 'a6');
    await phone.stop();
  });

  it('3. no agent ready, the caller hangs up after 10 s: abandoned with its wait', async () => {
    const caller = await pressOneThenHangUp('13900000003', 10_000);
    expect(caller).toMatchObject({ code: 0, successful: 1 });
    const call = await callOf('13900000003', (c) => c.abandonedAt !== null && c.endedAt !== null);
    expect(call.answeredAt).toBeNull();
    expect(call.waitMs).toBeGreaterThan(8500);
    expect(call.waitMs).toBeLessThan(11_000);
    expect(call.serviceLevel).toEqual({ '15': false, '30': false });
  });

  it('4. the first agent never answers: RONA, not-ready, the second answers; the wait covers both', async () => {
    const silent = agentPhone(3, 'never-answers');
    const answering = agentPhone(4, { answerAfterMs: 1000 });
    await makeReady(stack, 'a3'); // ready first: longest idle, offered first
    await new Promise((r) => setTimeout(r, 50));
    await makeReady(stack, 'a4');
    const caller = await pressOneThenHangUp('13900000004', 12_000);
    expect(caller).toMatchObject({ code: 0, successful: 1 });
    const call = await callOf('13900000004', (c) => c.answeredAt !== null && c.endedAt !== null);
    expect(call.agentId).toBe('a4');
    expect(call.offers?.map((o) => [o.agentId, o.outcome])).toEqual([
      ['a3', 'no_answer'],
      ['a4', 'answered'],
    ]);
    // 6 s ring timeout + about 1 s for the second agent.
    expect(call.waitMs).toBeGreaterThan(6900);
    expect(call.waitMs).toBeLessThan(9500);
    expect(await agentState(stack, 'a3')).toMatchObject({ status: 'not_ready', reason: 'no-answer' });
    await release(stack, 'a3');
    await release(stack, 'a4');
    await Promise.all([silent.stop(), answering.stop()]);
  });

  it('5. an agent on break or in wrap-up is never offered a call; sign-out removes it', async () => {
    const phone = agentPhone(5, { answerAfterMs: 500 });
    await makeReady(stack, 'a5');
    expect((await agentAction(stack, 'a5', 'break')).status).toBe(200);
    const onBreak = runSipp({
      scenario: 'caller-keys-then-hangs-up.xml', service: '12345', keys: { caller: '13900000005' },
      vars: { name: 'press 1', dtmf: dtmfBlock([{ digit: '1', afterMs: 1500 }]), hangup_after_ms: 5000 }, timeoutSec: 60,
    });
    expect((await onBreak).successful).toBe(1);
    const c5 = await callOf('13900000005', (c) => c.abandonedAt !== null);
    expect(c5.offers).toEqual([]);
    // Signed out: not offered either; an illegal request gets 409 with what is allowed.
    expect((await agentAction(stack, 'a5', 'sign_out')).status).toBe(200);
    const refused = await agentAction(stack, 'a5', 'ready');
    expect(refused.status).toBe(409);
    expect(refused.body.allowed).toContain('sign_in');
    // Back to work: after a call the agent is in wrap-up (2 s) until it ends by itself.
    await makeReady(stack, 'a5');
    const first = pressOneThenHangUp('13900000006', 2000);
    await callOf('13900000006', (c) => c.endedAt !== null);
    expect((await agentState(stack, 'a5')).status).toBe('wrap_up');
    await first;
    await release(stack, 'a5');
    await phone.stop();
    // Over every call of this file: each offer went to an agent that was ready just before.
    await expectOffersOnlyToReadyAgents(stack);
  });

  it('7. an invalid key three times ends in the configured node (goodbye, then hang-up)', async () => {
    const caller = await runSipp({
      scenario: 'caller-keys-then-waits.xml',
      service: '12345',
      keys: { caller: '13900000007' },
      vars: {
        name: 'invalid keys',
        dtmf: dtmfBlock([{ digit: '9', afterMs: 1500 }, { digit: '9', afterMs: 1200 }, { digit: '9', afterMs: 1200 }]),
        bye_timeout_ms: 20_000,
      },
      timeoutSec: 60,
    });
    expect(caller.errors).toBe('');
    expect(caller).toMatchObject({ code: 0, successful: 1 });
    const call = await callOf('13900000007');
    expect(call.queuedAt).toBeNull();
    const finished = await ivrFinished(stack, call.callId);
    expect(finished).toMatchObject({ outcome: 'hung_up' });
    expect(finished.path.slice(-2)).toEqual(['main', 'goodbye']);
  });

  it('8. GET /kpis gives the answer rate and 15 s / 30 s rates of exactly these calls', async () => {
    const calls = (await stack.api<{ calls: Call[] }>('/calls?limit=1000')).body.calls.filter((c) => c.queuedAt !== null);
    const offered = calls.length;
    const answered = calls.filter((c) => c.answeredAt !== null).length;
    const within = (sec: string) => calls.filter((c) => c.serviceLevel?.[sec]).length;
    expect(offered).toBeGreaterThan(0);
    const day = DateTime.now().setZone('Asia/Shanghai').startOf('day');
    const query = `/kpis?from=${encodeURIComponent(day.toISO()!)}&to=${encodeURIComponent(day.plus({ days: 1 }).toISO()!)}&granularity=day`;
    type Kpi = { value: number | null; numerator: number; denominator: number };
    const kpis = await waitFor(async () => {
      const r = await stack.api<{ buckets: { kpis: Record<string, Kpi> }[] }>(query, { headers: bearer(E2E_ADMIN_TOKEN) });
      const k = r.body.buckets?.[0]?.kpis;
      return k && k.answerRate?.denominator === offered ? k : undefined;
    }, 'the rollups of every call', 15_000);
    expect(kpis.answerRate).toMatchObject({ numerator: answered, denominator: offered });
    expect(kpis.serviceLevel15s).toMatchObject({ numerator: within('15'), denominator: offered });
    expect(kpis.serviceLevel30s).toMatchObject({ numerator: within('30'), denominator: offered });
  });
});
