import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixture } from '../support/env.js';
import { LOCK_WAIT_MS } from '../support/lock-wait.js';
import { RawSipPeer, sipMessage } from '../support/raw-sip.js';
import { errorLines } from '../support/services.js';
import { runSipp } from '../support/sipp.js';
import { startStack, type Stack } from '../support/stack.js';
import { waitFor } from '../support/wait.js';

const SDP = ['v=0', 'o=x 1 1 IN IP4 127.0.0.1', 's=-', 'c=IN IP4 127.0.0.1', 't=0 0', 'm=audio 40000 RTP/AVP 8', 'a=rtpmap:8 PCMA/8000', ''].join('\r\n');

/**
 * What Asterisk did with a message: dropped it (nothing sane to reply to), a final error reply
 * (its status), or took it as a call (200 OK: lenient but harmless, the IVR answers it).
 */
type Verdict = 'dropped' | 'call' | number;

interface Hostile {
  name: string;
  message: (callId: string, port: number) => string | Buffer;
  /** The verdicts a well-behaved SIP stack may reach (each is what Asterisk 22 was seen to do, or its strict twin). */
  expect: Verdict[];
}

function headers(callId: string, port: number, method = 'INVITE'): string[] {
  return [
    `Via: SIP/2.0/UDP 127.0.0.1:${port};branch=z9hG4bK-${callId};rport`,
    `From: <sip:13500000009@127.0.0.1:${port}>;tag=${callId}`,
    'To: <sip:12345@127.0.0.1:5060>',
    `Call-ID: ${callId}`,
    `CSeq: 1 ${method}`,
    `Contact: <sip:13500000009@127.0.0.1:${port}>`,
    'Max-Forwards: 70',
  ];
}
const INVITE = 'INVITE sip:12345@127.0.0.1:5060 SIP/2.0';
const sdpInvite = (callId: string, port: number, extra: string[] = [], body = SDP, length?: number | string) =>
  sipMessage(INVITE, [...headers(callId, port), 'Content-Type: application/sdp', ...extra], body, length);
const without = (list: string[], prefix: string) => list.filter((h) => !h.startsWith(prefix));

/** Each kind of broken or hostile SIP message, and how a well-behaved SIP stack treats it. */
const HOSTILE: Hostile[] = [
  { name: 'garbage bytes', message: () => randomBytes(700), expect: ['dropped'] },
  { name: 'text that is not SIP', message: () => 'HELLO THERE\r\nthis is not a request\r\n\r\n', expect: ['dropped'] },
  { name: 'truncated INVITE', message: (c, p) => sdpInvite(c, p).slice(0, 160), expect: ['dropped', 400] },
  { name: 'no Call-ID', message: (c, p) => sipMessage(INVITE, [...without(headers(c, p), 'Call-ID'), 'Content-Type: application/sdp'], SDP), expect: ['dropped', 400] },
  { name: 'CSeq not a number', message: (c, p) => sipMessage(INVITE, [...without(headers(c, p), 'CSeq'), 'CSeq: one INVITE', 'Content-Type: application/sdp'], SDP), expect: ['dropped', 400] },
  { name: 'Via garbage', message: (c, p) => sipMessage(INVITE, [...without(headers(c, p), 'Via'), 'Via: ???', 'Content-Type: application/sdp'], SDP), expect: ['dropped'] },
  { name: 'huge header (20 kB)', message: (c, p) => sdpInvite(c, p, [`X-Junk: ${'A'.repeat(20_000)}`]), expect: ['call', 'dropped', 413, 513] },
  { name: 'NUL and control bytes in headers', message: (c, p) => sdpInvite(c, p, ['Subject: a\u0000b\u0001c\u0007d', 'User-Agent: \u00ff\u00fe\u0000']), expect: ['dropped', 400] },
  { name: 'SDP that is not SDP', message: (c, p) => sdpInvite(c, p, [], 'v=0\r\nthis is not sdp\r\nm=audio x RTP/AVP y\r\n'), expect: [400, 488] },
  { name: 'SDP with no common codec', message: (c, p) => sdpInvite(c, p, [], SDP.replace('RTP/AVP 8', 'RTP/AVP 18').replace('8 PCMA', '18 G729')), expect: [488] },
  { name: 'Content-Length beyond the packet', message: (c, p) => sdpInvite(c, p, [], SDP, 9999), expect: ['call', 'dropped', 400] },
  { name: 'Content-Length short of the body', message: (c, p) => sdpInvite(c, p, [], SDP, 12), expect: ['call', 400, 488] },
  { name: 'Content-Length not a number', message: (c, p) => sdpInvite(c, p, [], SDP, 'lots'), expect: ['dropped', 400] },
  { name: 'unknown method', message: (c, p) => sipMessage('FROBNICATE sip:12345@127.0.0.1:5060 SIP/2.0', headers(c, p, 'FROBNICATE')), expect: [405, 501] },
  { name: 'SIP/3.0', message: (c, p) => sdpInvite(c, p).replace('SIP/2.0\r\n', 'SIP/3.0\r\n'), expect: ['dropped', 505] },
  { name: 'Request-URI not a URI', message: (c, p) => sdpInvite(c, p).replace(INVITE, 'INVITE not-a-uri SIP/2.0'), expect: ['dropped', 400, 416] },
  { name: 'Max-Forwards 0', message: (c, p) => sdpInvite(c, p).replace('Max-Forwards: 70', 'Max-Forwards: 0'), expect: ['call', 483] },
  { name: 'BYE outside any dialog', message: (c, p) => sipMessage('BYE sip:12345@127.0.0.1:5060 SIP/2.0', headers(c, p, 'BYE').map((h) => (h.startsWith('To:') ? `${h};tag=nope` : h))), expect: [481] },
  { name: 'stray 200 OK', message: (c, p) => sipMessage('SIP/2.0 200 OK', headers(c, p)), expect: ['dropped'] },
];

