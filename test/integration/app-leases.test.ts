import { randomBytes } from 'node:crypto';
import { createLogger } from '@hotline/config';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { AppLeases, watchApps } from '../../services/ari-controller/src/ari/app-leases.js';
import { waitFor } from '../support/wait.js';

describe('Stasis app leases between controllers (real Redis)', () => {
  const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379/0');
  const prefix = `test-${randomBytes(4).toString('hex')}`;
  const log = createLogger('app-leases-test', 'silent');
  afterAll(async () => {
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length) await redis.del(...keys);
    redis.disconnect();
  });

  it('one holder per app; a peer takes only an app that was served and lapsed; release frees it at once', async () => {
    const a = new AppLeases(redis, prefix, 'A', 300);
    const b = new AppLeases(redis, prefix, 'B', 300);
    // Never served: a standby does not take the app of a peer that has not started yet.
    expect(await b.claim('app-1', true)).toBe(false);
    expect(await a.claim('app-1')).toBe(true);
    expect(await a.claim('app-1')).toBe(true); // renewal
    expect(await b.claim('app-1')).toBe(false);
    expect(await b.holder('app-1')).toBe('A');
    await new Promise((r) => setTimeout(r, 400)); // A stopped renewing: the lease lapsed
    expect(await b.claim('app-1', true)).toBe(true);
    expect(await a.claim('app-1')).toBe(false); // A is back: B keeps the app
    await b.release('app-1');
    expect(await a.claim('app-1')).toBe(true);
  });

  it('watchApps: each serves its own app; when one stops renewing the other takes its app over', async () => {
    const gainedA: string[] = [];
    const gainedB: string[] = [];
    const watchA = watchApps({ leases: new AppLeases(redis, prefix, 'A', 300), own: 'x', peers: ['y'], gained: (app) => gainedA.push(app), lost: () => undefined, log, everyMs: 100 });
    const watchB = watchApps({ leases: new AppLeases(redis, prefix, 'B', 300), own: 'y', peers: ['x'], gained: (app) => gainedB.push(app), lost: () => undefined, log, everyMs: 100 });
    await waitFor(async () => (gainedA.length === 1 && gainedB.length === 1 ? true : undefined), 'both serving');
    await new Promise((r) => setTimeout(r, 600));
    expect(gainedA).toEqual(['x']);
    expect(gainedB).toEqual(['y']);
    watchA.stop(); // A dies (no release)
    await waitFor(async () => (gainedB.includes('x') ? true : undefined), 'B took x over', 3000);
    expect(watchB.serving()).toEqual(['y', 'x']);
    watchB.stop();
  });
});
