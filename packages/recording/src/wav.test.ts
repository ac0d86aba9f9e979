import { describe, expect, it } from 'vitest';
import { durationMs, encodeWav, parseWav, WavFormatError } from './wav.js';

describe('WAV', () => {
  it('round-trips 16-bit PCM', () => {
    const pcm = { sampleRate: 8000, channels: 2, samples: Int16Array.from([0, 1, -1, 32767, -32768, 5]) };
    expect(parseWav(encodeWav(pcm))).toEqual(pcm);
  });

  it('skips chunks before data and tolerates a data size larger than the file (still being written)', () => {
    const plain = encodeWav({ sampleRate: 8000, channels: 1, samples: Int16Array.from([7, 8]) });
    const list = Buffer.concat([Buffer.from('LIST'), Buffer.from([3, 0, 0, 0]), Buffer.from('abc'), Buffer.from([0])]);
    const withList = Buffer.concat([plain.subarray(0, 36), list, plain.subarray(36)]);
    withList.writeUInt32LE(1000, 36 + list.length + 4);
    expect(Array.from(parseWav(withList).samples)).toEqual([7, 8]);
  });

  it('reads and writes samples wherever they sit in memory (a Buffer slice at an odd offset, a subarray of samples)', () => {
    const wav = encodeWav({ sampleRate: 8000, channels: 1, samples: Int16Array.from([9, 1, 2, -3]).subarray(1) });
    expect(Array.from(parseWav(wav).samples)).toEqual([1, 2, -3]);
    const odd = Buffer.concat([Buffer.from([0]), wav]).subarray(1);
    expect(odd.byteOffset % 2).toBe(1);
    expect(Array.from(parseWav(odd).samples)).toEqual([1, 2, -3]);
    expect(wav.readInt16LE(44 + 4)).toBe(-3);
  });

  it('refuses what is not 16-bit PCM WAV', () => {
    expect(() => parseWav(Buffer.from('hello world, not a wav'))).toThrow(WavFormatError);
  });

  it('duration is frames over rate', () => {
    expect(durationMs({ sampleRate: 8000, channels: 2, samples: new Int16Array(16000) })).toBe(1000);
  });
});
