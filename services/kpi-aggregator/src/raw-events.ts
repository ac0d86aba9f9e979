import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { HotlineEvent } from '@hotline/events';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';

/** A consumed event and its id as call_events keys it. */
export interface PreparedEvent {
  event: HotlineEvent;
  /** Lower-case: Postgres prints uuids so, and the same event may come spelled either way. */
  id: string;
}

// COPY's text format: backslash, tab, newline and carriage return are escaped.
const copyText = (s: string): string => s.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r'));
// JSON text holds no raw tab, newline or carriage return (JSON escapes them): only backslashes to double.
const copyJson = (json: string): string => (json.includes('\\') ? json.replaceAll('\\', '\\\\') : json);

export const prepareEvent = (event: HotlineEvent): PreparedEvent => ({ event, id: event.eventId.toLowerCase() });

/** The event's call_events row in COPY's text format. */
export function copyRowOf(event: HotlineEvent): string {
  const callId = 'callId' in event && event.callId !== undefined ? copyText(event.callId) : '\\N';
  return `${event.eventId}\t${callId}\t${copyText(event.type)}\t${event.at}\t${copyJson(JSON.stringify(event))}\n`;
}

/** The batch's events, each event id once. */
export const uniqueEvents = (batch: readonly PreparedEvent[]): PreparedEvent[] => [...new Map(batch.map((p) => [p.id, p])).values()];

/** A batch's events ready for COPY: each event id once, and their rows as COPY's input. */
export interface RawEvents {
  unique: PreparedEvent[];
  /** The rows of `unique`, encoded: made before the batch's transaction (while the previous batch is written). */
  copy: Buffer;
}

export function rawEventsOf(batch: readonly PreparedEvent[]): RawEvents {
  const unique = uniqueEvents(batch);
  return { unique, copy: copyInput(unique) };
}

/**
 * The rows written straight into one buffer: no row outlives its own line (a batch's rows kept
 * as strings until its transaction were several MB for the garbage collector to move).
 */
function copyInput(events: readonly PreparedEvent[]): Buffer {
  let out = Buffer.allocUnsafe(events.length * 512);
  let length = 0;
  for (const { event } of events) {
    const row = copyRowOf(event);
    const most = 3 * row.length; // UTF-8 bytes of a JavaScript string, at most
    if (length + most > out.length) {
      const bigger = Buffer.allocUnsafe(2 * out.length + most);
      out.copy(bigger, 0, 0, length);
      out = bigger;
    }
    length += out.write(row, length);
  }
  return out.subarray(0, length);
}

export const RAW_EVENTS_SAVEPOINT = 'savepoint raw_events';
const COPY_EVENTS = 'copy call_events (event_id, call_id, type, at, payload) from stdin';

async function copyRows(client: pg.ClientBase, input: Buffer): Promise<void> {
  await pipeline(Readable.from([input]), client.query(copyFrom(COPY_EVENTS)));
}

const isKnownEventId = (err: unknown): boolean => {
  const e = err as { code?: unknown; constraint?: unknown } | null;
  return e?.code === '23505' && e.constraint === 'call_events_pkey';
};

/**
 * Inserts the events not yet in call_events with one COPY straight into the table; returns
 * them (the only ones applied). Safe without ON CONFLICT because writeBatch holds the writer
 * lock (nothing else inserts events). Optimistic: events are nearly always new, so the batch is
 * copied at once inside a savepoint; only when an event_id is already stored (a redelivery) is
 * the copy undone, the known ids looked up and the rest copied. The caller opens the savepoint
 * (RAW_EVENTS_SAVEPOINT) right before, with its `begin` (one round trip less per batch).
 */
export async function insertRawEvents(client: pg.ClientBase, { unique, copy }: RawEvents): Promise<HotlineEvent[]> {
  if (unique.length === 0) return [];
  try {
    await copyRows(client, copy);
    return unique.map((p) => p.event);
  } catch (err) {
    if (!isKnownEventId(err)) throw err;
  }
  await client.query('rollback to savepoint raw_events');
  const { rows } = await client.query<{ id: string }>('select event_id::text as id from call_events where event_id = any($1::uuid[])', [unique.map((p) => p.id)]);
  const known = new Set(rows.map((r) => r.id));
  const fresh = unique.filter((p) => !known.has(p.id));
  if (fresh.length > 0) await copyRows(client, copyInput(fresh));
  return fresh.map((p) => p.event);
}
