/** The platform parts whose availability the contracts score (KPIS.md; Changsha, seed 002). */
export interface ComponentsUp {
  readonly telephony: boolean;
  readonly ivr: boolean;
  readonly queue: boolean;
  readonly seats: boolean;
}

/** What one probe found (each check with its own timeout; see probe.ts). */
export interface ProbeChecks {
  /** Asterisk answers ARI's REST interface. */
  readonly asterisk: boolean;
  /** This controller's websocket is connected: the Stasis app receives calls. */
  readonly stasisApp: boolean;
  /** Redis answers: call records, agent states and reservations, the event queue. */
  readonly redis: boolean;
  /** The dispatcher is not stuck in a matching pass (callers get matched with agents). */
  readonly dispatcher: boolean;
  /** Asterisk lists the seats' PJSIP endpoints (agents' phones can be rung). */
  readonly seatEndpoints: boolean;
}

/**
 * Which components serve callers, from the checks: telephony is Asterisk; the IVR needs the
 * Stasis app connected; the queue (排队机) needs the IVR path plus Redis and a live dispatcher;
 * the seats need Asterisk's endpoints and the agent states in Redis. Seats are the platform's
 * side of the seat terminals, not each handset (a phone unplugged at a desk is not measured).
 */
export function componentsUp(c: ProbeChecks): ComponentsUp {
  const telephony = c.asterisk;
  const ivr = telephony && c.stasisApp;
  return { telephony, ivr, queue: ivr && c.redis && c.dispatcher, seats: telephony && c.seatEndpoints && c.redis };
}

/** One finished minute as this controller saw it (the `platform.availability` event's body). */
export interface MinuteSample {
  /** Start of the minute, ms since the epoch (a whole minute). */
  readonly minute: number;
  readonly up: ComponentsUp;
  /** Probes taken inside the minute. */
  readonly probes: number;
}

export const MINUTE_MS = 60_000;
const ALL_UP: ComponentsUp = { telephony: true, ivr: true, queue: true, seats: true };
const ALL_DOWN: ComponentsUp = { telephony: false, ivr: false, queue: false, seats: false };

/**
 * Turns probes taken every few seconds into one sample per minute. A component is up for a
 * minute only when every probe inside it found it up and no gap between probes touching the
 * minute was longer than `maxGapMs` (a blocked event loop or a frozen process is down for
 * every component). A minute is reported when the first probe of a later minute closes it, so
 * the minute the process dies in is never reported, nor the one it started in (not watched from
 * its start): the reader counts minutes without a sample as down.
 */
export class MinuteSampler {
  private current: { minute: number; probes: number; up: ComponentsUp; stalled: boolean } | null = null;
  private previousAt: number;

  constructor(
    private readonly startedAt: number,
    private readonly maxGapMs: number,
  ) {
    this.previousAt = startedAt;
  }

  /** Records a probe; returns the minute it closed (none or one). */
  probe(at: number, up: ComponentsUp): MinuteSample[] {
    const gap = at - this.previousAt > this.maxGapMs;
    this.previousAt = at;
    const minute = at - (at % MINUTE_MS);
    const closed: MinuteSample[] = [];
    if (this.current && this.current.minute !== minute) {
      const c = this.current;
      closed.push({ minute: c.minute, probes: c.probes, up: c.stalled || gap ? ALL_DOWN : c.up });
      this.current = null;
    }
    if (minute < this.startedAt) return closed;
    const c = (this.current ??= { minute, probes: 0, up: ALL_UP, stalled: false });
    c.probes++;
    c.stalled ||= gap;
    c.up = { telephony: c.up.telephony && up.telephony, ivr: c.up.ivr && up.ivr, queue: c.up.queue && up.queue, seats: c.up.seats && up.seats };
    return closed;
  }
}
