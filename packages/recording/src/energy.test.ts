import { describe, expect, it } from 'vitest';
import { rmsPerWindow } from './energy.js';

describe('rmsPerWindow', () => {
  it('measures each channel per window', () => {
    // 2 frames per 1 ms window at 2 kHz: left is loud in the first window, right in the second.
    const pcm = { sampleRate: 2000, channels: 2, samples: Int16Array.from([100, 0, -100, 0, 0, 30, 0, -40]) };
    expect(rmsPerWindow(pcm, 0, 1)).toEqual([100, 0]);
    expect(rmsPerWindow(pcm, 1, 1)).toEqual([0, 35]);
  });

  it('refuses a channel the recording does not have', () => {
    expect(() => rmsPerWindow({ sampleRate: 8000, channels: 1, samples: new Int16Array(8) }, 1)).toThrow();
  });
});
