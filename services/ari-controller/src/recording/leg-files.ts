import { createHash } from 'node:crypto';
import { readFile, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { durationMs, encodeWav, mergeStereo, parseWav, type LegSegment } from '@hotline/recording';

/** One leg's recording as Asterisk wrote it (`${name}.wav` in the recordings directory). */
export interface LegFile {
  side: 'caller' | 'agent';
  name: string;
  /** When the recording started (controller clock, epoch ms). */
  startedAt: number;
}

export interface StoredFile {
  /** File name relative to the recordings directory. */
  path: string;
  durationMs: number;
  sampleRate: number;
  channels: number;
  sha256: string;
}

const SAMPLE_RATE = 8000;

/**
 * Merges a call's leg recordings into one stereo WAV (left caller, right agent), time-aligned
 * on their start times, writes it atomically, removes the leg files and returns what the
 * metadata needs. Legs whose file is missing (a leg that never got audio) are skipped.
 */
export async function mergeLegFiles(dir: string, outName: string, legs: readonly LegFile[]): Promise<StoredFile | null> {
  const t0 = Math.min(...legs.map((l) => l.startedAt));
  const left: LegSegment[] = [];
  const right: LegSegment[] = [];
  const found: string[] = [];
  for (const leg of legs) {
    const file = join(dir, `${leg.name}.wav`);
    const buf = await settledFile(file);
    if (!buf) continue;
    found.push(file);
    (leg.side === 'caller' ? left : right).push({ offsetMs: leg.startedAt - t0, pcm: parseWav(buf) });
  }
  if (found.length === 0) return null;
  const wav = encodeWav(mergeStereo(SAMPLE_RATE, left, right));
  const path = `${outName}.wav`;
  await writeFile(join(dir, `${path}.partial`), wav);
  await rename(join(dir, `${path}.partial`), join(dir, path));
  for (const f of found) await unlink(f).catch(() => undefined);
  return {
    path,
    durationMs: durationMs(parseWav(wav)),
    sampleRate: SAMPLE_RATE,
    channels: 2,
    sha256: createHash('sha256').update(wav).digest('hex'),
  };
}

/**
 * The file once Asterisk stopped writing it: its size unchanged for 200 ms (Asterisk finishes
 * the header when the recording ends, just after the channel hangs up). null if it never appears.
 */
async function settledFile(file: string, timeoutMs = 5000): Promise<Buffer | null> {
  const deadline = Date.now() + timeoutMs;
  let last = -1;
  while (Date.now() < deadline) {
    const size = await stat(file).then((s) => s.size, () => -1);
    if (size >= 0 && size === last) return readFile(file);
    last = size;
    await new Promise((r) => setTimeout(r, 200));
  }
  return last >= 0 ? readFile(file) : null;
}
