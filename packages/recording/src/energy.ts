import type { Pcm16 } from './wav.js';

/**
 * Root-mean-square level of one channel in consecutive windows (e.g. per second), on the
 * 16-bit scale: speech is in the hundreds to thousands, digital silence 0. Used to prove
 * which side of a recording carries whose voice, and when.
 */
export function rmsPerWindow(pcm: Pcm16, channel: number, windowMs = 1000): number[] {
  if (channel < 0 || channel >= pcm.channels) throw new Error(`no channel ${channel} in a ${pcm.channels}-channel recording`);
  const perWindow = Math.max(1, Math.round((pcm.sampleRate * windowMs) / 1000));
  const frames = Math.floor(pcm.samples.length / pcm.channels);
  const out: number[] = [];
  for (let start = 0; start < frames; start += perWindow) {
    const end = Math.min(frames, start + perWindow);
    let sum = 0;
    for (let f = start; f < end; f++) {
      const v = pcm.samples[f * pcm.channels + channel]!;
      sum += v * v;
    }
    out.push(Math.round(Math.sqrt(sum / (end - start))));
  }
  return out;
}
