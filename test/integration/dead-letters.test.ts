// Issue 8: events the aggregator cannot apply are dead letters, listed and replayable over the
// API (GET /admin/dead-letters, POST /admin/dead-letters/:id/replay); the rest of their batch
// is written. Real BullMQ, real Postgres, the aggregator and the API as processes.
import { BATCH_JOB, BullmqEventPublisher, newEvent, type EventBatch } from '@hotline/events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { E2E_ADMIN_TOKEN, bearer, userToken } from '../support/api-users.js';
import { startStack, type Stack } from '../support/stack.js';
import { waitFor } from '../support/wait.js';

interface DeadLetter { id: string; source: string; eventId: string | null; eventType: string | null; reason: string; failedAt: string; replays: number; replayedAt: string | null; payload: Record<string, unknown> }
interface DeadLetterPage { deadLetters: DeadLetter[]; nextCursor: string | null }

describe('dead letters', () => {
  let stack: Stack;
  let publisher: BullmqEventPublisher;
  const admin = bearer(E2E_ADMIN_TOKEN, true);
  const list = (query = '') => stack.api<DeadLetterPage>(`/admin/dead-letters${query}`, { headers: admin });
  const callRow = (callId: string) => stack.database.db.selectFrom('calls').selectAll().where('call_id', '=', callId).executeTakeFirst();
  const letterOf = async (eventId: string) => (await list()).body.deadLetters.find((d) => d.eventId === eventId);

  beforeAll(async () => {
    stack = await startStack({ services: ['kpi-aggregator', 'api'], asterisk: false, env: { ADMIN_TOKEN: E2E_ADMIN_TOKEN } });
    publisher = new BullmqEventPublisher({ url: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379/0' }, stack.env.REDIS_PREFIX!);
  });
  afterAll(async () => {
    await publisher?.close();
    await stack?.stop();
  });

  it('a malformed event in a batch is listed with its reason; the rest of the batch is written; a corrected replay is written', async () => {
    const before = newEvent('test', { type: 'call.arrived', callId: 'dl-ok-1', caller: '139', dialed: '12345', channelId: 'ch1' });
    const after = newEvent('test', { type: 'call.ended', callId: 'dl-ok-1', cause: 'Normal Clearing' });
    // A producer bug: call.queued without its queue.
    const malformed: Record<string, unknown> & { eventId: string; at: string } = newEvent('test', { type: 'call.queued', callId: 'dl-bad-1', queueId: 'q1', skill: 'q1', priority: 0 });
    delete malformed.queueId;
    const batch: EventBatch = { v: 1, events: [before, malformed, after] };
    await publisher.queue.add(BATCH_JOB, batch, { jobId: 'dl-test-batch-1' });

    const written = await waitFor(async () => (await callRow('dl-ok-1'))?.ended_at ? callRow('dl-ok-1') : undefined, 'the valid events of the batch');
    expect(written?.arrived_at?.toISOString()).toBe(before.at);
    const letter = await waitFor(() => letterOf(malformed.eventId), 'the dead letter in the list');
    expect(letter).toMatchObject({ source: 'dl-test-batch-1#1', eventType: 'call.queued', replays: 0, replayedAt: null, payload: malformed });
    expect(letter.reason).toMatch(/^malformed event: queueId: /);
    expect(await callRow('dl-bad-1')).toBeUndefined();

    // The stored payload is still malformed: refused with the reason, nothing enqueued.
    const stale = await stack.api<{ message: string }>(`/admin/dead-letters/${letter.id}/replay`, { method: 'POST', headers: admin, body: '{}' });
    expect(stale.status).toBe(409);
    expect(stale.body.message).toMatch(/queueId/);
    const wrong = await stack.api(`/admin/dead-letters/${letter.id}/replay`, { method: 'POST', headers: admin, body: JSON.stringify({ payload: { ...malformed, queueId: 7 } }) });
    expect(wrong.status).toBe(400);

    const replay = await stack.api<{ eventId: string; jobId: string; replays: number }>(`/admin/dead-letters/${letter.id}/replay`, {
      method: 'POST',
      headers: admin,
      body: JSON.stringify({ payload: { ...malformed, queueId: 'q1' } }),
    });
    expect(replay.status).toBe(202);
    expect(replay.body).toMatchObject({ eventId: malformed.eventId, replays: 1 });
    const fixed = await waitFor(async () => (await callRow('dl-bad-1')) ?? undefined, 'the replayed event written');
    expect(fixed).toMatchObject({ queue_id: 'q1' });
    expect(fixed.queued_at?.toISOString()).toBe(malformed.at);
    expect((await list('?state=replayed')).body.deadLetters.map((d) => d.id)).toContain(letter.id);
    expect((await list('?state=open')).body.deadLetters.map((d) => d.id)).not.toContain(letter.id);
  });

  it('an event Postgres refuses is isolated from its batch, dead-lettered with the reason, and written after a fixed replay', async () => {
    const poisoned = newEvent('test', { type: 'call.arrived', callId: 'dl-nul-1', caller: '139\u0000', dialed: '12345', channelId: 'ch2' });
    const neighbours = Array.from({ length: 5 }, (_, i) => newEvent('test', { type: 'call.ended', callId: `dl-nb-${i}`, cause: 'Normal Clearing' }));
    await Promise.all([...neighbours.slice(0, 2), poisoned, ...neighbours.slice(2)].map((e) => publisher.publish(e)));

    for (const n of neighbours) await waitFor(async () => (await callRow(n.callId)) ?? undefined, `neighbour ${n.callId}`);
    const letter = await waitFor(() => letterOf(poisoned.eventId), 'the refused event in the list');
    expect(letter.reason).toMatch(/^refused by Postgres: /);
    expect(letter.payload).toMatchObject({ caller: '139\u0000' });
    const logs = stack.services.get('kpi-aggregator')!.logs;
    expect(logs.some((l) => l.msg === 'event dead-lettered' && l.eventId === poisoned.eventId)).toBe(true);

    const replay = await stack.api(`/admin/dead-letters/${letter.id}/replay`, { method: 'POST', headers: admin, body: JSON.stringify({ payload: { ...poisoned, caller: '139' } }) });
    expect(replay.status).toBe(202);
    const row = await waitFor(async () => (await callRow('dl-nul-1')) ?? undefined, 'the fixed event written');
    expect(row.caller).toBe('139');
  });

  it('a batch job that is no batch at all is listed whole', async () => {
    await publisher.queue.add(BATCH_JOB, { v: 2, events: 'nope' }, { jobId: 'dl-test-not-a-batch' });
    const letter = await waitFor(async () => (await list()).body.deadLetters.find((d) => d.source === 'dl-test-not-a-batch#job'), 'the job in the list');
    expect(letter).toMatchObject({ eventId: null, eventType: null, payload: { v: 2, events: 'nope' } });
    expect(letter.reason).toMatch(/malformed batch job/);
  });

  it('pages newest first with a cursor', async () => {
    const all = (await list()).body.deadLetters;
    expect(all.length).toBeGreaterThanOrEqual(2);
    const first = await list('?limit=1');
    expect(first.body.deadLetters.map((d) => d.id)).toEqual([all[0]!.id]);
    const second = await list(`?limit=1&cursor=${encodeURIComponent(first.body.nextCursor!)}`);
    expect(second.body.deadLetters.map((d) => d.id)).toEqual([all[1]!.id]);
    expect((await list('?cursor=nonsense')).status).toBe(400);
  });

  it('is for admins only', async () => {
    expect((await stack.api('/admin/dead-letters', {}, { anonymous: true })).status).toBe(401);
    const supervisor = await userToken(stack, 'dl-supervisor', 'supervisor');
    expect((await stack.api('/admin/dead-letters', { headers: bearer(supervisor) })).status).toBe(403);
    expect((await stack.api('/admin/dead-letters/1/replay', { method: 'POST', headers: bearer(supervisor, true), body: '{}' })).status).toBe(403);
    expect((await stack.api('/admin/dead-letters/999999/replay', { method: 'POST', headers: admin, body: '{}' })).status).toBe(404);
  });
});
