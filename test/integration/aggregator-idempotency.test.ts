import { BullmqEventPublisher, newEvent } from '@hotline/events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type Stack } from '../support/stack.js';
import { waitFor } from '../support/wait.js';

describe('aggregator through real BullMQ into real Postgres', () => {
  let stack: Stack;
  let publisher: BullmqEventPublisher;
  beforeAll(async () => {
    stack = await startStack({ services: ['kpi-aggregator'], asterisk: false });
    publisher = new BullmqEventPublisher({ url: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379/0' }, stack.env.REDIS_PREFIX!);
  });
  afterAll(async () => {
    await publisher?.close();
    await stack?.stop();
  });

  it('writes a call once however often and in whatever order its events arrive', async () => {
    const t = (s: number) => new Date(Date.UTC(2026, 10, 25, 1, 0, s));
    const arrived = newEvent('test', { type: 'call.arrived', callId: 'idem-1', caller: '139', dialed: '12345', channelId: 'idem-1' }, t(0));
    const answered = newEvent('test', { type: 'call.answered', callId: 'idem-1', party: 'ivr' }, t(1));
    const ended = newEvent('test', { type: 'call.ended', callId: 'idem-1', cause: 'Normal Clearing' }, t(9));
    for (const e of [ended, answered, arrived, ended, arrived]) await publisher.publish(e);
    // A redelivery BullMQ would not dedupe (a new job id, same event id).
    await publisher.queue.add('call.ended', ended, { jobId: `${ended.eventId}-again` });

    const db = stack.database.db;
    const row = await waitFor(
      async () => (await db.selectFrom('calls').selectAll().where('call_id', '=', 'idem-1').where('ended_at', 'is not', null).where('arrived_at', 'is not', null).executeTakeFirst()) ?? undefined,
      'the merged call row',
    );
    expect(row).toMatchObject({ caller: '139', dialed: '12345', end_cause: 'Normal Clearing' });
    expect(row.arrived_at?.toISOString()).toBe(arrived.at);
    expect(row.ivr_answered_at?.toISOString()).toBe(answered.at);
    expect(row.ended_at?.toISOString()).toBe(ended.at);
    await new Promise((r) => setTimeout(r, 300));
    const events = await db.selectFrom('call_events').select(['event_id']).where('call_id', '=', 'idem-1').execute();
    expect(events).toHaveLength(3);
  });

  it('parks a malformed event instead of writing it, and keeps consuming', async () => {
    await publisher.queue.add('call.arrived', { type: 'call.arrived', callId: 'bad' }, { jobId: 'malformed-1' });
    const good = newEvent('test', { type: 'call.ended', callId: 'after-bad', cause: 'x' });
    await publisher.publish(good);
    await waitFor(async () => (await stack.database.db.selectFrom('calls').select('call_id').where('call_id', '=', 'after-bad').executeTakeFirst()) ?? undefined, 'the good event');
    const job = await publisher.queue.getJob('malformed-1');
    expect(await job?.getState()).toBe('failed');
    expect(job?.failedReason).toMatch(/malformed event/);
    const bad = await stack.database.db.selectFrom('calls').select('call_id').where('call_id', '=', 'bad').executeTakeFirst();
    expect(bad).toBeUndefined();
  });
});
