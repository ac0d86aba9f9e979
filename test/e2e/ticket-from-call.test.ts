import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixture } from '../support/env.js';
import { runSipp } from '../support/sipp.js';
import { startStack, type Stack } from '../support/stack.js';
import { waitFor } from '../support/wait.js';

const ADMIN_TOKEN = 'e2e-admin-token-0123456789';
const CALLER = '13800000009';

describe('a ticket written from a SIPp-handled call', () => {
  let stack: Stack;
  const request = (token: string, method: string, path: string, body?: unknown) =>
    stack.api<any>(path, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });

  beforeAll(async () => {
    stack = await startStack({ env: { IVR_FILE: fixture('ivr-greeting.json'), ADMIN_TOKEN } });
  });
  afterAll(async () => stack?.stop());

  it('links to the call, takes the calling line as contact, shows in the caller history, and its event reaches Postgres', async () => {
    const sipp = await runSipp({ scenario: 'caller-hungup-by-server.xml', service: '12345', keys: { caller: CALLER } });
    expect(sipp).toMatchObject({ code: 0, successful: 1, failed: 0 });
    const call = await waitFor(
      async () => (await stack.api<{ calls: { callId: string; caller: string; endedAt: string | null }[] }>('/calls')).body.calls.find((c) => c.caller === CALLER && c.endedAt),
      'the call in /calls',
    );

    expect((await request(ADMIN_TOKEN, 'PUT', '/admin/users/agent7', { name: '7号话务员', role: 'agent' })).status).toBe(200);
    const key = await request(ADMIN_TOKEN, 'POST', '/admin/users/agent7/keys', {});
    const agent = (path: string, body?: unknown) => request(key.body.token, body === undefined ? 'GET' : 'POST', path, body);

    const created = await agent('/tickets', {
      source: 'phone',
      callId: call.callId,
      callerName: '陈先生',
      location: '海口市龙华区国贸路',
      event: '路灯不亮',
      request: '请尽快维修',
      category: 'help',
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    // No recordings table exists yet: the link is stored as null until recordings are kept (a later issue).
    expect(created.body).toMatchObject({ callId: call.callId, callerNumber: CALLER, contact: CALLER, recordingId: null, state: 'draft' });

    const byCall = await agent(`/tickets?callId=${encodeURIComponent(call.callId)}`);
    expect(byCall.body.tickets.map((t: { id: string }) => t.id)).toEqual([created.body.id]);

    const history = await agent(`/callers/${CALLER}/history`);
    expect(history.body.calls.map((c: { callId: string }) => c.callId)).toContain(call.callId);
    expect(history.body.tickets.map((t: { id: string }) => t.id)).toContain(created.body.id);

    // ticket.created went API -> outbox -> BullMQ -> aggregator -> Postgres.
    await waitFor(async () => {
      const rows = await stack.database.db.selectFrom('call_events').select(['type', 'payload']).where('type', '=', 'ticket.created').execute();
      return rows.find((r) => (r.payload as { ticketId?: string }).ticketId === created.body.id);
    }, 'ticket.created in call_events');
  });
});
