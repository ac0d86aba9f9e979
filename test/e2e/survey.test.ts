import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeReady, release, SEAT_PORT_BASE } from '../support/agents.js';
import { callFeaturesEnv } from '../support/call-features.js';
import { dtmfBlock } from '../support/dtmf.js';
import { callIdOf, eventOf, eventsOf } from '../support/events.js';
import { errorLines } from '../support/services.js';
import { runSipp, startSipp, type SippProcess } from '../support/sipp.js';
import { LOCK_WAIT_MS } from '../support/lock-wait.js';
import { startStack, type Stack } from '../support/stack.js';

/** Agent a7's phone: answers after 500 ms, talks, then hangs up (the caller then hears the survey). */
const agentHangsUp = (talkMs: number): SippProcess =>
  startSipp({
    scenario: 'agent-talks-then-hangs-up.xml',
    target: '',
    port: SEAT_PORT_BASE + 7,
    vars: { answer_after_ms: 500, after_answer: '', talk_ms: talkMs },
    calls: 100,
    limit: 10,
    timeoutSec: 600,
  });

describe('post-call survey (real Asterisk + SIPp)', () => {
  let stack: Stack;
  let phone: SippProcess;

  beforeAll(async () => {
    stack = await startStack({ env: { ...callFeaturesEnv } });
    phone = agentHangsUp(3000);
  }, LOCK_WAIT_MS);
  afterAll(async () => {
    await phone?.stop();
    await stack?.stop();
  });

  it('the agent hangs up, the caller presses 1: satisfied, stored for the call and the agent', async () => {
    await makeReady(stack, 'a7');
    // Straight to queue A (no IVR key: SIPp replays the same pcap for a digit, and Asterisk drops a
    // second identical RFC 2833 event after the leg was bridged); talk ~0.5-3.5 s, key 1 at ~5.5 s.
    const caller = await runSipp({
      scenario: 'caller-keys-then-waits.xml',
      service: '12345',
      keys: { caller: '13700000001' },
      vars: { name: 'survey 1', dtmf: dtmfBlock([{ digit: '1', afterMs: 5500 }]), bye_timeout_ms: 20_000 },
      timeoutSec: 60,
    });
    expect(caller.errors).toBe('');
    expect(caller).toMatchObject({ code: 0, successful: 1 });
    const callId = await callIdOf(stack, '13700000001');
    expect(await eventOf(stack, callId, 'survey.answered')).toMatchObject({ agentId: 'a7', result: 'satisfied' });
    expect(await eventOf(stack, callId, 'call.ended')).toMatchObject({ endedBy: 'agent' });
    await release(stack, 'a7');
  });

  it('the agent hangs up, the caller hangs up during the survey: no_answer', async () => {
    await makeReady(stack, 'a7');
    const caller = await runSipp({
      scenario: 'caller-keys-then-hangs-up.xml',
      service: '12345',
      keys: { caller: '13700000002' },
      vars: { name: 'survey hang-up', dtmf: '', hangup_after_ms: 5500 },
      timeoutSec: 60,
    });
    expect(caller).toMatchObject({ code: 0, successful: 1 });
    const callId = await callIdOf(stack, '13700000002');
    expect(await eventOf(stack, callId, 'survey.answered')).toMatchObject({ agentId: 'a7', result: 'no_answer' });
    await release(stack, 'a7');
  });

  it('the caller hangs up while talking: no survey at all', async () => {
    await makeReady(stack, 'a7');
    const caller = await runSipp({
      scenario: 'caller-keys-then-hangs-up.xml',
      service: '12345',
      keys: { caller: '13700000003' },
      vars: { name: 'caller hangs up first', dtmf: '', hangup_after_ms: 2000 },
      timeoutSec: 60,
    });
    expect(caller).toMatchObject({ code: 0, successful: 1 });
    const callId = await callIdOf(stack, '13700000003');
    expect(await eventOf(stack, callId, 'call.ended')).toMatchObject({ endedBy: 'caller' });
    await eventOf(stack, callId, 'call.answered');
    expect(await eventsOf(stack, callId, 'survey.answered')).toEqual([]);
    await release(stack, 'a7');
    expect(errorLines(stack.services.get('ari-controller')!)).toEqual([]);
  });
});