const callsOf = async (stack: Stack, caller: string) =>
  stack.database.db.selectFrom('calls').selectAll().where('caller', '=', caller).where('ended_at', 'is not', null).execute();

/** A normal caller: answered by the IVR greeting (~8 s), hung up by the hotline, stored with its IVR answer. */
async function normalCall(stack: Stack, caller: string): Promise<void> {
  const run = await runSipp({ scenario: 'caller-hungup-by-server.xml', service: '12345', keys: { caller }, timeoutSec: 60 });
  expect(run.errors).toBe('');
  expect(run).toMatchObject({ code: 0, successful: 1, failed: 0 });
  const [call] = await waitFor(async () => ((await callsOf(stack, caller)).length === 1 ? callsOf(stack, caller) : undefined), `the call from ${caller}`);
  expect(call!.ivr_answered_at).not.toBeNull();
}

describe('malformed and hostile SIP at the trunk', () => {
  let stack: Stack;
  let peer: RawSipPeer;

  beforeAll(async () => {
    stack = await startStack({ env: { IVR_FILE: fixture('ivr-greeting.json') } });
    peer = await RawSipPeer.open();
  }, LOCK_WAIT_MS);
  afterAll(async () => {
    peer?.close();
    await stack?.stop();
  });

  it('Asterisk rejects or drops each message, the controller stays quiet and calls before, during and after are served', async () => {
    await normalCall(stack, '13500000001');

    // While a normal call runs, 20 rounds of every hostile message (a distinct Call-ID each).
    const during = normalCall(stack, '13500000002');
    const sent = new Map<string, Hostile>();
    for (let round = 0; round < 20; round++) {
      for (const [i, h] of HOSTILE.entries()) {
        const callId = `hostile-${round}-${i}-${randomBytes(4).toString('hex')}`;
        sent.set(callId, h);
        await peer.send(h.message(callId, peer.port));
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    await during;
    // Replies (and Asterisk's retransmissions of them) have arrived by now.
    await new Promise((r) => setTimeout(r, 1500));

    // One verdict per message (Asterisk repeats a final reply until ACKed: the same status).
    const verdicts = new Map<string, Set<Verdict>>();
    const answeredAsCalls: string[] = [];
    for (const [callId, h] of sent) {
      const statuses = [...new Set(peer.finalReplies(callId).map((r) => r.status))];
      expect(statuses.length, `${h.name}: one final status, got ${statuses.join('/')}`).toBeLessThanOrEqual(1);
      const verdict: Verdict = statuses[0] === undefined ? 'dropped' : statuses[0] === 200 ? 'call' : statuses[0];
      if (verdict === 'call') answeredAsCalls.push(callId);
      verdicts.set(h.name, (verdicts.get(h.name) ?? new Set()).add(verdict));
    }
    const seen = Object.fromEntries([...verdicts].map(([name, v]) => [name, [...v]]));
    const allowed = Object.fromEntries(HOSTILE.map((h) => [h.name, [...verdicts.get(h.name)!].filter((v) => h.expect.includes(v))]));
    expect(seen).toEqual(allowed);

    // Those Asterisk took as calls: ACKed and hung up like a caller would; the IVR served each, and each ended.
    for (const callId of answeredAsCalls) await peer.hangUpAnswered(callId);
    const served = await waitFor(async () => {
      const rows = await callsOf(stack, '13500000009');
      return rows.length === answeredAsCalls.length ? rows : undefined;
    }, 'the hostile INVITEs taken as calls ended', 20_000, 250);
    for (const c of served) expect(c.ivr_answered_at).not.toBeNull();

    // Asterisk still answers SIP, and the next normal call is served through the IVR.
    const ping = `ping-${randomBytes(4).toString('hex')}`;
    await peer.send(sipMessage('OPTIONS sip:12345@127.0.0.1:5060 SIP/2.0', headers(ping, peer.port, 'OPTIONS')));
    await waitFor(async () => peer.finalReplies(ping)[0], 'a reply to OPTIONS', 5000);
    await normalCall(stack, '13500000003');

    const controller = stack.services.get('ari-controller')!;
    expect(controller.child.exitCode).toBeNull();
    expect(errorLines(controller)).toEqual([]);
  });

  it('a well-formed call with absurd numbers (100-digit caller and dialled number) is served and stored, not an error', async () => {
    const caller = '1'.repeat(100);
    const run = await runSipp({ scenario: 'caller-hungup-by-server.xml', service: '9'.repeat(100), keys: { caller }, timeoutSec: 60 });
    expect(run).toMatchObject({ code: 0, successful: 1, failed: 0 });
    // The event contract keeps numbers to 64 characters: the controller cuts them, and says so.
    const [call] = await waitFor(async () => {
      const rows = await callsOf(stack, caller.slice(0, 64));
      return rows.length === 1 ? rows : undefined;
    }, 'the call with the long numbers');
    expect(call!.dialed).toBe('9'.repeat(64));
    expect(call!.ivr_answered_at).not.toBeNull();
    expect(errorLines(stack.services.get('ari-controller')!)).toEqual([]);
  });
});
