import { describe, expect, it } from 'vitest';
import { isDataRefusal, writeIsolatingRefused } from './isolate-refused.js';

const refusal = Object.assign(new Error('unsupported Unicode escape sequence'), { code: '22P05' });

describe('writeIsolatingRefused', () => {
  it('writes a clean batch in one go', async () => {
    const writes: number[][] = [];
    await writeIsolatingRefused([1, 2, 3], async (xs) => void writes.push([...xs]), isDataRefusal, async () => undefined);
    expect(writes).toEqual([[1, 2, 3]]);
  });

  it('isolates the refused items and writes every other one, in order', async () => {
    const written: number[] = [];
    const refused: number[] = [];
    const bad = new Set([3, 6]);
    await writeIsolatingRefused(
      [1, 2, 3, 4, 5, 6, 7],
      async (xs) => {
        if (xs.some((x) => bad.has(x))) throw refusal;
        written.push(...xs);
      },
      isDataRefusal,
      async (x, err) => {
        expect(err).toBe(refusal);
        refused.push(x);
      },
    );
    expect(written).toEqual([1, 2, 4, 5, 7]);
    expect(refused).toEqual([3, 6]);
  });

  it('throws what is not a refusal of the data (a retry may succeed)', async () => {
    const down = Object.assign(new Error('Connection terminated'), { code: undefined });
    await expect(writeIsolatingRefused([1, 2], async () => Promise.reject(down), isDataRefusal, async () => undefined)).rejects.toBe(down);
  });
});

describe('isDataRefusal', () => {
  it('is true for data, integrity and limit errors only', () => {
    expect(['22P05', '22001', '23505', '54000'].map((code) => isDataRefusal({ code }))).toEqual([true, true, true, true]);
    expect(['08006', '57P01', '40P01', undefined].map((code) => isDataRefusal({ code }))).toEqual([false, false, false, false]);
    expect(isDataRefusal(null)).toBe(false);
  });
});
