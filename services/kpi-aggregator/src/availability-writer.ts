import type { HotlineEvent, PlatformAvailability } from '@hotline/events';
import type pg from 'pg';

/**
 * Stores the controllers' minute samples (platform.availability) for the availability KPIs.
 * Given every event of a batch, fresh or redelivered: a sample already stored (same event, or
 * the same instance and minute) is skipped, so a retried batch writes each minute once.
 */
export async function writeAvailabilitySamples(pool: pg.Pool, events: readonly HotlineEvent[]): Promise<number> {
  const samples = events.filter((e): e is PlatformAvailability => e.type === 'platform.availability');
  if (samples.length === 0) return 0;
  const rows = samples.map((e) => ({ minute: e.minute, instance: e.instance, ...e.up, probes: e.probes, event_id: e.eventId }));
  const { rowCount } = await pool.query(
    `insert into platform_availability (minute, instance, telephony, ivr, queue, seats, probes, event_id)
     select minute, instance, telephony, ivr, queue, seats, probes, event_id
       from jsonb_to_recordset($1::jsonb)
         as r(minute timestamptz, instance text, telephony boolean, ivr boolean, queue boolean, seats boolean, probes integer, event_id uuid)
     on conflict do nothing`,
    [JSON.stringify(rows)],
  );
  return rowCount ?? 0;
}
