// Counting events for the fault tests: what the controller emitted (its debug line 'event emitted'
// carries each eventId) against what the aggregator stored in call_events, and whether any
// redelivered event was counted twice in the facts and rollups.
import type { Db } from '@hotline/db';
import { sql } from 'kysely';
import type { RunningService } from './services.js';

export interface EmittedEvent {
  eventId: string;
  type: string;
  callId?: string;
}

/** Every event the controller emitted so far (it must run with LOG_LEVEL=debug). */
export function emittedEvents(controller: RunningService): EmittedEvent[] {
  return controller.logs
    .filter((l) => l.msg === 'event emitted' && typeof l.eventId === 'string')
    .map((l) => ({ eventId: l.eventId as string, type: String(l.type), ...(typeof l.callId === 'string' ? { callId: l.callId } : {}) }));
}

/** The emitted events that are not in call_events. */
export async function missingEvents(db: Db, emitted: readonly EmittedEvent[]): Promise<EmittedEvent[]> {
  const stored = new Set<string>();
  for (let i = 0; i < emitted.length; i += 5000) {
    const ids = emitted.slice(i, i + 5000).map((e) => e.eventId);
    const { rows } = await sql<{ event_id: string }>`select event_id from call_events where event_id = any(${ids}::uuid[])`.execute(db);
    for (const r of rows) stored.add(r.event_id);
  }
  return emitted.filter((e) => !stored.has(e.eventId));
}

/** Waits until the controller has emitted no event for `quietMs` (wrap-ups and recordings end after the calls). */
export async function waitForQuiet(controller: RunningService, quietMs: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let seen = -1;
  while (Date.now() < deadline) {
    const now = emittedEvents(controller).length;
    if (now === seen) return;
    seen = now;
    await new Promise((r) => setTimeout(r, quietMs));
  }
}

/** Waits for every event the controller emitted to be stored; returns those still missing at the deadline. */
export async function waitUntilStored(db: Db, controller: RunningService, timeoutMs: number): Promise<EmittedEvent[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const missing = await missingEvents(db, emittedEvents(controller));
    if (missing.length === 0 || Date.now() > deadline) return missing;
    await new Promise((r) => setTimeout(r, 500));
  }
}

export interface DoubleCounts {
  /** Queue rollups summed against the call rows they were built from: equal unless an event counted twice. */
  rollups: { arrived: [number, number]; offered: [number, number]; answered: [number, number] };
  /** Calls whose offer count differs from their distinct call.offered events. */
  callsWithWrongOfferCount: string[];
}

/** Facts and rollups against the raw events: a redelivered event that was applied again shows here. */
export async function doubleCounts(db: Db): Promise<DoubleCounts> {
  const { rows: [r] } = await sql<{ arrived: number; offered: number; answered: number; calls: number; queued: number; answered_calls: number }>`
    select (select coalesce(sum(arrived), 0) from voice_rollups where dim = 'queue') as arrived,
           (select coalesce(sum(offered), 0) from voice_rollups where dim = 'queue') as offered,
           (select coalesce(sum(answered), 0) from voice_rollups where dim = 'queue') as answered,
           (select count(*) from calls) as calls,
           (select count(*) from calls where queued_at is not null) as queued,
           (select count(*) from calls where answered_at is not null) as answered_calls`.execute(db);
  const { rows: wrong } = await sql<{ call_id: string }>`
    select c.call_id from calls c
      left join (select call_id, count(*) as n from call_events where type = 'call.offered' group by call_id) e using (call_id)
     where coalesce(c.offers, 0) <> coalesce(e.n, 0)`.execute(db);
  return {
    rollups: { arrived: [Number(r!.arrived), Number(r!.calls)], offered: [Number(r!.offered), Number(r!.queued)], answered: [Number(r!.answered), Number(r!.answered_calls)] },
    callsWithWrongOfferCount: wrong.map((w) => w.call_id),
  };
}
