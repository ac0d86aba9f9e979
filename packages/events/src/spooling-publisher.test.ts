import { appendFileSync, existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { newEvent } from './new-event.js';
import type { EventPublisher } from './publisher.js';
import type { HotlineEvent } from './schema.js';
import { SpoolingPublisher } from './spooling-publisher.js';

/** The event bus as the spool sees it: up, or down (a publish hangs like ioredis' offline queue, or is refused). */
class FakeBus implements EventPublisher {
  up = true;
  down: 'hang' | 'refuse' = 'hang';
  calls = 0;
  /** After this many more accepted events, the bus goes down (undefined: never). */
  failAfter: number | undefined;
  readonly received: string[] = [];

  async publish(event: HotlineEvent): Promise<void> {
    this.calls++;
    if (this.up && this.failAfter !== undefined && this.failAfter-- <= 0) this.up = false;
    if (!this.up) {
      if (this.down === 'refuse') throw new Error('connect ECONNREFUSED 127.0.0.1:6379');
      return new Promise<void>(() => undefined);
    }
    this.received.push(event.eventId);
  }

  async close(): Promise<void> {}
}

const event = (n: number) =>
  newEvent('test', { type: 'call.arrived', callId: `call-${n}`, caller: '100', dialed: '12345', channelId: `call-${n}` }) as HotlineEvent;

const until = async (cond: () => boolean, what: string, ms = 3000) => {
  const deadline = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
};

const spoolLines = (dir: string) => readFileSync(join(dir, 'events.jsonl'), 'utf8').split('\n').filter(Boolean);

describe('SpoolingPublisher', () => {
  let dir: string;
  let open: SpoolingPublisher[];
  const start = async (bus: EventPublisher, publishTimeoutMs = 50) => {
    const p = await SpoolingPublisher.open(bus, { dir, publishTimeoutMs, retryMs: 20, replayBatch: 4 });
    open.push(p);
    return p;
  };

  beforeEach(() => {
    dir = join(mkdtempSync(join(tmpdir(), 'spool-test-')), 'controller');
    open = [];
  });
  afterEach(async () => {
    for (const p of open.reverse()) await p.close().catch(() => undefined);
  });

  it('publishes straight to the bus while it answers, keeping nothing on disk', async () => {
    const bus = new FakeBus();
    const p = await start(bus);
    const events = [1, 2, 3].map(event);
    for (const e of events) await p.publish(e);
    expect(bus.received).toEqual(events.map((e) => e.eventId));
    expect(p.spooled).toBe(0);
    expect(spoolLines(dir)).toEqual([]);
  });

  it('a stalled event loop is not an unreachable bus: a reply that came during the stall is read before the timeout counts', async () => {
    const slow: EventPublisher = { publish: () => new Promise<void>((resolve) => setTimeout(resolve, 100)), close: async () => undefined };
    const p = await start(slow, 50);
    const published = p.publish(event(1));
    // This process is blocked for 300 ms (a long GC or a synchronous step): the bus answered at 100 ms.
    const blockedUntil = performance.now() + 300;
    while (performance.now() < blockedUntil);
    await published;
    expect(p.direct).toBe(true);
    expect(p.spooled).toBe(0);
  });

  it('a hanging bus costs one timeout, then events go to disk at once; the replay keeps their order, newer events after', async () => {
    const bus = new FakeBus();
    const p = await start(bus);
    const events = Array.from({ length: 11 }, (_, i) => event(i));
    await p.publish(events[0]!);
    bus.up = false;
    const t0 = performance.now();
    await p.publish(events[1]!); // waits for the timeout, then spools
    expect(performance.now() - t0).toBeGreaterThanOrEqual(45);
    const callsWhenDown = bus.calls;
    for (const e of events.slice(2, 8)) await p.publish(e); // fsync'd appends, no bus round trips
    expect(spoolLines(dir).map((l) => (JSON.parse(l) as HotlineEvent).eventId)).toEqual(events.slice(1, 8).map((e) => e.eventId));
    expect(p.spooled).toBe(7);
    expect(bus.calls - callsWhenDown).toBeLessThan(5); // only the replay's probes, not one per event
    bus.up = true;
    // Published while the replay runs: still behind the spooled ones.
    const late = events.slice(8).map((e) => p.publish(e));
    await Promise.all(late);
    // direct flips before the spool file is truncated (new events must not wait for the disk).
    await until(() => p.direct && spoolLines(dir).length === 0, 'the replay and the spool reset');
    expect(bus.received).toEqual(events.map((e) => e.eventId));
    expect(p.spooled).toBe(0);
    // Back to direct publishing; the spool file was emptied.
    const after = event(99);
    await p.publish(after);
    expect(bus.received.at(-1)).toBe(after.eventId);
    expect(spoolLines(dir)).toEqual([]);
  });

  it('a refused publish spools at once, and the replay retries until the bus is back', async () => {
    const bus = new FakeBus();
    bus.up = false;
    bus.down = 'refuse';
    const p = await start(bus, 5000);
    const events = Array.from({ length: 5 }, (_, i) => event(i));
    const t0 = performance.now();
    for (const e of events) await p.publish(e);
    expect(performance.now() - t0).toBeLessThan(1000); // never waited for the 5 s timeout
    await new Promise((r) => setTimeout(r, 100)); // a few failed replay attempts
    expect(bus.received).toEqual([]);
    bus.up = true;
    await until(() => p.spooled === 0, 'the replay');
    expect(bus.received).toEqual(events.map((e) => e.eventId));
  });

  it('a crash mid-replay: the next start replays from the last delivered step, losing nothing', async () => {
    const bus = new FakeBus();
    const first = await start(bus);
    bus.up = false;
    bus.down = 'refuse';
    const events = Array.from({ length: 10 }, (_, i) => event(i));
    for (const e of events) await first.publish(e);
    // The bus comes back for 6 events and goes down again: the replay delivered steps of 4 (one whole, one half).
    bus.failAfter = 6;
    bus.up = true;
    await until(() => bus.received.length === 6, 'part of the replay');
    // The process goes away mid-replay (closing only stops its loop and releases the directory,
    // the files are as a kill leaves them) and a new one starts on the same spool.
    await first.close();
    const offset = Number(readFileSync(join(dir, 'delivered.offset'), 'utf8'));
    expect(offset).toBeGreaterThan(0);
    const bus2 = new FakeBus();
    const second = await start(bus2);
    expect(second.spooled).toBe(4);
    await until(() => second.spooled === 0, 'the second replay');
    expect([...bus.received, ...bus2.received]).toEqual(events.map((e) => e.eventId));
  });

  it('an offset older than what was delivered (crash before it was saved) only means duplicates, in order', async () => {
    const bus = new FakeBus();
    bus.up = false;
    bus.down = 'refuse';
    const first = await start(bus);
    const events = Array.from({ length: 6 }, (_, i) => event(i));
    for (const e of events) await first.publish(e);
    bus.failAfter = 3;
    bus.up = true;
    await until(() => bus.received.length === 3, 'part of the replay');
    await first.close(); // a stop during an outage keeps what is left
    expect(spoolLines(dir)).toHaveLength(6);
    writeFileSync(join(dir, 'delivered.offset'), 'garbage'); // unreadable: start over
    const bus2 = new FakeBus();
    const second = await start(bus2);
    expect(second.spooled).toBe(6);
    await until(() => second.spooled === 0, 'the replay');
    expect(bus2.received).toEqual(events.map((e) => e.eventId)); // the first 3 twice in all: the consumer dedupes on eventId
  });

  it('a line half-written by a crash was never acknowledged and is dropped at start', async () => {
    const bus = new FakeBus();
    bus.up = false;
    bus.down = 'refuse';
    const first = await start(bus);
    const events = [event(1), event(2)];
    for (const e of events) await first.publish(e);
    await first.close();
    appendFileSync(join(dir, 'events.jsonl'), '{"v":1,"eventId":"half');
    const bus2 = new FakeBus();
    const second = await start(bus2);
    expect(second.spooled).toBe(2);
    await until(() => second.spooled === 0, 'the replay');
    expect(bus2.received).toEqual(events.map((e) => e.eventId));
  });

  it('an invalid event is refused, not spooled', async () => {
    const bus = new FakeBus();
    bus.up = false;
    bus.down = 'refuse';
    const p = await start(bus);
    await expect(p.publish({ ...event(1), eventId: 'not-a-uuid' })).rejects.toThrow();
    expect(p.spooled).toBe(0);
    expect(spoolLines(dir)).toEqual([]);
  });

  it('refuses a spool directory another live process holds', async () => {
    await start(new FakeBus());
    writeFileSync(join(dir, 'owner.pid'), String(process.ppid));
    await expect(SpoolingPublisher.open(new FakeBus(), { dir })).rejects.toThrow(/in use by process/);
  });

  it('closing with an empty spool leaves no files behind', async () => {
    const p = await start(new FakeBus());
    await p.publish(event(1));
    await p.close();
    expect(existsSync(dir)).toBe(false);
    expect(readdirSync(join(dir, '..'))).toEqual([]);
  });
});
