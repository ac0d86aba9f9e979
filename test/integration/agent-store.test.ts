import { randomBytes } from 'node:crypto';
import { parseReadyAnnouncement, RedisAgentStore } from '@hotline/state';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';

describe('agent state in real Redis', () => {
  const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379/0');
  const prefix = `test-${randomBytes(4).toString('hex')}`;
  afterAll(async () => {
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length) await redis.del(...keys);
    redis.disconnect();
  });

  it('fifty controllers racing to reserve one ready agent: exactly one wins', async () => {
    const stores = Array.from({ length: 50 }, () => new RedisAgentStore(redis.duplicate(), prefix));
    const store = stores[0]!;
    expect((await store.apply('a1', { type: 'sign_in' })).ok).toBe(true);
    expect((await store.apply('a1', { type: 'set_ready' })).ok).toBe(true);
    // Everyone read the same ready state, then tries to reserve it for a different call.
    const seen = await Promise.all(stores.map((s) => s.get('a1')));
    const results = await Promise.all(stores.map((s, i) => s.applyTo(seen[i]!, { type: 'reserve', callId: `call-${i}` })));
    const winners = results.filter((r) => r !== 'conflict' && r.ok);
    expect(winners).toHaveLength(1);
    expect(results.filter((r) => r === 'conflict')).toHaveLength(49);
    const final = await store.get('a1');
    expect(final.state).toMatchObject({ status: 'reserved', callId: (winners[0] as { to: { callId: string } }).to.callId });
    expect(final.v).toBe(3);
    await Promise.all(stores.map((s) => (s as unknown as { redis: Redis }).redis.quit()));
  });

  it('refuses an illegal change and leaves the state as it was', async () => {
    const store = new RedisAgentStore(redis, prefix);
    const r = await store.apply('a2', { type: 'set_ready' });
    expect(r).toMatchObject({ ok: false, code: 'illegal_transition' });
    expect((await store.get('a2')).v).toBe(0);
  });

  it('announces a ready agent on the pub/sub channel the controllers listen to', async () => {
    const sub = redis.duplicate();
    const got = new Promise<string>((resolve) => sub.on('message', (_c, m: string) => resolve(m)));
    await sub.subscribe(`${prefix}:agent-ready`);
    const store = new RedisAgentStore(redis, prefix);
    await store.apply('a3', { type: 'sign_in' });
    const ready = await store.apply('a3', { type: 'set_ready' });
    // The record just written, so a controller can reserve the agent without reading it.
    expect(ready.ok).toBe(true);
    expect(parseReadyAnnouncement(await got)).toEqual(ready.ok ? ready.record : null);
    expect(parseReadyAnnouncement(await got)).toMatchObject({ agentId: 'a3', v: 2, state: { status: 'ready' } });
    sub.disconnect();
  });
});
