import { describe, expect, it } from 'vitest';
import type { KeyOwner } from '../repositories/users-repository.js';
import { KeyOwnerCache } from './key-owner-cache.js';

const owner = (role: KeyOwner['role']): KeyOwner => ({ id: 'u1', role, department: null, expiresAt: new Date(10_000) });

function setup(ttlMs: number) {
  let clock = 0;
  const stored = new Map<string, KeyOwner>([['t1', owner('agent')]]);
  const lookups: string[] = [];
  const cache = new KeyOwnerCache(
    ttlMs,
    async (token) => {
      lookups.push(token);
      return stored.get(token);
    },
    () => clock,
  );
  return { cache, stored, lookups, advance: (ms: number) => (clock += ms) };
}

describe('KeyOwnerCache', () => {
  it('looks a found key up once per ttl', async () => {
    const { cache, stored, lookups, advance } = setup(1000);
    expect((await cache.find('t1'))?.role).toBe('agent');
    stored.set('t1', owner('admin'));
    advance(999);
    expect((await cache.find('t1'))?.role).toBe('agent');
    advance(1);
    expect((await cache.find('t1'))?.role).toBe('admin');
    expect(lookups).toEqual(['t1', 't1']);
  });

  it('looks an unknown token up every time, so a key issued meanwhile works at once', async () => {
    const { cache, stored, lookups } = setup(1000);
    expect(await cache.find('t2')).toBeUndefined();
    stored.set('t2', owner('qa'));
    expect((await cache.find('t2'))?.role).toBe('qa');
    expect(lookups).toEqual(['t2', 't2']);
  });

  it('forget() makes the next request look again (revoked key, deactivated user)', async () => {
    const { cache, stored } = setup(60_000);
    await cache.find('t1');
    stored.delete('t1');
    cache.forget();
    expect(await cache.find('t1')).toBeUndefined();
  });

  it('does not keep an owner whose lookup a forget() overtook', async () => {
    const pending: ((o: KeyOwner | undefined) => void)[] = [];
    const cache = new KeyOwnerCache(60_000, () => new Promise((resolve) => pending.push(resolve)));
    const first = cache.find('t1');
    cache.forget();
    pending[0]!(owner('agent'));
    expect((await first)?.role).toBe('agent');
    const second = cache.find('t1');
    expect(pending).toHaveLength(2);
    pending[1]!(undefined);
    expect(await second).toBeUndefined();
  });

  it('with ttl 0, every request is a lookup', async () => {
    const { cache, lookups } = setup(0);
    await cache.find('t1');
    await cache.find('t1');
    expect(lookups).toEqual(['t1', 't1']);
  });
});
