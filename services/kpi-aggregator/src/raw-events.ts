import type { HotlineEvent } from '@hotline/events';
import type pg from 'pg';

/** Inserts the events into call_events; returns those not seen before (the only ones applied). */
export async function insertRawEvents(client: pg.ClientBase, events: readonly HotlineEvent[]): Promise<HotlineEvent[]> {
  if (events.length === 0) return [];
  const unique = [...new Map(events.map((e) => [e.eventId, e])).values()];
  const raw = unique.map((e) => ({ event_id: e.eventId, call_id: 'callId' in e ? (e.callId ?? null) : null, type: e.type, at: e.at, payload: e }));
  const { rows } = await client.query<{ event_id: string }>(
    `insert into call_events (event_id, call_id, type, at, payload)
     select event_id, call_id, type, at, payload
       from jsonb_to_recordset($1::jsonb) as r(event_id uuid, call_id text, type text, at timestamptz, payload jsonb)
     on conflict (event_id) do nothing
     returning event_id`,
    [JSON.stringify(raw)],
  );
  const inserted = new Set(rows.map((r) => r.event_id));
  return unique.filter((e) => inserted.has(e.eventId.toLowerCase()));
}
