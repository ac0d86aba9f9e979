import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type Stack } from '../support/stack.js';

describe('GET /calls validation and /healthz', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ services: ['api'], asterisk: false, env: { ARI_URL: 'http://127.0.0.1:1' } });
    await stack.database.db
      .insertInto('calls')
      .values([
        { call_id: 'a', caller: '1', arrived_at: '2026-11-01T00:00:00Z' },
        { call_id: 'b', caller: '2', arrived_at: '2026-11-02T00:00:00Z' },
      ])
      .execute();
  });
  afterAll(async () => stack?.stop());

  it('filters by [from, to)', async () => {
    const r = await stack.api<{ calls: { callId: string }[] }>('/calls?from=2026-11-01T00:00:00Z&to=2026-11-02T00:00:00Z');
    expect(r.status).toBe(200);
    expect(r.body.calls.map((c) => c.callId)).toEqual(['a']);
  });

  it('gives the 20 newest calls by default, up to `limit` when asked', async () => {
    await stack.database.db
      .insertInto('calls')
      .values(Array.from({ length: 25 }, (_, i) => ({ call_id: `d${i}`, caller: '3', arrived_at: new Date(Date.UTC(2026, 9, 1, 0, i)) })))
      .execute();
    const byDefault = await stack.api<{ calls: { callId: string }[] }>('/calls');
    expect(byDefault.body.calls.map((c) => c.callId)).toEqual(['b', 'a', ...Array.from({ length: 18 }, (_, i) => `d${24 - i}`)]);
    expect((await stack.api<{ calls: unknown[] }>('/calls?limit=1000')).body.calls).toHaveLength(27);
  });

  it.each([
    ['from=yesterday', 'querystring.from'],
    ['limit=0', 'querystring.limit'],
    ['limit=abc', 'querystring.limit'],
    ['from=2026-11-02T00:00:00Z&to=2026-11-01T00:00:00Z', '"from" must be before "to"'],
  ])('rejects %s with 400 naming the problem', async (query, reason) => {
    const r = await stack.api<{ message: string }>(`/calls?${query}`);
    expect(r.status).toBe(400);
    expect(r.body.message).toContain(reason);
  });

  it('404 for an unknown call', async () => {
    expect((await stack.api('/calls/nope')).status).toBe(404);
  });

  it('healthz reports the dependency that is down', async () => {
    const r = await stack.api<{ status: string; checks: Record<string, string> }>('/healthz');
    expect(r.status).toBe(503);
    expect(r.body.checks).toMatchObject({ postgres: 'ok', redis: 'ok' });
    expect(r.body.checks.ari).toMatch(/^down/);
  });

  it('healthz tells an anonymous caller the status only, and /calls wants a key', async () => {
    const anonymous = await stack.api<Record<string, unknown>>('/healthz', {}, { anonymous: true });
    expect(anonymous).toEqual({ status: 503, body: { status: 'degraded' } });
    expect((await stack.api('/calls', {}, { anonymous: true })).status).toBe(401);
  });
});
