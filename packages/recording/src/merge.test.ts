import { describe, expect, it } from 'vitest';
import { mergeStereo } from './merge.js';

const mono = (...s: number[]) => ({ sampleRate: 1000, channels: 1, samples: Int16Array.from(s) });

describe('mergeStereo', () => {
  it('puts the caller left and the agent right, each at its start offset', () => {
    const out = mergeStereo(1000, [{ offsetMs: 0, pcm: mono(1, 2, 3) }], [{ offsetMs: 2, pcm: mono(9, 9) }]);
    expect(out.channels).toBe(2);
    expect(Array.from(out.samples)).toEqual([1, 0, 2, 0, 3, 9, 0, 9]);
  });

  it('mixes two agent legs on the right (a transfer) and clips instead of wrapping', () => {
    const out = mergeStereo(1000, [], [{ offsetMs: 0, pcm: mono(30000, 1) }, { offsetMs: 0, pcm: mono(30000, 1) }]);
    expect(Array.from(out.samples)).toEqual([0, 32767, 0, 2]);
  });

  it('refuses a stereo or other-rate input', () => {
    expect(() => mergeStereo(8000, [{ offsetMs: 0, pcm: mono(1) }], [])).toThrow(/1000 Hz/);
  });
});
