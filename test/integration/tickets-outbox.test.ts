import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../support/wait.js';
import { COMPLETE_FIELDS, startTicketStack, type TicketStack } from './tickets-fixtures.js';

// Redis is unreachable for this API: tickets are still written, their events wait in the outbox.
describe('ticket events while Redis is down', () => {
  let t: TicketStack;
  beforeAll(async () => {
    t = await startTicketStack({ REDIS_URL: 'redis://127.0.0.1:1/0', OUTBOX_RETRY_SEC: '1' });
  });
  afterAll(async () => t?.stack.stop());

  it('commits the ticket, keeps the event unpublished with the error, and logs it with the event id', async () => {
    const created = await t.as.agent.post<{ id: string }>('/tickets', COMPLETE_FIELDS);
    expect(created.status).toBe(201);
    const row = await waitFor(async () => {
      const r = await t.stack.database.db
        .selectFrom('ticket_event_outbox')
        .select(['event_id', 'published_at', 'attempts', 'last_error'])
        .where('ticket_id', '=', created.body.id)
        .executeTakeFirst();
      return r && r.attempts > 0 ? r : undefined;
    }, 'a failed publication attempt', 20_000);
    expect(row.published_at).toBeNull();
    expect(row.last_error).toBeTruthy();
    const api = t.stack.services.get('api')!;
    // The API's log is written in batches (up to 100 ms behind).
    await waitFor(
      async () => (api.logs.some((l) => l.msg === 'ticket event not published; kept in the outbox for the next attempt' && l.eventId === row.event_id) ? true : undefined),
      'the outbox log line',
      2000,
      50,
    );
  });
});
