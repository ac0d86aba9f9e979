import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agentPhone, makeReady, release } from '../support/agents.js';
import { callFeaturesEnv } from '../support/call-features.js';
import { bearer, userToken } from '../support/api-users.js';
import { dtmfBlock } from '../support/dtmf.js';
import { callIdOf, eventOf } from '../support/events.js';
import { LOCK_WAIT_MS } from '../support/lock-wait.js';
import { runSipp, type SippProcess } from '../support/sipp.js';
import { startStack, type Stack } from '../support/stack.js';
import { waitFor } from '../support/wait.js';

const CALLER = '13800000009';

describe('a ticket written from a SIPp-handled call', () => {
  let stack: Stack;
  let phone: SippProcess | undefined;

  beforeAll(async () => {
    stack = await startStack({
      env: {
        ...callFeaturesEnv,
        // Import stored recordings every second instead of every 30 s.
        RECORDING_SYNC_SEC: '1',
      },
    });
  }, LOCK_WAIT_MS);
  afterAll(async () => {
    await phone?.stop();
    await stack?.stop();
  });

  it("links to the call and its recording, takes the calling line as contact, shows in the caller history, and its event reaches Postgres", async () => {
    // Agent a7 answers after 0.5 s and talks until the caller hangs up 6 s after being queued.
    phone = agentPhone(7, { answerAfterMs: 500 });
    await makeReady(stack, 'a7');
    const caller = await runSipp({
      scenario: 'caller-keys-then-hangs-up.xml',
      service: '12345',
      keys: { caller: CALLER },
      vars: { name: 'talks to a7', dtmf: dtmfBlock([]), hangup_after_ms: 6000 },
      timeoutSec: 60,
    });
    expect(caller).toMatchObject({ code: 0, successful: 1 });
    const callId = await callIdOf(stack, CALLER);
    const { recordingId } = await eventOf<{ recordingId: string }>(stack, callId, 'recording.stored', 20_000);
    await waitFor(
      async () => (await stack.database.db.selectFrom('recordings').select('recording_id').where('call_id', '=', callId).executeTakeFirst()) ?? undefined,
      'the recording imported by the API',
    );

    const token = await userToken(stack, 'agent7', 'agent');
    const created = await stack.api<any>('/tickets', {
      method: 'POST',
      headers: bearer(token, true),
      body: JSON.stringify({ source: 'phone', callId, callerName: '陈先生', location: '海口市龙华区国贸路', event: '路灯不亮', request: '请尽快维修', category: 'help' }),
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toMatchObject({ callId, recordingId, callerNumber: CALLER, contact: CALLER, state: 'draft' });

    const byCall = await stack.api<any>(`/tickets?callId=${encodeURIComponent(callId)}`, { headers: bearer(token) });
    expect(byCall.body.tickets.map((t: { id: string }) => t.id)).toEqual([created.body.id]);
    const history = await stack.api<any>(`/callers/${CALLER}/history`, { headers: bearer(token) });
    expect(history.body.calls.map((c: { callId: string }) => c.callId)).toContain(callId);
    expect(history.body.tickets.map((t: { id: string }) => t.id)).toContain(created.body.id);

    // ticket.created went API -> outbox -> BullMQ -> aggregator -> Postgres.
    await waitFor(async () => {
      const rows = await stack.database.db.selectFrom('call_events').select('payload').where('type', '=', 'ticket.created').execute();
      return rows.find((r) => (r.payload as { ticketId?: string }).ticketId === created.body.id);
    }, 'ticket.created in call_events');
    await release(stack, 'a7');
  });
});
