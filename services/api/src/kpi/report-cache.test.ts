import { describe, expect, it } from 'vitest';
import { ReportCache } from './report-cache.js';

function counter() {
  let runs = 0;
  return {
    compute: (value = 'v') => () => {
      runs++;
      return Promise.resolve(`${value}${runs}`);
    },
    get runs() {
      return runs;
    },
  };
}

describe('ReportCache', () => {
  it('reuses a result for ttlMs from when its computation started, then computes again', async () => {
    let now = 1_000;
    const cache = new ReportCache<string>(500, () => now);
    const c = counter();
    expect(await cache.get('k', c.compute())).toBe('v1');
    now += 499;
    expect(await cache.get('k', c.compute())).toBe('v1');
    now += 1;
    expect(await cache.get('k', c.compute())).toBe('v2');
    expect(c.runs).toBe(2);
  });

  it('keeps keys apart', async () => {
    const cache = new ReportCache<string>(500, () => 0);
    const c = counter();
    expect(await cache.get('a', c.compute('a'))).toBe('a1');
    expect(await cache.get('b', c.compute('b'))).toBe('b2');
    expect(await cache.get('a', c.compute('a'))).toBe('a1');
  });

  it('gives concurrent requests for a key one computation', async () => {
    const cache = new ReportCache<string>(500, () => 0);
    let release: (v: string) => void = () => undefined;
    let runs = 0;
    const slow = () => {
      runs++;
      return new Promise<string>((resolve) => (release = resolve));
    };
    const both = Promise.all([cache.get('k', slow), cache.get('k', slow)]);
    release('done');
    expect(await both).toEqual(['done', 'done']);
    expect(runs).toBe(1);
  });

  it('does not keep a failure', async () => {
    const cache = new ReportCache<string>(500, () => 0);
    await expect(cache.get('k', () => Promise.reject(new Error('db down')))).rejects.toThrow('db down');
    expect(await cache.get('k', () => Promise.resolve('ok'))).toBe('ok');
  });

  it('computes every time with ttlMs 0', async () => {
    const cache = new ReportCache<string>(0, () => 0);
    const c = counter();
    await cache.get('k', c.compute());
    await cache.get('k', c.compute());
    expect(c.runs).toBe(2);
  });

  it('drops expired entries, then the oldest, when full', async () => {
    let now = 0;
    const cache = new ReportCache<string>(100, () => now, 2);
    const c = counter();
    await cache.get('a', c.compute('a'));
    now = 50;
    await cache.get('b', c.compute('b'));
    await cache.get('c', c.compute('c')); // full: 'a' is the oldest
    expect(await cache.get('b', c.compute('b'))).toBe('b2');
    expect(await cache.get('a', c.compute('a'))).toBe('a4');
  });
});
