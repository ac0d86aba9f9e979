import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const FRAME_MS = 20;
const SAMPLES_PER_FRAME = 160; // 8 kHz
const ALAW_SILENCE = 0xd5;

/**
 * A pcap of an RTP stream of A-law silence (payload type 8, 20 ms frames) for SIPp's
 * play_pcap_audio: what a real phone sends while its user says nothing (no silence
 * suppression). Written once per length under the temp dir; returns its path.
 */
export function silencePcap(seconds: number): string {
  const dir = join(tmpdir(), 'hotline-pcaps');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `alaw-silence-${seconds}s.pcap`);
  const frames = Math.round((seconds * 1000) / FRAME_MS);
  const global = Buffer.alloc(24);
  global.writeUInt32LE(0xa1b2c3d4, 0);
  global.writeUInt16LE(2, 4);
  global.writeUInt16LE(4, 6);
  global.writeUInt32LE(65535, 16);
  global.writeUInt32LE(1, 20); // Ethernet
  const packets: Buffer[] = [global];
  for (let i = 0; i < frames; i++) packets.push(rtpPacket(i));
  writeFileSync(file, Buffer.concat(packets));
  return file;
}

function rtpPacket(i: number): Buffer {
  const rtpLen = 12 + SAMPLES_PER_FRAME;
  const udpLen = 8 + rtpLen;
  const ipLen = 20 + udpLen;
  const frameLen = 14 + ipLen;
  const b = Buffer.alloc(16 + frameLen);
  const usec = i * FRAME_MS * 1000;
  b.writeUInt32LE(Math.floor(usec / 1e6), 0);
  b.writeUInt32LE(usec % 1e6, 4);
  b.writeUInt32LE(frameLen, 8);
  b.writeUInt32LE(frameLen, 12);
  let o = 16;
  o += 12; // MAC addresses: zero
  b.writeUInt16BE(0x0800, o);
  o += 2;
  // IPv4 127.0.0.1 -> 127.0.0.1, UDP (SIPp replaces addresses and ports with the call's).
  b.writeUInt8(0x45, o);
  b.writeUInt16BE(ipLen, o + 2);
  b.writeUInt8(64, o + 8);
  b.writeUInt8(17, o + 9);
  b.writeUInt32BE(0x7f000001, o + 12);
  b.writeUInt32BE(0x7f000001, o + 16);
  let sum = 0;
  for (let k = 0; k < 20; k += 2) sum += b.readUInt16BE(o + k);
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  b.writeUInt16BE(~sum & 0xffff, o + 10);
  o += 20;
  b.writeUInt16BE(4000, o);
  b.writeUInt16BE(4000, o + 2);
  b.writeUInt16BE(udpLen, o + 4);
  o += 8;
  b.writeUInt8(0x80, o);
  b.writeUInt8(i === 0 ? 0x88 : 0x08, o + 1); // marker on the first packet, PT 8 (PCMA)
  b.writeUInt16BE(i & 0xffff, o + 2);
  b.writeUInt32BE((i * SAMPLES_PER_FRAME) >>> 0, o + 4);
  b.writeUInt32BE(0x5e1e1ce, o + 8);
  o += 12;
  b.fill(ALAW_SILENCE, o, o + SAMPLES_PER_FRAME);
  return b;
}

/** SIPp XML: starts sending `seconds` of silence RTP now (play_pcap_audio does not block). */
export function silenceBlock(seconds: number): string {
  return `  <nop><action><exec play_pcap_audio="${silencePcap(seconds)}"/></action></nop>`;
}
