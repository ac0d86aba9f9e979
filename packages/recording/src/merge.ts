import type { Pcm16 } from './wav.js';

/** One mono recording of a leg and when it started, relative to the start of the call's recording. */
export interface LegSegment {
  offsetMs: number;
  pcm: Pcm16;
}

/**
 * The call's stereo recording: left = caller, right = agent(s). Each leg's mono files are
 * placed at their start offsets (so both sides stay time-aligned even when a leg started
 * later, e.g. the second agent after a transfer) and mixed where they overlap.
 * All inputs must share one sample rate and be mono.
 */
export function mergeStereo(sampleRate: number, left: readonly LegSegment[], right: readonly LegSegment[]): Pcm16 {
  for (const seg of [...left, ...right]) {
    if (seg.pcm.channels !== 1) throw new Error(`a leg recording must be mono (got ${seg.pcm.channels} channels)`);
    if (seg.pcm.sampleRate !== sampleRate) throw new Error(`a leg recording is ${seg.pcm.sampleRate} Hz, expected ${sampleRate} Hz`);
  }
  const startFrame = (seg: LegSegment) => Math.max(0, Math.round((seg.offsetMs * sampleRate) / 1000));
  const frames = Math.max(0, ...[...left, ...right].map((s) => startFrame(s) + s.pcm.samples.length));
  const out = new Int16Array(frames * 2);
  const mix = (segments: readonly LegSegment[], channel: 0 | 1) => {
    for (const seg of segments) {
      const from = startFrame(seg);
      for (let i = 0; i < seg.pcm.samples.length; i++) {
        const at = (from + i) * 2 + channel;
        out[at] = clamp(out[at]! + seg.pcm.samples[i]!);
      }
    }
  };
  mix(left, 0);
  mix(right, 1);
  return { sampleRate, channels: 2, samples: out };
}

function clamp(v: number): number {
  return v > 32767 ? 32767 : v < -32768 ? -32768 : v;
}
