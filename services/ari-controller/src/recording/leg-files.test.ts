import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeWav, parseWav } from '@hotline/recording';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mergeLegFiles } from './leg-files.js';

const mono = (samples: number[]) => encodeWav({ sampleRate: 8000, channels: 1, samples: Int16Array.from(samples) });

describe('mergeLegFiles (on the merge worker thread)', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'leg-files-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('writes the legs as one stereo WAV aligned on their start times, removes them and describes the file', async () => {
    await writeFile(join(dir, 'c1-caller-1.wav'), mono([1, 2, 3, 4]));
    await writeFile(join(dir, 'c1-agent-2.wav'), mono([7, 8]));
    const stored = await mergeLegFiles(dir, 'c1', [
      { side: 'caller', name: 'c1-caller-1', startedAt: 1000 },
      // 0.25 ms later: 2 frames at 8 kHz
      { side: 'agent', name: 'c1-agent-2', startedAt: 1000.25 },
    ]);
    const wav = await readFile(join(dir, 'c1.wav'));
    expect(stored).toEqual({ path: 'c1.wav', durationMs: 1, sampleRate: 8000, channels: 2, sha256: createHash('sha256').update(wav).digest('hex') });
    expect(Array.from(parseWav(wav).samples)).toEqual([1, 0, 2, 0, 3, 7, 4, 8]);
    expect(await readdir(dir)).toEqual(['c1.wav']);
  });

  // Each waits the 5 s a missing leg gets to appear: side by side.
  it('skips a leg whose file never appeared, and is null when none did', async () => {
    await writeFile(join(dir, 'c2-caller-1.wav'), mono([5]));
    const legs = [
      { side: 'caller' as const, name: 'c2-caller-1', startedAt: 0 },
      { side: 'agent' as const, name: 'c2-agent-2', startedAt: 0 },
    ];
    const [some, none] = await Promise.all([mergeLegFiles(dir, 'c2', legs), mergeLegFiles(dir, 'c3', [{ side: 'agent', name: 'c3-agent-1', startedAt: 0 }])]);
    expect(some).toMatchObject({ path: 'c2.wav', channels: 2 });
    expect(none).toBeNull();
  }, 10_000);

  it('fails with the error the merge threw, and the next merge still works', async () => {
    await writeFile(join(dir, 'bad-caller-1.wav'), 'not a wav at all');
    await expect(mergeLegFiles(dir, 'bad', [{ side: 'caller', name: 'bad-caller-1', startedAt: 0 }])).rejects.toMatchObject({ name: 'WavFormatError' });
    await writeFile(join(dir, 'ok-caller-1.wav'), mono([1]));
    await expect(mergeLegFiles(dir, 'ok', [{ side: 'caller', name: 'ok-caller-1', startedAt: 0 }])).resolves.toMatchObject({ path: 'ok.wav' });
  });

  it('runs merges side by side', async () => {
    const names = ['p1', 'p2', 'p3'];
    for (const n of names) await writeFile(join(dir, `${n}-caller-1.wav`), mono([Number(n[1])]));
    const stored = await Promise.all(names.map((n) => mergeLegFiles(dir, n, [{ side: 'caller', name: `${n}-caller-1`, startedAt: 0 }])));
    expect(stored.map((s) => s?.path)).toEqual(['p1.wav', 'p2.wav', 'p3.wav']);
  });
});
