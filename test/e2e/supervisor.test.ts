import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '@hotline/config';
import { parseWav, rmsPerWindow } from '@hotline/recording';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agentState, makeReady, release, SEAT_PORT_BASE } from '../support/agents.js';
import { callFeaturesEnv } from '../support/call-features.js';
import { bearer, userToken } from '../support/api-users.js';
import { activeSeconds, SPEECH_PCAP_MS, speechBlock } from '../support/audio.js';
import { recordWhatChannelHears } from '../support/ari-probe.js';
import { asteriskCli } from '../support/asterisk.js';
import { callIdOf, eventOf } from '../support/events.js';
import { LOCK_WAIT_MS } from '../support/lock-wait.js';
import { errorLines } from '../support/services.js';
import { runSipp, startSipp, type SippProcess, type SippRun } from '../support/sipp.js';
import { silenceBlock } from '../support/rtp-pcap.js';
import { startStack, type Stack } from '../support/stack.js';
import { waitFor } from '../support/wait.js';

const SUPERVISOR_SEAT = 'agent0009';
const recordingsDir = loadConfig(['recordings']).recordings.RECORDINGS_DIR;

/**
 * A caller straight into queue A. `echo`: SIPp -rtp_echo sends back every RTP packet it
 * receives, so the left channel of the call's recording is what the caller heard. Otherwise it
 * sends `media` (e.g. continuous silence, as a real phone does) and never echoes.
 */
const caller = (number: string, hangupAfterMs: number, media: 'echo' | string): Promise<SippRun> =>
  runSipp({
    scenario: 'caller-keys-then-hangs-up.xml',
    service: '12345',
    keys: { caller: number },
    vars: { name: number, dtmf: media === 'echo' ? '' : media, hangup_after_ms: hangupAfterMs },
    timeoutSec: 90,
    extraArgs: media === 'echo' ? ['-rtp_echo'] : [],
  });

/**
 * Agent a7's softphone. `echo`: what it sends is what it heard, so the right channel of the
 * recording is what the agent heard; `silence`: it sends continuous silence RTP, as a real phone does.
 */
const agentPhoneOf = (audio: 'echo' | 'silence' | 'none'): SippProcess =>
  startSipp({
    scenario: 'agent-answers-with-media.xml',
    target: '',
    port: SEAT_PORT_BASE + 7,
    vars: { answer_after_ms: 500, after_answer: audio === 'silence' ? silenceBlock(30) : '' },
    calls: 1,
    timeoutSec: 90,
    extraArgs: audio === 'echo' ? ['-rtp_echo'] : [],
  });

/** The supervisor's softphone: answers, speaks (the speech pcap) after 1 s, hangs up after it. */
const speakingSupervisor = (): SippProcess =>
  startSipp({
    scenario: 'agent-talks-then-hangs-up.xml',
    target: '',
    port: SEAT_PORT_BASE + 9,
    vars: { answer_after_ms: 300, after_answer: speechBlock(1000), talk_ms: SPEECH_PCAP_MS + 1000 },
    calls: 1,
    timeoutSec: 60,
  });

/** Asterisk's RTP counters of a seat's channel (pjsip show channelstats). */
function rtpCounts(seat: string): { rx: number; tx: number } | undefined {
  const line = asteriskCli('pjsip show channelstats').split('\n').find((l) => l.includes(`${seat}-`));
  if (!line) return undefined;
  const cols = line.trim().split(/\s+/);
  // BridgeId ChannelId UpTime Codec | Rx: Count Lost Pct Jitter | Tx: Count Lost Pct Jitter | RTT
  return { rx: Number(cols[4]), tx: Number(cols[8]) };
}

