import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asteriskCli } from '../support/asterisk.js';
import { errorLines } from '../support/services.js';
import { runSipp } from '../support/sipp.js';
import { startStack, type Stack } from '../support/stack.js';
import { waitFor } from '../support/wait.js';
import { fixture } from '../support/env.js';

interface CallRow {
  callId: string;
  caller: string;
  dialed: string;
  arrivedAt: string;
  ivrAnsweredAt: string | null;
  endedAt: string | null;
  endCause: string | null;
}

const callsOf = async (stack: Stack, caller: string) =>
  (await stack.api<{ calls: CallRow[] }>('/calls?limit=100')).body.calls.filter((c) => c.caller === caller);

describe('a SIPp call through Asterisk, the controller, BullMQ and Postgres', () => {
  let stack: Stack;
  // About 8 s of prompt: long enough to kill the controller in the middle of it.
  beforeAll(async () => {
    stack = await startStack({ env: { IVR_FILE: fixture('ivr-greeting.json') } });
  });
  afterAll(async () => stack?.stop());

  it('answers, greets, hangs up, and the call reaches GET /calls', async () => {
    const started = Date.now();
    const sipp = await runSipp({ scenario: 'caller-hungup-by-server.xml', service: '12345', keys: { caller: '13800000001' } });
    expect(sipp.errors).toBe('');
    expect(sipp).toMatchObject({ code: 0, successful: 1, failed: 0 });

    const call = await waitFor(async () => (await callsOf(stack, '13800000001')).find((c) => c.endedAt), 'the ended call in /calls');
    expect(call.dialed).toBe('12345');
    const arrived = Date.parse(call.arrivedAt);
    const answered = Date.parse(call.ivrAnsweredAt!);
    const ended = Date.parse(call.endedAt!);
    expect(arrived).toBeGreaterThanOrEqual(started - 1000);
    expect(answered).toBeGreaterThanOrEqual(arrived);
    // The greeting plays for about 8 s between answer and hang-up.
    expect(ended - answered).toBeGreaterThan(6000);
    expect(ended).toBeLessThanOrEqual(Date.now());

    const one = await stack.api<CallRow>(`/calls/${encodeURIComponent(call.callId)}`);
    expect(one.status).toBe(200);
    expect(one.body.callId).toBe(call.callId);

    const events = await stack.database.db.selectFrom('call_events').select('type').where('call_id', '=', call.callId).execute();
    expect(events.map((e) => e.type).sort()).toEqual(['call.answered', 'call.arrived', 'call.ended', 'call.ivr_finished']);
  });

  it('plays the greeting to an A-law caller from its A-law copy, without transcoding', async () => {
    const inFlight = runSipp({ scenario: 'caller-hungup-by-server.xml', service: '12345', keys: { caller: '13800000004' } });
    await waitFor(async () => (await callsOf(stack, '13800000004'))[0]?.ivrAnsweredAt ?? undefined, 'the greeting to start');
    const trunk = await waitFor(async () => asteriskCli('core show channels concise').match(/^(PJSIP\/trunk-[^!]+)!/m)?.[1], 'the caller in Asterisk');
    // The file is written to the channel as it is stored: no GSM decoder and no A-law encoder per call.
    const shown = await waitFor(async () => {
      const info = asteriskCli(`core show channel ${trunk}`);
      return /WriteFormat: alaw/.test(info) ? info : undefined;
    }, 'the greeting playing');
    expect(shown).toMatch(/WriteTranscode: No/);
    expect((await inFlight).successful).toBe(1);
  });

  it('survives a controller killed mid-call: reconnects, finishes that call, takes the next', async () => {
    const inFlight = runSipp({ scenario: 'caller-hungup-by-server.xml', service: '12345', keys: { caller: '13800000002' } });
    await waitFor(async () => (await callsOf(stack, '13800000002'))[0], 'the call to arrive');
    const restarted = await stack.restart('ari-controller', 'SIGKILL');

    const first = await inFlight;
    expect(first.errors).toBe('');
    expect(first).toMatchObject({ code: 0, successful: 1 });
    await waitFor(async () => (await callsOf(stack, '13800000002')).find((c) => c.endedAt), 'the resumed call to end');

    const next = await runSipp({ scenario: 'caller-hungup-by-server.xml', service: '12345', keys: { caller: '13800000003' } });
    expect(next).toMatchObject({ code: 0, successful: 1 });
    await waitFor(async () => (await callsOf(stack, '13800000003')).find((c) => c.endedAt), 'the next call');
    expect(restarted.logs.some((l) => l.msg === 'resuming a call left by a previous controller')).toBe(true);
    expect(errorLines(restarted)).toEqual([]);
  });
});
