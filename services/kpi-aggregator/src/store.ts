import type { Db } from '@hotline/db';
import { isCallEvent, type HotlineEvent } from '@hotline/events';
import { sql } from 'kysely';
import { foldCallEvents } from './call-fold.js';

/**
 * Writes one batch in ONE statement: the raw events (a redelivered event_id is skipped)
 * and the merged call rows, where a column already set keeps its value (coalesce), so
 * duplicates and out-of-order delivery change nothing.
 */
export async function writeBatch(db: Db, events: readonly HotlineEvent[]): Promise<void> {
  const unique = [...new Map(events.map((e) => [e.eventId, e])).values()];
  const raw = unique.map((e) => ({ event_id: e.eventId, call_id: isCallEvent(e) ? e.callId : null, type: e.type, at: e.at, payload: e }));
  const calls = foldCallEvents(unique.filter(isCallEvent));
  await sql`
    with inserted as (
      insert into call_events (event_id, call_id, type, at, payload)
      select event_id, call_id, type, at, payload
        from jsonb_to_recordset(${JSON.stringify(raw)}::jsonb)
          as r(event_id uuid, call_id text, type text, at timestamptz, payload jsonb)
      on conflict (event_id) do nothing
    )
    insert into calls (call_id, caller, dialed, channel_id, arrived_at, ivr_answered_at, queue_id,
                       answered_at, agent_id, wait_ms, ended_at, end_cause)
    select call_id, caller, dialed, channel_id, arrived_at, ivr_answered_at, queue_id,
           answered_at, agent_id, wait_ms, ended_at, end_cause
      from jsonb_to_recordset(${JSON.stringify(calls)}::jsonb)
        as c(call_id text, caller text, dialed text, channel_id text, arrived_at timestamptz,
             ivr_answered_at timestamptz, queue_id text, answered_at timestamptz, agent_id text,
             wait_ms integer, ended_at timestamptz, end_cause text)
    on conflict (call_id) do update set
      caller          = coalesce(calls.caller, excluded.caller),
      dialed          = coalesce(calls.dialed, excluded.dialed),
      channel_id      = coalesce(calls.channel_id, excluded.channel_id),
      arrived_at      = coalesce(calls.arrived_at, excluded.arrived_at),
      ivr_answered_at = coalesce(calls.ivr_answered_at, excluded.ivr_answered_at),
      queue_id        = coalesce(calls.queue_id, excluded.queue_id),
      answered_at     = coalesce(calls.answered_at, excluded.answered_at),
      agent_id        = coalesce(calls.agent_id, excluded.agent_id),
      wait_ms         = coalesce(calls.wait_ms, excluded.wait_ms),
      ended_at        = coalesce(calls.ended_at, excluded.ended_at),
      end_cause       = coalesce(calls.end_cause, excluded.end_cause),
      updated_at      = now()
  `.execute(db);
}
