import type { HotlineEvent, TicketEvent } from '@hotline/events';

/** What the API publishes through the outbox: ticket events and QA reviews of recordings. */
export type OutboxEvent = TicketEvent | Extract<HotlineEvent, { type: 'recording.reviewed' }>;
import { sql } from 'kysely';
import type { Executor } from './executor.js';

/** The outbox rows of `events`, in order. */
export function outboxRows(events: readonly OutboxEvent[]) {
  return events.map((event) => ({ event_id: event.eventId, ticket_id: ('ticketId' in event ? event.ticketId : undefined) ?? null, event: JSON.stringify(event) }));
}

/** Writes events in the caller's transaction; they are published once it commits. */
export async function enqueueEvents(db: Executor, events: readonly OutboxEvent[]): Promise<void> {
  if (events.length === 0) return;
  await db.insertInto('ticket_event_outbox').values(outboxRows(events)).execute();
}

/**
 * Runs `publish` over the oldest unpublished events, in write order, inside one transaction
 * that locks them (SKIP LOCKED: two API instances never publish the same batch). Stops at the
 * first failure, so a ticket's events are never published out of order; returns how many went out.
 */
export async function drainOutbox(
  db: Executor,
  batch: number,
  publish: (event: OutboxEvent) => Promise<void>,
): Promise<{ published: number; failed?: { event: OutboxEvent; error: Error } }> {
  return db.transaction().execute(async (trx) => {
    const rows = await trx
      .selectFrom('ticket_event_outbox')
      .select(['seq', 'event'])
      .where('published_at', 'is', null)
      .orderBy('seq')
      .limit(batch)
      .forUpdate()
      .skipLocked()
      .execute();
    let published = 0;
    for (const row of rows) {
      const event = row.event as OutboxEvent;
      try {
        await publish(event);
      } catch (err) {
        await trx
          .updateTable('ticket_event_outbox')
          .set({ attempts: sql`attempts + 1`, last_error: String((err as Error).message).slice(0, 2000) })
          .where('seq', '=', row.seq)
          .execute();
        return { published, failed: { event, error: err as Error } };
      }
      await trx.updateTable('ticket_event_outbox').set({ published_at: new Date() }).where('seq', '=', row.seq).execute();
      published += 1;
    }
    return { published };
  });
}
