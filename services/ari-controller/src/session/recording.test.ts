import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Logger } from '@hotline/config';
import { encodeWav } from '@hotline/recording';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeCallControl } from '../ari/fake-call-control.js';
import { CallRecorder } from './recording.js';

const quiet = { debug: () => undefined, warn: () => undefined } as unknown as Logger;
const mono = encodeWav({ sampleRate: 8000, channels: 1, samples: Int16Array.from([1, 2, 3]) });

describe('CallRecorder.finish', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'recorder-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('runs once even when called again while a leg is still being set up, and starts no leg after it began', async () => {
    const control = new FakeCallControl();
    let snoopEntered: () => void = () => undefined;
    control.snoop = (req) => {
      control.calls.push({ method: 'snoop', args: [req] });
      return new Promise<void>((resolve) => (snoopEntered = resolve));
    };
    const recorder = new CallRecorder('c9', control, dir, quiet, [{ side: 'caller', name: 'c9-caller-1', snoopId: 'c9-spy-rec', startedAt: Date.now() }]);
    await writeFile(join(dir, 'c9-caller-1.wav'), mono);
    const agentLeg = recorder.addLeg('agent', 'c9-1');
    const first = recorder.finish(); // the agent hung up: waits for the agent leg's snoop
    const second = recorder.finish(); // the caller hung up meanwhile
    await recorder.addLeg('agent', 'c9-2'); // too late to record
    await writeFile(join(dir, 'c9-agent-2.wav'), mono);
    snoopEntered();
    await agentLeg;
    expect(await second).toBeNull();
    expect(await first).toMatchObject({ path: 'c9.wav', channels: 2 });
    expect(control.calls.filter((c) => c.method === 'stopRecording').map((c) => c.args[0])).toEqual(['c9-caller-1', 'c9-agent-2']);
    expect(control.calls.filter((c) => c.method === 'snoop')).toHaveLength(1);
    expect(await readdir(dir)).toEqual(['c9.wav']);
  });
});