describe('supervisor listen, whisper, barge (real Asterisk + SIPp)', () => {
  let stack: Stack;
  let supToken: string;

  beforeAll(async () => {
    stack = await startStack({ env: { ...callFeaturesEnv } });
    supToken = await userToken(stack, 'sup9', 'supervisor');
  }, LOCK_WAIT_MS);
  afterAll(async () => {
    await stack?.stop();
  });

  const monitor = (callId: string, mode: string) =>
    stack.api<{ result?: { supervisorChannelId: string }; message?: string }>(`/calls/${callId}/monitor`, {
      method: 'POST',
      headers: bearer(supToken, true),
      body: JSON.stringify({ mode, supervisorSeat: SUPERVISOR_SEAT }),
    });
  const onCall = async (caller: string) => {
    const callId = await callIdOf(stack, caller);
    await waitFor(async () => ((await agentState(stack, 'a7')).callId === callId && (await agentState(stack, 'a7')).status === 'on_call' ? true : undefined), 'a7 on the call', 15_000);
    return callId;
  };
  const recordingOf = async (callId: string) => {
    const stored = await eventOf<{ path: string }>(stack, callId, 'recording.stored', 20_000);
    return parseWav(readFileSync(join(recordingsDir, stored.path)));
  };

  it('listen: the supervisor phone is rung and hears both sides (caller first, then agent); stop ends it, the call goes on', async () => {
    // The caller speaks 2.5-9.5 s after the call starts, the agent 9-16 s after answering (~10-17 s).
    const agent = startSipp({
      scenario: 'agent-answers-with-media.xml',
      target: '',
      port: SEAT_PORT_BASE + 7,
      vars: { answer_after_ms: 500, after_answer: speechBlock(9000) },
      calls: 1,
      timeoutSec: 90,
    });
    const supervisor = startSipp({ scenario: 'agent-answers.xml', target: '', port: SEAT_PORT_BASE + 9, vars: { answer_after_ms: 300 }, calls: 1, timeoutSec: 60 });
    await makeReady(stack, 'a7');
    const call = caller('13400000001', 20_000, speechBlock(2500));
    const callId = await onCall('13400000001');
    const started = await monitor(callId, 'listen');
    expect(started.status, JSON.stringify(started.body)).toBe(200);
    expect(await eventOf(stack, callId, 'supervisor.monitor_started')).toMatchObject({ supervisorId: 'sup9', mode: 'listen', agentId: 'a7' });
    // What Asterisk sends to the supervisor's phone, recorded by the test's own snoop on that leg.
    const heardName = `e2e-listen-${callId}`;
    const heard = await recordWhatChannelHears(`${callId}-sup-1`, heardName);
    const since = Date.now();
    const counts = await waitFor(async () => {
      const c = rtpCounts(SUPERVISOR_SEAT);
      return c && c.tx > 100 ? c : undefined;
    }, 'RTP sent to the supervisor', 10_000);
    expect(counts.tx).toBeGreaterThan(100);
    await new Promise((r) => setTimeout(r, 14_000 - (Date.now() - since)));
    await heard.stop();
    const stopped = await stack.api(`/calls/${callId}/monitor/stop`, { method: 'POST', headers: bearer(supToken) });
    expect(stopped.status).toBe(200);
    expect(await eventOf(stack, callId, 'supervisor.monitor_ended')).toMatchObject({ mode: 'listen' });
    expect((await supervisor.done).successful).toBe(1); // hung up by the hotline
    expect((await call).successful).toBe(1);
    // The recording started ~3.5 s into the call: seconds 0-4 of it are the caller's speech only,
    // seconds 8-12 the agent's only; the supervisor heard both.
    const heardFile = join(recordingsDir, `${heardName}.wav`);
    const levels = rmsPerWindow(parseWav(readFileSync(heardFile)), 0, 1000);
    rmSync(heardFile, { force: true });
    const active = activeSeconds(levels, 300);
    expect(active.filter((s) => s <= 4).length, `supervisor heard ${levels.join(' ')}`).toBeGreaterThanOrEqual(3);
    expect(active.filter((s) => s >= 8 && s <= 12).length, `supervisor heard ${levels.join(' ')}`).toBeGreaterThanOrEqual(3);
    await agent.stop();
    await release(stack, 'a7');
  });

  it('whisper: the agent hears the supervisor (what the agent phone heard, echoed, has the speech)', async () => {
    // The caller sends continuous silence like a real phone; the agent phone echoes what it hears,
    // so the right channel of the recording (what the agent sends) is what the agent heard.
    const agent = agentPhoneOf('echo');
    const supervisor = speakingSupervisor();
    await makeReady(stack, 'a7');
    const call = caller('13400000004', 16_000, silenceBlock(25));
    const callId = await onCall('13400000004');
    expect((await monitor(callId, 'whisper')).status).toBe(200);
    await eventOf(stack, callId, 'supervisor.monitor_started');
    expect((await supervisor.done).successful).toBe(1);
    expect(await eventOf(stack, callId, 'supervisor.monitor_ended')).toMatchObject({ mode: 'whisper' });
    expect((await call).successful).toBe(1);
    const recording = await recordingOf(callId);
    const agentHeard = rmsPerWindow(recording, 1, 1000);
    expect(activeSeconds(agentHeard, 300).length, `agent heard ${agentHeard.join(' ')}`).toBeGreaterThanOrEqual(4);
    const callerSent = rmsPerWindow(recording, 0, 1000);
    expect(activeSeconds(callerSent, 300), `caller sent ${callerSent.join(' ')}`).toEqual([]);
    await agent.stop();
    await release(stack, 'a7');
  });

  it('whisper: the caller hears nothing of the supervisor (what the caller heard, echoed, stays silent)', async () => {
    // The agent phone sends continuous silence, so audio flows toward the caller the whole time.
    const agent = agentPhoneOf('silence');
    const supervisor = speakingSupervisor();
    await makeReady(stack, 'a7');
    const call = caller('13400000002', 14_000, 'echo');
    const callId = await onCall('13400000002');
    expect((await monitor(callId, 'whisper')).status).toBe(200);
    await eventOf(stack, callId, 'supervisor.monitor_started');
    expect((await supervisor.done).successful).toBe(1); // spoke 7 s and hung up
    expect(await eventOf(stack, callId, 'supervisor.monitor_ended')).toMatchObject({ mode: 'whisper' });
    expect((await call).successful).toBe(1);
    const heard = rmsPerWindow(await recordingOf(callId), 0, 1000);
    expect(activeSeconds(heard, 300), `caller heard ${heard.join(' ')}`).toEqual([]);
    await agent.stop();
    await release(stack, 'a7');
  });

  it('barge: three-way, the caller hears the supervisor (the same measurement now has speech)', async () => {
    const agent = agentPhoneOf('silence');
    const supervisor = speakingSupervisor();
    await makeReady(stack, 'a7');
    const call = caller('13400000003', 14_000, 'echo');
    const callId = await onCall('13400000003');
    expect((await monitor(callId, 'barge')).status).toBe(200);
    await eventOf(stack, callId, 'supervisor.monitor_started');
    expect((await supervisor.done).successful).toBe(1);
    expect(await eventOf(stack, callId, 'supervisor.monitor_ended')).toMatchObject({ mode: 'barge' });
    expect((await call).successful).toBe(1);
    const heard = rmsPerWindow(await recordingOf(callId), 0, 1000);
    expect(activeSeconds(heard, 300).length, `caller heard ${heard.join(' ')}`).toBeGreaterThanOrEqual(4);
    await agent.stop();
    await release(stack, 'a7');
    expect(errorLines(stack.services.get('ari-controller')!)).toEqual([]);
  });
});
