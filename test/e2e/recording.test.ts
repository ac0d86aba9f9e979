import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '@hotline/config';
import { parseWav, rmsPerWindow } from '@hotline/recording';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeReady, release, SEAT_PORT_BASE, seatEnv } from '../support/agents.js';
import { activeSeconds, SPEECH_PCAP_MS, speechBlock } from '../support/audio.js';
import { fixture } from '../support/env.js';
import { callIdOf, eventOf } from '../support/events.js';
import { errorLines } from '../support/services.js';
import { runSipp, startSipp, type SippProcess } from '../support/sipp.js';
import { startStack, type Stack } from '../support/stack.js';

interface RecordingStored {
  recordingId: string;
  agentId: string;
  path: string;
  durationMs: number;
  sampleRate: number;
  channels: number;
  sha256: string;
}

const recordingsDir = loadConfig(['recordings']).recordings.RECORDINGS_DIR;

describe('dual-channel recording (real Asterisk + SIPp)', () => {
  let stack: Stack;
  let phone: SippProcess;

  beforeAll(async () => {
    stack = await startStack({ env: { ...seatEnv, IVR_FILE: fixture('ivr-straight-to-queue.json'), QUEUES_FILE: fixture('queues-call-features.json') } });
  });
  afterAll(async () => {
    await phone?.stop();
    await stack?.stop();
  });

  it('caller speaks while the agent is silent, then the reverse: caller left, agent right, in those windows', async () => {
    // Agent a7 answers after 0.5 s, is silent for 9.5 s, speaks 7 s, hangs up 7.5 s after it started.
    phone = startSipp({
      scenario: 'agent-talks-then-hangs-up.xml',
      target: '',
      port: SEAT_PORT_BASE + 7,
      vars: { answer_after_ms: 500, after_answer: speechBlock(9500), talk_ms: SPEECH_PCAP_MS + 500 },
      calls: 10,
      timeoutSec: 120,
    });
    await makeReady(stack, 'a7');
    // The caller speaks 2-9 s after the answer, then is silent; hangs up during the survey.
    const caller = await runSipp({
      scenario: 'caller-keys-then-hangs-up.xml',
      service: '12345',
      keys: { caller: '13600000001' },
      vars: { name: 'caller speaks first', dtmf: speechBlock(2000), hangup_after_ms: 17_500 },
      timeoutSec: 60,
    });
    expect(caller.errors).toBe('');
    expect(caller).toMatchObject({ code: 0, successful: 1 });
    const callId = await callIdOf(stack, '13600000001');
    const stored = await eventOf<RecordingStored>(stack, callId, 'recording.stored', 20_000);
    expect(stored).toMatchObject({ agentId: 'a7', sampleRate: 8000, channels: 2 });

    const file = readFileSync(join(recordingsDir, stored.path));
    expect(createHash('sha256').update(file).digest('hex')).toBe(stored.sha256);
    const wav = parseWav(file);
    expect(wav).toMatchObject({ sampleRate: 8000, channels: 2 });
    // The conversation lasted ~16.5 s (answer to the agent's hang-up).
    expect(stored.durationMs).toBeGreaterThan(14_000);
    expect(stored.durationMs).toBeLessThan(20_000);

    const left = rmsPerWindow(wav, 0, 1000);
    const right = rmsPerWindow(wav, 1, 1000);
    const callerSpeaks = activeSeconds(left, 300);
    const agentSpeaks = activeSeconds(right, 300);
    // Seven seconds of speech each, the agent's starting ~7.5 s after the caller's and after it ended.
    expect(callerSpeaks.length, `left ${left.join(' ')}`).toBeGreaterThanOrEqual(5);
    expect(agentSpeaks.length, `right ${right.join(' ')}`).toBeGreaterThanOrEqual(5);
    expect(Math.max(...callerSpeaks)).toBeLessThan(Math.min(...agentSpeaks));
    expect(Math.min(...agentSpeaks) - Math.min(...callerSpeaks)).toBeGreaterThanOrEqual(6);
    expect(Math.min(...agentSpeaks) - Math.min(...callerSpeaks)).toBeLessThanOrEqual(9);
    // Each side is silent while the other speaks: no leakage between the channels.
    for (const s of callerSpeaks) expect(right[s], `right at ${s} s`).toBeLessThan(100);
    for (const s of agentSpeaks) expect(left[s], `left at ${s} s`).toBeLessThan(100);
    await release(stack, 'a7');
    expect(errorLines(stack.services.get('ari-controller')!)).toEqual([]);
  });
});
