import { describe, expect, it } from 'vitest';
import { componentsUp, MinuteSampler, MINUTE_MS, type ComponentsUp, type ProbeChecks } from './minute-sampler.js';

const T0 = Date.parse('2026-11-25T08:00:00Z');
const UP: ComponentsUp = { telephony: true, ivr: true, queue: true, seats: true };
const DOWN: ComponentsUp = { telephony: false, ivr: false, queue: false, seats: false };
const EVERY = 15_000;
const MAX_GAP = 40_000;

/** Probes every 15 s from `from` to `to` (exclusive) with `status(at)`; all the samples they closed. */
function run(sampler: MinuteSampler, from: number, to: number, status: (at: number) => ComponentsUp = () => UP) {
  const out = [];
  for (let at = from; at < to; at += EVERY) out.push(...sampler.probe(at, status(at)));
  return out;
}

describe('componentsUp', () => {
  const all: ProbeChecks = { asterisk: true, stasisApp: true, redis: true, dispatcher: true, seatEndpoints: true };
  it('everything answering: all up', () => {
    expect(componentsUp(all)).toEqual(UP);
  });
  it('Asterisk down takes every component down', () => {
    expect(componentsUp({ ...all, asterisk: false })).toEqual(DOWN);
  });
  it('the Stasis app disconnected: IVR and queue down, seats still reachable', () => {
    expect(componentsUp({ ...all, stasisApp: false })).toEqual({ telephony: true, ivr: false, queue: false, seats: true });
  });
  it('Redis down: queue and seats down, the IVR still answers', () => {
    expect(componentsUp({ ...all, redis: false })).toEqual({ telephony: true, ivr: true, queue: false, seats: false });
  });
  it('a stuck dispatcher takes only the queue down', () => {
    expect(componentsUp({ ...all, dispatcher: false })).toEqual({ telephony: true, ivr: true, queue: false, seats: true });
  });
});

describe('MinuteSampler', () => {
  it('reports each whole minute once, when the next minute starts; not the minute it started in', () => {
    const s = new MinuteSampler(T0 + 20_000, MAX_GAP);
    const samples = run(s, T0 + 20_000, T0 + 3 * MINUTE_MS + 5_001); // the last probe, at 03:05, closes 02:00
    expect(samples).toEqual([
      { minute: T0 + MINUTE_MS, probes: 4, up: UP },
      { minute: T0 + 2 * MINUTE_MS, probes: 4, up: UP },
    ]);
  });

  it('a process started exactly on the minute reports that minute', () => {
    const s = new MinuteSampler(T0, MAX_GAP);
    expect(run(s, T0, T0 + MINUTE_MS + 1)).toEqual([{ minute: T0, probes: 4, up: UP }]);
  });

  it('one probe down makes the minute down for that component only', () => {
    const s = new MinuteSampler(T0, MAX_GAP);
    const samples = run(s, T0, T0 + 2 * MINUTE_MS + 1, (at) => (at === T0 + 30_000 ? { ...UP, ivr: false, queue: false } : UP));
    expect(samples.map((x) => x.up)).toEqual([{ ...UP, ivr: false, queue: false }, UP]);
  });

  it('a stall longer than the allowed gap is down for every component, in each minute it touches', () => {
    const s = new MinuteSampler(T0, MAX_GAP);
    const before = run(s, T0, T0 + MINUTE_MS + 30_000); // probes up to 01:15
    // the process freezes from 01:15 to 02:20 (65 s without a probe)
    const after = run(s, T0 + 2 * MINUTE_MS + 20_000, T0 + 4 * MINUTE_MS + 5_001);
    expect([...before, ...after]).toEqual([
      { minute: T0, probes: 4, up: UP },
      { minute: T0 + MINUTE_MS, probes: 2, up: DOWN }, // its tail was not watched
      { minute: T0 + 2 * MINUTE_MS, probes: 3, up: DOWN }, // nor its head
      { minute: T0 + 3 * MINUTE_MS, probes: 4, up: UP },
    ]);
  });

  it('a minute with no probe at all is not reported (the reader counts it down)', () => {
    const s = new MinuteSampler(T0, MAX_GAP);
    const samples = [...run(s, T0, T0 + MINUTE_MS), ...run(s, T0 + 3 * MINUTE_MS, T0 + 4 * MINUTE_MS + 1)];
    expect(samples.map((x) => [(x.minute - T0) / MINUTE_MS, x.up === DOWN || x.up.ivr === false ? 'down' : 'up'])).toEqual([
      [0, 'down'], // closed by a probe 2 minutes later: its tail was not watched
      [3, 'down'], // its head was not watched either
    ]);
  });

  it('the minute the process dies in is never reported', () => {
    const s = new MinuteSampler(T0, MAX_GAP);
    expect(run(s, T0, T0 + MINUTE_MS + 45_001)).toHaveLength(1);
  });

  it('probes a little late (jitter under the gap) keep the minute up', () => {
    const s = new MinuteSampler(T0, MAX_GAP);
    const times = [T0 + 100, T0 + 16_000, T0 + 33_000, T0 + 49_900, T0 + 65_000];
    const samples = times.flatMap((at) => s.probe(at, UP));
    expect(samples).toEqual([{ minute: T0, probes: 4, up: UP }]);
  });
});
