import { createHash } from 'node:crypto';
import { readFile, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { durationMs, encodeWav, mergeStereo, parseWav, type LegSegment } from '@hotline/recording';
import type { LegFile, StoredFile } from './leg-files.js';

const SAMPLE_RATE = 8000;

/**
 * What mergeLegFiles does, on the calling thread: the merge worker (merge-worker.ts) runs it so
 * that parsing, mixing, encoding and hashing a call's audio (~1 M samples) never blocks the
 * controller's event loop.
 */
export async function mergeLegFilesHere(dir: string, outName: string, legs: readonly LegFile[]): Promise<StoredFile | null> {
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
  const merged = mergeStereo(SAMPLE_RATE, left, right);
  const wav = encodeWav(merged);
  const path = `${outName}.wav`;
  await writeFile(join(dir, `${path}.partial`), wav);
  await rename(join(dir, `${path}.partial`), join(dir, path));
  for (const f of found) await unlink(f).catch(() => undefined);
  return {
    path,
    durationMs: durationMs(merged),
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
