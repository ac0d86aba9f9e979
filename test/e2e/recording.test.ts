import { createHash, randomUUID } from 'node:crypto';
import { copyFileSync, existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '@hotline/config';
import { parseWav, rmsPerWindow } from '@hotline/recording';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeReady, release, SEAT_PORT_BASE } from '../support/agents.js';
import { callFeaturesEnv } from '../support/call-features.js';
import { bearer, E2E_ADMIN_TOKEN, userToken } from '../support/api-users.js';
import { activeSeconds, SPEECH_PCAP_MS, speechBlock } from '../support/audio.js';
import { callIdOf, eventOf, eventsOf } from '../support/events.js';
import { errorLines } from '../support/services.js';
import { runSipp, startSipp, type SippProcess } from '../support/sipp.js';
import { LOCK_WAIT_MS } from '../support/lock-wait.js';
import { startStack, type Stack } from '../support/stack.js';
import { waitFor } from '../support/wait.js';

interface RecordingStored {
  callId: string;
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
  let stored: RecordingStored;

  beforeAll(async () => {
    stack = await startStack({ env: { ...callFeaturesEnv } });
  }, LOCK_WAIT_MS);
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
    stored = await eventOf<RecordingStored>(stack, callId, 'recording.stored', 20_000);
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

  const audits = (recordingId: string) =>
    stack.database.db.selectFrom('recording_access_audit').selectAll().where('recording_id', '=', recordingId).orderBy('id').execute();

  it('playback: without the role 403 and an audit row; with it 200 (and 206 for a range) and an audit row', async () => {
    const agentToken = await userToken(stack, 'agent7', 'agent');
    const qaToken = await userToken(stack, 'qa1', 'qa');
    const url = `${stack.apiUrl}/recordings/${stored.recordingId}`;

    const refused = await fetch(url, { headers: bearer(agentToken) });
    expect(refused.status).toBe(403);
    const anonymous = await fetch(url);
    expect(anonymous.status).toBe(401);

    const allowed = await fetch(url, { headers: bearer(qaToken) });
    expect(allowed.status).toBe(200);
    const body = Buffer.from(await allowed.arrayBuffer());
    expect(createHash('sha256').update(body).digest('hex')).toBe(stored.sha256);

    const ranged = await fetch(url, { headers: { ...bearer(qaToken), range: 'bytes=0-43' } });
    expect(ranged.status).toBe(206);
    expect(ranged.headers.get('content-range')).toBe(`bytes 0-43/${body.length}`);
    expect(Buffer.from(await ranged.arrayBuffer())).toEqual(body.subarray(0, 44));

    // The audit row is written when the response has gone out, so two requests' rows may land in
    // either order: wait for all four and compare them by status.
    const rows = await waitFor(async () => {
      const r = await audits(stored.recordingId);
      return r.length >= 4 ? r : undefined;
    }, 'the four audit rows', 5000);
    const byStatus = [...rows].sort((a, b) => a.http_status - b.http_status);
    expect(byStatus.map((r) => [r.user_id, r.action, r.allowed, r.http_status])).toEqual([
      ['qa1', 'play', true, 200],
      ['qa1', 'play', true, 206],
      [null, 'play', false, 401],
      ['agent7', 'play', false, 403],
    ]);
    expect(rows.every((r) => r.ip === '127.0.0.1' && r.at instanceof Date)).toBe(true);

    const review = await fetch(`${url}/review`, { method: 'POST', headers: bearer(qaToken, true), body: JSON.stringify({ score: 92, notes: 'polite, complete' }) });
    expect(review.status).toBe(201);
    // The review is an event (through the API's outbox): the call counts as QA-reviewed, and the
    // QA sampling rate of the day has it in its numerator (reviewed / recorded calls).
    expect(await eventOf(stack, stored.callId, 'recording.reviewed')).toMatchObject({ recordingId: stored.recordingId, reviewerId: 'qa1', score: 92 });
    const day = DateTime.now().setZone('Asia/Shanghai').startOf('day');
    const query = `/kpis?from=${encodeURIComponent(day.toISO()!)}&to=${encodeURIComponent(day.plus({ days: 1 }).toISO()!)}&granularity=day`;
    const qa = await waitFor(async () => {
      const r = await stack.api<{ buckets: { kpis: Record<string, { numerator: number; denominator: number }> }[] }>(query, { headers: bearer(E2E_ADMIN_TOKEN) });
      const k = r.body.buckets?.[0]?.kpis.qaSamplingRate;
      return k && k.numerator === 1 ? k : undefined;
    }, 'the QA-reviewed call in the QA sampling rate', 15_000);
    expect(qa).toMatchObject({ numerator: 1, denominator: 1 });
    const meta = await stack.api<{ durationMs: number; legalHold: boolean }>(`/recordings/${stored.recordingId}/meta`, { headers: bearer(qaToken) });
    expect(meta.body).toMatchObject({ durationMs: stored.durationMs, legalHold: false });
  });

