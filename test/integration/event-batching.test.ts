// The producers' publisher against real Redis: several events per BullMQ job, in publish order.
import { BATCH_JOB, BullmqEventPublisher, eventsOfJob, newEvent, type HotlineEvent } from '@hotline/events';
import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379/0';
const ev = (i: number): HotlineEvent => newEvent('t', { type: 'call.ended', callId: `c${i}`, cause: 'Normal Clearing' });

describe('BullmqEventPublisher', () => {
  let publisher: BullmqEventPublisher | undefined;
  const open = (batching?: { maxEvents?: number; maxDelayMs?: number }) => (publisher = new BullmqEventPublisher({ url: REDIS_URL }, `test-${randomBytes(4).toString('hex')}`, batching));
  /** Every job's events, in the order the jobs were added. */
  async function jobsInOrder(p: BullmqEventPublisher): Promise<{ name: string; id: string; events: HotlineEvent[] }[]> {
    const jobs = await p.queue.getJobs(['waiting'], 0, -1, true);
    return jobs.map((j) => ({ name: j.name, id: j.id!, events: eventsOfJob(j.name, j.data) as HotlineEvent[] }));
  }
  afterEach(async () => {
    await publisher?.queue.obliterate({ force: true });
    await publisher?.close();
  });

  it('sends what is published together as batch jobs of at most maxEvents, in publish order', async () => {
    const p = open({ maxEvents: 500 });
    const events = Array.from({ length: 1200 }, (_, i) => ev(i));
    await Promise.all(events.map((e) => p.publish(e)));
    const jobs = await jobsInOrder(p);
    expect(jobs.map((j) => j.name)).toEqual([BATCH_JOB, BATCH_JOB, BATCH_JOB]);
    expect(jobs.map((j) => j.events.length)).toEqual([500, 500, 200]);
    expect(jobs.flatMap((j) => j.events.map((e) => e.eventId))).toEqual(events.map((e) => e.eventId));
    expect(jobs[0]!.id.startsWith(`b-${events[0]!.eventId}-`)).toBe(true);
  });

  it('resolves each publish once its batch is in Redis; one after another, each waits at most the window', async () => {
    const p = open({ maxDelayMs: 2 });
    const started = performance.now();
    for (let i = 0; i < 5; i++) {
      const e = ev(i);
      await p.publish(e);
      expect((await jobsInOrder(p)).flatMap((j) => j.events.map((x) => x.eventId))).toContain(e.eventId);
    }
    expect(performance.now() - started).toBeLessThan(2000);
    expect((await jobsInOrder(p)).map((j) => j.events.length)).toEqual([1, 1, 1, 1, 1]);
  });

  it('refuses an invalid event without holding back the others, and adds the same batch once', async () => {
    const p = open();
    const good = [ev(1), ev(2)];
    const results = await Promise.allSettled([p.publish(good[0]!), p.publish({ ...ev(3), callId: '' } as HotlineEvent), p.publish(good[1]!)]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    await Promise.all(good.map((e) => p.publish(e))); // a producer retrying the very same batch
    const jobs = await jobsInOrder(p);
    expect(jobs.map((j) => j.events.map((e) => e.eventId))).toEqual([good.map((e) => e.eventId)]);
  });

  it('close() adds what is still waiting for its window', async () => {
    const p = open({ maxDelayMs: 10_000 });
    const e = ev(1);
    const published = p.publish(e);
    const probe = new BullmqEventPublisher({ url: REDIS_URL }, (p.queue.opts.prefix as string));
    await p.close();
    await published;
    publisher = probe;
    expect((await jobsInOrder(probe)).flatMap((j) => j.events.map((x) => x.eventId))).toEqual([e.eventId]);
  });
});
