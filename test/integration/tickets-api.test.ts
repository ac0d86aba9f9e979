import { EVENTS_QUEUE, eventsOfJob, parseEvent } from '@hotline/events';
import { Queue } from 'bullmq';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../support/wait.js';
import {
  ADMIN_TOKEN,
  COMPLETE_FIELDS,
  Client,
  HOUSING,
  ROADS,
  act,
  createTicket,
  startTicketStack,
  ticketIn,
  type TicketStack,
} from './tickets-fixtures.js';

const MB = 'x'.repeat(1024 * 1024);

describe('tickets API: validation, auth, lists, callbacks, caller history, events, docs', () => {
  let t: TicketStack;
  const counts = async () => {
    const db = t.stack.database.db;
    const n = async (table: 'tickets' | 'ticket_history' | 'ticket_event_outbox' | 'callback_tasks') =>
      Number((await db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    return { tickets: await n('tickets'), history: await n('ticket_history'), outbox: await n('ticket_event_outbox'), tasks: await n('callback_tasks') };
  };

  beforeAll(async () => {
    t = await startTicketStack({ TICKET_DUE_SOON_MIN: '60' });
  });
  afterAll(async () => t?.stack.stop());

  describe('malformed bodies get 400 naming the field, and nothing is written', () => {
    it.each([
      ['a wrong type', { ...COMPLETE_FIELDS, source: 5 }, 'source'],
      ['a missing source', { callerName: '张三' }, 'source'],
      ['an unknown channel', { ...COMPLETE_FIELDS, source: 'fax' }, 'source'],
      ['an unknown category', { ...COMPLETE_FIELDS, category: 'praise' }, 'category'],
      ['a 1 MB event', { ...COMPLETE_FIELDS, event: MB }, 'event'],
      ['a contact that is not a number or address', { ...COMPLETE_FIELDS, contact: 'call me maybe' }, 'contact'],
      ['an unknown field', { ...COMPLETE_FIELDS, colour: 'red' }, 'colour'],
      ['a call id on a web ticket', { ...COMPLETE_FIELDS, source: 'web', callId: 'c1' }, 'callId'],
      ['an unknown call', { ...COMPLETE_FIELDS, callId: 'no-such-call' }, 'callId'],
    ])('POST /tickets with %s', async (_what, body, field) => {
      const before = await counts();
      const result = await t.as.agent.post('/tickets', body);
      expect(result.status, JSON.stringify(result.body).slice(0, 500)).toBe(400);
      expect(result.body.message).toContain(field);
      expect(await counts()).toEqual(before);
    });

    it('POST /tickets with invalid JSON', async () => {
      const before = await counts();
      const result = await t.as.agent.post('/tickets', '{"source": "phone",');
      expect(result.status).toBe(400);
      expect(await counts()).toEqual(before);
    });

    it.each([
      ['a missing department', { type: 'dispatch' }, 'department'],
      ['an unknown department', { type: 'dispatch', department: 'police' }, 'department'],
      ['a 1 MB note', { type: 'dispatch', department: ROADS, note: MB }, 'note'],
      ['an unknown action', { type: 'teleport' }, 'type'],
      ['a wrong type', { type: 'dispatch', department: 42 }, 'department'],
      ['a non-integer version', { type: 'dispatch', department: ROADS, version: 'one' }, 'version'],
    ])('an action with %s', async (_what, body, field) => {
      const ticket = await createTicket(t);
      const before = await counts();
      const result = await act(t.as.agent, ticket.id, body);
      expect(result.status, JSON.stringify(result.body).slice(0, 500)).toBe(400);
      expect(result.body.message).toContain(field);
      expect(await counts()).toEqual(before);
      expect((await t.as.agent.get(`/tickets/${ticket.id}`)).body).toMatchObject({ state: 'draft', version: 1 });
    });

    it('dispatching a draft that lacks the elements the seeds require names them', async () => {
      const ticket = await createTicket(t, { source: 'phone', callerName: '匿名', category: 'consult' });
      const result = await act(t.as.agent, ticket.id, { type: 'dispatch', department: ROADS });
      expect(result.status).toBe(400);
      for (const field of ['contact', 'location', 'event', 'request']) expect(result.body.message).toContain(field);
      const fixed = await act(t.as.agent, ticket.id, {
        type: 'edit',
        fields: { contact: '+86 138-0013-8001', location: '滨海大道', event: '公交站牌损坏', request: '请维修' },
      });
      expect(fixed.body).toMatchObject({ contact: '13800138001', version: 2 });
      expect((await act(t.as.agent, ticket.id, { type: 'dispatch', department: ROADS })).status).toBe(200);
    });

    it('a complaint cannot be resolved online (seed 001: complaints are dispatched)', async () => {
      const ticket = await createTicket(t, { ...COMPLETE_FIELDS, category: 'complaint' });
      const result = await act(t.as.agent, ticket.id, { type: 'resolve_online', answer: '已解释' });
      expect(result.status).toBe(400);
      expect(result.body.message).toContain('category');
    });
  });

  describe('concurrency and audit', () => {
    it('parallel actions on one ticket: each is applied once or refused with 409, versions and history stay contiguous', async () => {
      const ticket = await ticketIn(t, 'dispatched');
      const results = await Promise.all(
        Array.from({ length: 8 }, (_, i) => act(t.as.agent, ticket.id, { type: 'follow_up', note: `催办 ${i}` })),
      );
      expect(results.every((r) => r.status === 200 || r.status === 409)).toBe(true);
      const applied = results.filter((r) => r.status === 200).length;
      expect(applied).toBeGreaterThanOrEqual(1);
      const history = await t.as.agent.get<{ history: { version: number }[] }>(`/tickets/${ticket.id}/history`);
      const versions = history.body.history.map((h) => h.version);
      expect(versions).toEqual(Array.from({ length: ticket.version + applied }, (_, i) => i + 1));
      expect((await t.as.agent.get(`/tickets/${ticket.id}`)).body.version).toBe(ticket.version + applied);
    });

    it('the history table refuses updates and deletes', async () => {
      const db = t.stack.database.db;
      await expect(db.updateTable('ticket_history').set({ actor_id: 'someone-else' }).execute()).rejects.toThrow(/append-only/);
      await expect(db.deleteFrom('ticket_history').execute()).rejects.toThrow(/append-only/);
    });
  });

  describe('auth', () => {
    it('401 without a token or with an unknown one, 403 naming the role otherwise', async () => {
      expect((await new Client(t.stack, undefined).get('/tickets')).status).toBe(401);
      const unknown = await new Client(t.stack, 'hl_nope').get('/tickets');
      expect(unknown).toMatchObject({ status: 401, body: { message: 'unknown or revoked token' } });
      const refused = await t.as.agent.get('/admin/users');
      expect(refused.status).toBe(403);
      expect(refused.body.message).toBe('role agent may not GET /admin/users (roles allowed: admin)');
      expect((await t.as.department.post('/tickets', COMPLETE_FIELDS)).status).toBe(403);
      expect((await t.as.qa.post('/callbacks/missed-calls/sync')).status).toBe(403);
    });

    it('a revoked key stops working; /calls needs a key too; keys are stored as hashes', async () => {
      const key = await t.admin.post<{ keyId: string; token: string }>('/admin/users/agent1/keys', {});
      const client = new Client(t.stack, key.body.token);
      expect((await client.get('/tickets')).status).toBe(200);
      expect((await t.admin.request('DELETE', `/admin/keys/${key.body.keyId}`)).status).toBe(200);
      expect((await client.get('/tickets')).status).toBe(401);
      expect((await new Client(t.stack, undefined).get('/calls')).status).toBe(401);
      expect((await t.as.agent.get('/calls')).status).toBe(200);
      const keys = await t.stack.database.db.selectFrom('api_keys').select('token_sha256').execute();
      expect(keys.every((k) => /^[0-9a-f]{64}$/.test(k.token_sha256) && k.token_sha256 !== ADMIN_TOKEN)).toBe(true);
    });

    it('admin manages skills, queues and agents as @hotline/acd definitions', async () => {
      expect((await t.admin.put('/admin/skills/general', { description: '综合' })).status).toBe(200);
      const queue = { name: '综合咨询', skill: 'general', maxWaitSec: 120, overflow: { action: 'callback' }, capacity: 50, wrapUpSec: 30, policy: 'longest_idle' };
      expect((await t.admin.put('/admin/queues/general', queue)).status).toBe(200);
      const looping = await t.admin.put('/admin/queues/general', { ...queue, overflow: { action: 'queue', queueId: 'general' } });
      expect(looping.status).toBe(400);
      expect(looping.body.message).toContain('overflow cycle');
      expect((await t.admin.put('/admin/queues/vip', { ...queue, skill: 'vip' })).body.message).toContain('skill');
      expect((await t.admin.put('/admin/agents/A001', { name: '张三', seat: 'agent0001', skills: { general: 5 }, userId: 'agent1' })).status).toBe(200);
      expect((await t.admin.put('/admin/agents/A002', { name: '李四', seat: 'agent0001', skills: {} })).status).toBe(409);
      const config = await t.admin.get('/admin/queue-config');
      expect(config.body).toMatchObject({ queues: [{ id: 'general', ringTimeoutSec: 15 }], agents: [{ id: 'A001', seat: 'agent0001' }] });
    });
  });

  describe('lists', () => {
    it('filter by state, category, channel, department, text and date range, one cursor page at a time', async () => {
      const mark = `标记${Date.now()}`;
      const made = [];
      for (let i = 0; i < 5; i += 1) made.push(await createTicket(t, { ...COMPLETE_FIELDS, source: 'web', event: `${mark} 第${i}件` }));
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const query: string = `/tickets?q=${encodeURIComponent(mark)}&source=web&state=draft&category=help&limit=2${cursor ? `&cursor=${cursor}` : ''}`;
        const pageReply = await t.as.supervisor.get<{ tickets: { id: string }[]; nextCursor: string | null }>(query);
        expect(pageReply.status).toBe(200);
        seen.push(...pageReply.body.tickets.map((x) => x.id));
        cursor = pageReply.body.nextCursor;
      } while (cursor !== null);
      expect(seen).toEqual(made.map((m) => m.id).reverse());

      const future = new Date(Date.now() + 3_600_000).toISOString();
      expect((await t.as.supervisor.get(`/tickets?q=${encodeURIComponent(mark)}&from=${future}`)).body.tickets).toEqual([]);
      expect((await t.as.supervisor.get('/tickets?state=limbo')).status).toBe(400);
      expect((await t.as.supervisor.get('/tickets?cursor=garbage')).status).toBe(400);
    });

    it('a department sees only its own tickets', async () => {
      const roads = await ticketIn(t, 'dispatched');
      const housing = await act(t.as.agent, (await createTicket(t)).id, { type: 'dispatch', department: HOUSING });
      const list = await t.departmentUser[ROADS].get<{ tickets: { id: string; department: string }[] }>('/tickets?limit=200');
      expect(list.body.tickets.map((x) => x.id)).toContain(roads.id);
      expect(list.body.tickets.every((x) => x.department === ROADS)).toBe(true);
      expect((await t.departmentUser[ROADS].get(`/tickets/${housing.body.id}`)).status).toBe(403);
      expect((await t.departmentUser[ROADS].get(`/tickets/${housing.body.id}/history`)).status).toBe(403);
      expect((await t.departmentUser[ROADS].get(`/tickets?department=${HOUSING}`)).status).toBe(403);
    });

    it('?due=soon and ?due=overdue list the deadline each ticket waits on, soonest first', async () => {
      const fresh = await createTicket(t); // a phone draft: dispatch due in 15 min, within the 60 min "soon" window
      expect(fresh).toMatchObject({ nextDue: { kind: 'dispatch', status: 'soon' } });
      expect(Date.parse((fresh as any).nextDue.at) - Date.parse((fresh as any).createdAt)).toBe(15 * 60_000);

      // A ticket created 20 minutes ago and touched now is overdue for dispatch.
      const late = await createTicket(t);
      const db = t.stack.database.db;
      const row = await db.selectFrom('tickets').select('doc').where('id', '=', late.id).executeTakeFirstOrThrow();
      const doc = { ...(row.doc as Record<string, unknown>), createdAt: Date.now() - 20 * 60_000 };
      await db.updateTable('tickets').set({ doc: JSON.stringify(doc) }).where('id', '=', late.id).execute();
      const touched = await act(t.as.agent, late.id, { type: 'edit', fields: { urgency: 'urgent' } });
      expect(touched.body.nextDue).toMatchObject({ kind: 'dispatch', status: 'overdue' });

      const overdue = await t.as.supervisor.get<{ tickets: { id: string; nextDue: { at: string } }[] }>('/tickets?due=overdue&limit=200');
      expect(overdue.body.tickets.map((x) => x.id)).toContain(late.id);
      expect(overdue.body.tickets.map((x) => x.id)).not.toContain(fresh.id);
      const soon = await t.as.supervisor.get<{ tickets: { id: string; nextDue: { at: string } }[] }>('/tickets?due=soon&limit=200');
      expect(soon.body.tickets.map((x) => x.id)).toContain(fresh.id);
      const dues = soon.body.tickets.map((x) => Date.parse(x.nextDue.at));
      expect(dues).toEqual([...dues].sort((a, b) => a - b));
      // The department's lists hold its own (department) deadlines only.
      const deptSoon = await t.departmentUser[ROADS].get<{ tickets: { nextDue: { kind: string } }[] }>('/tickets?due=overdue');
      expect(deptSoon.body.tickets.every((x) => x.nextDue.kind === 'department')).toBe(true);

      // The table is tiny here, so the planner would scan it: forbid that to show the index serves the list.
      const plan = await db.transaction().execute(async (trx) => {
        await sql`set local enable_seqscan = off`.execute(trx);
        return sql<{ 'QUERY PLAN': string }>`explain select id from tickets where next_due_at < now() order by next_due_at limit 50`.execute(trx);
      });
      expect(plan.rows.map((r) => r['QUERY PLAN']).join('\n')).toContain('tickets_next_due');
    });
  });

  describe('callbacks', () => {
    it('a replied dispatched ticket gets a callback task due in 24 business hours; its result closes the ticket', async () => {
      const replied = await ticketIn(t, 'replied');
      const tasks = await t.as.agent.get<{ tasks: { id: string; ticketId: string; reason: string; dueAt: string; number: string }[] }>(
        '/callbacks?status=open&kind=ticket&limit=200',
      );
      const task = tasks.body.tasks.find((x) => x.ticketId === replied.id);
      expect(task).toMatchObject({ reason: 'dispatched', number: '13800138000' });
      expect(task!.dueAt).toBe((replied as any).due.callback);
      // Due in 24 business hours: not overdue, not within the 60 min "soon" window either.
      const overdue = await t.as.agent.get<{ tasks: { id: string }[] }>('/callbacks?due=overdue&limit=200');
      expect(overdue.body.tasks.map((x) => x.id)).not.toContain(task!.id);

      const notReached = await t.as.agent.post(`/callbacks/${task!.id}/result`, { reached: false, note: '无人接听' });
      expect(notReached.body).toMatchObject({ task: { status: 'open', attempts: 1 }, ticket: { state: 'callback' } });
      const reached = await t.as.agent.post(`/callbacks/${task!.id}/result`, { reached: true, satisfaction: 'satisfied' });
      expect(reached.body).toMatchObject({ task: { status: 'done', attempts: 2, satisfaction: 'satisfied' }, ticket: { state: 'closed' } });
      expect((await t.as.agent.post(`/callbacks/${task!.id}/result`, { reached: true, satisfaction: 'satisfied' })).status).toBe(409);
    });

    it('abandoned calls become one missed-call task per number; withheld numbers are skipped', async () => {
      const db = t.stack.database.db;
      const at = (s: number) => new Date(Date.now() - s * 1000);
      await db
        .insertInto('calls')
        .values([
          { call_id: 'm1', caller: '+86 139 0000 0001', queue_id: 'general', queued_at: at(300), abandoned_at: at(280), arrived_at: at(310) },
          { call_id: 'm2', caller: '13900000001', queue_id: 'general', queued_at: at(200), abandoned_at: at(150), arrived_at: at(210) },
          { call_id: 'm3', caller: 'anonymous', queue_id: 'general', queued_at: at(100), abandoned_at: at(90), arrived_at: at(110) },
          { call_id: 'm4', caller: '13900000002', queue_id: 'general', queued_at: at(50), answered_at: at(40), arrived_at: at(60) },
        ])
        .execute();
      const sync = await t.as.supervisor.post('/callbacks/missed-calls/sync');
      expect(sync.body).toEqual({ calls: 3, tasked: 2, skipped: 1 });
      expect((await t.as.supervisor.post('/callbacks/missed-calls/sync')).body).toEqual({ calls: 0, tasked: 0, skipped: 0 });

      const tasks = await t.as.agent.get<{ tasks: { id: string; number: string; callIds: string[]; longestWaitMs: number }[] }>(
        '/callbacks?kind=missed_call',
      );
      expect(tasks.body.tasks).toHaveLength(1);
      expect(tasks.body.tasks[0]).toMatchObject({ number: '13900000001', callIds: ['m1', 'm2'], longestWaitMs: 50_000 });
      // A task whose due time has passed is on the overdue list.
      await db.updateTable('callback_tasks').set({ due_at: at(60) }).where('id', '=', tasks.body.tasks[0]!.id).execute();
      const overdue = await t.as.agent.get<{ tasks: { id: string }[] }>('/callbacks?due=overdue&kind=missed_call');
      expect(overdue.body.tasks.map((x) => x.id)).toEqual([tasks.body.tasks[0]!.id]);
      const done = await t.as.agent.post(`/callbacks/${tasks.body.tasks[0]!.id}/result`, { reached: true, note: '已回拨解答' });
      expect(done.body).toMatchObject({ task: { status: 'done', reached: true } });
      expect((await t.as.agent.post(`/callbacks/${tasks.body.tasks[0]!.id}/result`, { reached: true, satisfaction: 'satisfied' })).status).toBe(409);
    });
  });

  it("a ticket from a call links to the call's recording, also when the recording is stored after the ticket", async () => {
    const db = t.stack.database.db;
    await db.insertInto('calls').values({ call_id: 'r1', caller: '13600000001', arrived_at: new Date() }).execute();
    const ticket = await createTicket(t, { ...COMPLETE_FIELDS, callId: 'r1' });
    expect(ticket).toMatchObject({ callId: 'r1', callerNumber: '13600000001', recordingId: null });
    const recording = (id: string, storedAt: Date) => ({
      recording_id: id,
      call_id: 'r1',
      path: `2026/11/${id}.wav`,
      duration_ms: 60_000,
      sample_rate: 8000,
      channels: 2,
      sha256: 'a'.repeat(64),
      stored_at: storedAt,
      retention_until: new Date(Date.now() + 86_400_000),
    });
    await db.insertInto('recordings').values(recording('rec-1', new Date())).execute();
    expect((await t.as.agent.get(`/tickets/${ticket.id}`)).body.recordingId).toBe('rec-1');
    const second = await createTicket(t, { ...COMPLETE_FIELDS, callId: 'r1', request: '另一诉求' });
    expect(second.recordingId).toBe('rec-1');
  });

  it('GET /callers/:number/history finds calls and tickets however the number is written', async () => {
    const db = t.stack.database.db;
    await db.insertInto('calls').values({ call_id: 'h1', caller: '+8613700001111', arrived_at: new Date() }).execute();
    await createTicket(t, { ...COMPLETE_FIELDS, callId: 'h1', contact: undefined } as any);
    await createTicket(t, { ...COMPLETE_FIELDS, contact: '137-0000-1111' });
    const history = await t.as.agent.get<{ number: string; calls: { callId: string }[]; tickets: { callId: string | null }[] }>(
      `/callers/${encodeURIComponent('+86 137 0000 1111')}/history`,
    );
    expect(history.status).toBe(200);
    expect(history.body.number).toBe('13700001111');
    expect(history.body.calls.map((c) => c.callId)).toEqual(['h1']);
    expect(history.body.tickets).toHaveLength(2);
    expect((await t.as.agent.get('/callers/not-a-number/history')).status).toBe(400);
  });

  it('publishes ticket events to BullMQ after the commit, through the outbox', async () => {
    const ticket = await ticketIn(t, 'accepted');
    const queue = new Queue(EVENTS_QUEUE, { connection: { url: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379/0' }, prefix: t.stack.env.REDIS_PREFIX });
    try {
      const events = await waitFor(async () => {
        const jobs = await queue.getJobs(['waiting', 'prioritized', 'delayed']);
        const mine = jobs.flatMap((j) => eventsOfJob(j.name, j.data)).map((e) => parseEvent(e)).filter((e) => 'ticketId' in e && e.ticketId === ticket.id);
        return mine.length >= 3 ? mine : undefined;
      }, 'the ticket events in BullMQ');
      expect(events.map((e) => (e.type === 'ticket.transitioned' ? e.action : e.type)).sort()).toEqual(['accept', 'dispatch', 'ticket.created']);
      const dispatch = events.find((e) => e.type === 'ticket.transitioned' && e.action === 'dispatch');
      expect(dispatch).toMatchObject({ department: ROADS, firstDepartment: ROADS, onTime: true, channel: 'phone', category: 'help' });
    } finally {
      await queue.close();
    }
    const pending = await t.stack.database.db.selectFrom('ticket_event_outbox').select('event_id').where('published_at', 'is', null).execute();
    expect(pending).toEqual([]);
  });

  it('/docs serves the OpenAPI document generated from the route schemas', async () => {
    expect((await new Client(t.stack, undefined).get('/docs')).status).toBe(401);
    const docs = await t.as.department.get<{ openapi: string; paths: Record<string, unknown> }>('/docs');
    expect(docs.status).toBe(200);
    expect(docs.body.openapi).toMatch(/^3\./);
    for (const path of ['/tickets/', '/tickets/{id}/actions', '/tickets/{id}/history', '/callers/{number}/history', '/callbacks/{id}/result', '/admin/users/{id}']) {
      expect(Object.keys(docs.body.paths)).toContain(path);
    }
  });
});