  it('purge: a recording past retention and not held is deleted (and logged); a held one is kept', async () => {
    const supToken = await userToken(stack, 'sup1', 'supervisor');
    const admin = bearer(E2E_ADMIN_TOKEN, true);
    // A second, older recording: a copy of the call's file, its retention over.
    const oldId = randomUUID();
    const oldPath = `e2e-purge-${oldId}.wav`;
    copyFileSync(join(recordingsDir, stored.path), join(recordingsDir, oldPath));
    const past = new Date(Date.now() - 86_400_000);
    await stack.database.db
      .insertInto('recordings')
      .values({
        recording_id: oldId, call_id: 'e2e-old-call', agent_id: 'a7', path: oldPath, duration_ms: stored.durationMs, sample_rate: 8000,
        channels: 2, sha256: stored.sha256, stored_at: new Date('2020-01-01T00:00:00Z'), retention_until: past,
      })
      .execute();
    // The call's recording: past retention too, but on legal hold (a complaint under review).
    const held = await fetch(`${stack.apiUrl}/recordings/${stored.recordingId}/hold`, { method: 'POST', headers: bearer(supToken, true), body: JSON.stringify({ reason: 'complaint 2026-118' }) });
    expect(held.status).toBe(200);
    await stack.database.db.updateTable('recordings').set({ retention_until: past }).where('recording_id', '=', stored.recordingId).execute();

    const purge = await stack.api<{ purged: string[] }>('/recordings/purge', { method: 'POST', headers: admin, body: '{}' });
    expect(purge.status).toBe(200);
    expect(purge.body.purged).toEqual([oldId]);
    expect(existsSync(join(recordingsDir, oldPath))).toBe(false);
    expect(existsSync(join(recordingsDir, stored.path))).toBe(true);
    const rows = await stack.database.db.selectFrom('recordings').select(['recording_id', 'purged_at', 'legal_hold']).where('recording_id', 'in', [oldId, stored.recordingId]).execute();
    expect(rows.find((r) => r.recording_id === oldId)?.purged_at).toBeInstanceOf(Date);
    expect(rows.find((r) => r.recording_id === stored.recordingId)).toMatchObject({ purged_at: null, legal_hold: true });
    expect((await audits(oldId)).map((r) => [r.action, r.role])).toEqual([['purge', 'system']]);
    const api = stack.services.get('api')!;
    // The API's log is written in batches (up to 100 ms behind).
    await waitFor(async () => (api.logs.some((l) => l.msg === 'recording purged' && l.recordingId === oldId) ? true : undefined), 'the purge log line', 2000, 50);
    // A purged recording is gone for good.
    const gone = await fetch(`${stack.apiUrl}/recordings/${oldId}`, { headers: bearer(supToken) });
    expect(gone.status).toBe(410);
  });

  // Last: it restarts the controller without recording.
  it('RECORD_CALLS=off: an answered call leaves no leg recording and no recording.stored', async () => {
    stack.env.RECORD_CALLS = 'off';
    await stack.restart('ari-controller');
    await makeReady(stack, 'a7'); // the phone of the first test answers again (it takes 10 calls)
    const caller = runSipp({
      scenario: 'caller-keys-then-hangs-up.xml',
      service: '12345',
      keys: { caller: '13600000002' },
      vars: { name: 'not recorded', dtmf: speechBlock(2000), hangup_after_ms: 17_500 },
      timeoutSec: 60,
    });
    const callId = await callIdOf(stack, '13600000002');
    await eventOf(stack, callId, 'call.answered');
    // Recorded, the legs' files would be in Asterisk's recording directory from the answer on.
    await new Promise((r) => setTimeout(r, 3000));
    expect(readdirSync(recordingsDir).filter((f) => f.startsWith(callId))).toEqual([]);
    expect(await caller).toMatchObject({ code: 0, successful: 1 });
    await eventOf(stack, callId, 'call.ended');
    await new Promise((r) => setTimeout(r, 3000));
    expect(await eventsOf(stack, callId, 'recording.stored')).toEqual([]);
    expect(readdirSync(recordingsDir).filter((f) => f.startsWith(callId))).toEqual([]);
    await release(stack, 'a7');
    expect(errorLines(stack.services.get('ari-controller')!)).toEqual([]);
  });
});
