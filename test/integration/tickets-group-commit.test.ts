import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMPLETE_FIELDS, startTicketStack, type TicketBody, type TicketStack } from './tickets-fixtures.js';

// POST /tickets writes concurrent creates together (one statement, one commit): each request
// must still get its own committed row, history and events, and a bad one must fail alone.
describe('concurrent ticket creates (group commit)', () => {
  let t: TicketStack;
  beforeAll(async () => {
    t = await startTicketStack();
  });
  afterAll(async () => t?.stack.stop());

  const stored = async (ids: readonly string[]) => {
    const db = t.stack.database.db;
    const tickets = await db
      .selectFrom('tickets')
      .select(['id', 'request', 'state', 'version', sql<string>`xmin::text`.as('xid')])
      .where('id', 'in', ids)
      .execute();
    const history = await db.selectFrom('ticket_history').select(['ticket_id', 'version', 'action', 'to_state']).where('ticket_id', 'in', ids).execute();
    const events = await db.selectFrom('ticket_event_outbox').select(['ticket_id', 'event']).where('ticket_id', 'in', ids).execute();
    return { tickets, history, events };
  };

  it('gives each of 30 concurrent creates its own committed row, history row and ticket.created event, sharing commits', async () => {
    const requests = Array.from({ length: 30 }, (_, i) => ({ ...COMPLETE_FIELDS, request: `诉求 ${i}` }));
    const replies = await Promise.all(requests.map((body) => t.as.agent.post<TicketBody>('/tickets', body)));
    expect(replies.map((r) => r.status)).toEqual(requests.map(() => 201));
    const ids = replies.map((r) => r.body.id);
    expect(new Set(ids).size).toBe(30);
    replies.forEach((r, i) => expect(r.body).toMatchObject({ state: 'draft', version: 1, request: `诉求 ${i}`, callerName: COMPLETE_FIELDS.callerName }));

    const { tickets, history, events } = await stored(ids);
    expect(new Map(tickets.map((row) => [row.id, row.request]))).toEqual(new Map(ids.map((id, i) => [id, `诉求 ${i}`])));
    expect(history.map((h) => h.ticket_id).sort()).toEqual([...ids].sort());
    expect(history.every((h) => h.version === 1 && h.action === 'create' && h.to_state === 'draft')).toBe(true);
    expect(events.map((e) => e.ticket_id).sort()).toEqual([...ids].sort());
    expect(events.every((e) => (e.event as { type: string }).type === 'ticket.created')).toBe(true);
    // Written together: fewer transactions than tickets (each statement is one transaction).
    expect(new Set(tickets.map((row) => row.xid)).size).toBeLessThan(30);
    // What the API answered is what it stored.
    for (const r of replies.slice(0, 3)) expect((await t.as.agent.get(`/tickets/${r.body.id}`)).body).toEqual(r.body);
  });

  it('a create Postgres refuses (a NUL character) fails alone: the others around it are committed', async () => {
    const before = await t.stack.database.db.selectFrom('tickets').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const requests = Array.from({ length: 20 }, (_, i) => ({ ...COMPLETE_FIELDS, request: i === 7 ? 'bad\u0000text' : `诉求 ${i}` }));
    const replies = await Promise.all(requests.map((body) => t.as.agent.post<TicketBody>('/tickets', body)));
    expect(replies.map((r) => r.status)).toEqual(requests.map((_, i) => (i === 7 ? 400 : 201)));
    const ids = replies.filter((r) => r.status === 201).map((r) => r.body.id);
    const { tickets, history, events } = await stored(ids);
    expect(tickets).toHaveLength(19);
    expect(history).toHaveLength(19);
    expect(events).toHaveLength(19);
    const after = await t.stack.database.db.selectFrom('tickets').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(after.n) - Number(before.n)).toBe(19);
  });

  it('links each of several concurrent call tickets to its own call recording', async () => {
    const db = t.stack.database.db;
    await sql`insert into calls (call_id, caller, dialed, arrived_at, ended_at)
      select 'gc-' || g, '1360000100' || g, '12345', now(), now() from generate_series(1, 4) g`.execute(db);
    await sql`insert into recordings (recording_id, call_id, path, duration_ms, sample_rate, channels, sha256, stored_at, retention_until)
      select 'gc-rec-' || g, 'gc-' || g, 'gc/' || g || '.wav', 1000, 8000, 2, repeat('a', 64), now(), now() + interval '1 day'
        from generate_series(1, 3) g`.execute(db);
    const replies = await Promise.all([1, 2, 3, 4].map((g) => t.as.agent.post<TicketBody>('/tickets', { ...COMPLETE_FIELDS, contact: undefined, callId: `gc-${g}` })));
    expect(replies.map((r) => r.status)).toEqual([201, 201, 201, 201]);
    expect(replies.map((r) => [r.body.callId, r.body.recordingId, r.body.callerNumber])).toEqual([
      ['gc-1', 'gc-rec-1', '13600001001'],
      ['gc-2', 'gc-rec-2', '13600001002'],
      ['gc-3', 'gc-rec-3', '13600001003'],
      ['gc-4', null, '13600001004'],
    ]);
  });
});
