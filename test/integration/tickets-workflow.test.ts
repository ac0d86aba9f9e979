import { ACTION_TYPES, ROLES, TICKET_STATES, TRANSITIONS, actionsFrom, findTransition, type TicketState } from '@hotline/tickets';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  HOUSING,
  ROADS,
  act,
  clientFor,
  createTicket,
  otherDepartmentOf,
  sampleAction,
  startTicketStack,
  ticketIn,
  type TicketBody,
  type TicketStack,
} from './tickets-fixtures.js';

// Every (state, action) pair of the workflow table, through HTTP against real Postgres.
const pairs = TICKET_STATES.flatMap((state) => ACTION_TYPES.map((action) => [state, action] as const));
const legal = pairs.filter(([state, action]) => findTransition(state, action) !== undefined);
const illegal = pairs.filter(([state, action]) => findTransition(state, action) === undefined);
const legalForRole = legal.flatMap(([state, action]) => findTransition(state, action)!.roles.map((role) => [state, action, role] as const));
const refusedRole = legal.flatMap(([state, action]) =>
  ROLES.filter((role) => !findTransition(state, action)!.roles.includes(role)).map((role) => [state, action, role] as const),
);
const departmentRows = legal.filter(([state, action]) => findTransition(state, action)!.roles.includes('department'));

describe('the ticket workflow over HTTP', () => {
  let t: TicketStack;
  /** One ticket per state, for requests that must change nothing. */
  const inState = new Map<TicketState, TicketBody>();
  const historyCount = async () => Number((await t.stack.database.db.selectFrom('ticket_history').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

  beforeAll(async () => {
    t = await startTicketStack();
    for (const state of TICKET_STATES) inState.set(state, await ticketIn(t, state));
  });
  afterAll(async () => t?.stack.stop());

  it('covers the whole table', () => {
    expect(legal.length + illegal.length).toBe(TICKET_STATES.length * ACTION_TYPES.length);
    expect(TRANSITIONS.length).toBeGreaterThan(0);
  });

  describe.each(legalForRole)('%s + %s as %s', (state, action, role) => {
    it('succeeds, lands in a listed state and appends one history row', async () => {
      const ticket = await ticketIn(t, state);
      const result = await act(clientFor(t, role, ticket), ticket.id, sampleAction(action, ticket));
      expect(result.status, JSON.stringify(result.body)).toBe(200);
      expect(findTransition(state, action)!.to).toContain(result.body.state);
      expect(result.body.version).toBe(ticket.version + 1);
      const history = await t.as.supervisor.get<{ history: { version: number; action: string; from: string; to: string }[] }>(
        `/tickets/${ticket.id}/history`,
      );
      expect(history.body.history.at(-1)).toMatchObject({ version: ticket.version + 1, action, from: state, to: result.body.state });
    });
  });

  describe.each(illegal)('%s + %s', (state, action) => {
    it('is refused with 409 listing the allowed actions, and changes nothing', async () => {
      const ticket = inState.get(state)!;
      const before = await historyCount();
      const result = await act(t.as.supervisor, ticket.id, sampleAction(action, ticket));
      expect(result.status, JSON.stringify(result.body)).toBe(409);
      expect(result.body).toMatchObject({ reason: 'illegal_transition', state, action, allowed: actionsFrom(state) });
      expect(await historyCount()).toBe(before);
    });
  });

  describe.each(refusedRole)('%s + %s as %s', (state, action, role) => {
    it('is refused with 403 and a reason, and changes nothing', async () => {
      const ticket = inState.get(state)!;
      const before = await historyCount();
      const result = await act(clientFor(t, role, ticket), ticket.id, sampleAction(action, ticket));
      expect(result.status, JSON.stringify(result.body)).toBe(403);
      expect(result.body.message).toMatch(new RegExp(`${role}|department`));
      expect(await historyCount()).toBe(before);
    });
  });

  describe.each(departmentRows)('%s + %s by another department', (state, action) => {
    it('is refused with 403', async () => {
      const ticket = inState.get(state)!;
      const result = await act(otherDepartmentOf(t, ticket), ticket.id, sampleAction(action, ticket));
      expect(result.status, JSON.stringify(result.body)).toBe(403);
      expect(result.body.message).toMatch(/only (see|act on) tickets dispatched to it/);
    });
  });

  it('walks a wrong dispatch through return review, re-dispatch, a dissatisfied callback, a second round and closure', async () => {
    const ticket = await createTicket(t, {
      source: 'wechat',
      callerName: '王先生',
      contact: 'wang@example.com',
      location: '龙华区金贸西路',
      event: '小区夜间施工噪音扰民',
      request: '要求停止夜间施工',
      category: 'complaint',
    });
    const steps: [ReturnType<typeof clientFor>, Record<string, unknown>, TicketState][] = [
      [t.as.agent, { type: 'dispatch', department: ROADS }, 'dispatched'],
      [t.departmentUser[ROADS], { type: 'return', reason: '夜间施工噪音属住建局职责', evidence: ['《建筑施工场界环境噪声排放标准》'] }, 'returned'],
      [t.as.agent, { type: 'approve_return', department: HOUSING }, 'dispatched'],
      [t.departmentUser[HOUSING], { type: 'accept' }, 'accepted'],
      [t.departmentUser[HOUSING], { type: 'reply', text: '已责令施工单位停止夜间施工', resolved: true }, 'replied'],
      [t.as.agent, { type: 'reject_reply', reason: '答复缺少办理时间、地点和人员' }, 'accepted'],
      [
        t.departmentUser[HOUSING],
        { type: 'reply', text: '已责令停止夜间施工', resolved: true, handledAt: Date.now(), handledPlace: '金贸西路工地', handledBy: '住建局执法队张三' },
        'replied',
      ],
      [t.as.agent, { type: 'start_callback' }, 'callback'],
      [t.as.agent, { type: 'callback_result', reached: true, satisfaction: 'dissatisfied', note: '仍有施工' }, 'reopened'],
      [t.as.supervisor, { type: 'dispatch', department: HOUSING }, 'dispatched'],
      [t.departmentUser[HOUSING], { type: 'accept' }, 'accepted'],
      [t.departmentUser[HOUSING], { type: 'reply', text: '已现场查处并处罚', resolved: true }, 'replied'],
      [t.as.agent, { type: 'start_callback' }, 'callback'],
      [t.as.agent, { type: 'callback_result', reached: true, satisfaction: 'satisfied' }, 'closed'],
    ];
    let current = ticket;
    const replyMissing: unknown[] = [];
    for (const [client, action, expected] of steps) {
      const result = await act(client, current.id, { ...action, version: current.version });
      expect(result.status, JSON.stringify(result.body)).toBe(200);
      expect(result.body.state).toBe(expected);
      if (expected === 'replied') replyMissing.push(result.body.replyMissing);
      current = result.body;
    }
    // 答复意见审核 (seed 001): the first complaint reply lacks when, where and who; the second has them.
    expect(replyMissing.slice(0, 2)).toEqual([['handledAt', 'handledPlace', 'handledBy'], []]);
    expect(current).toMatchObject({ firstDepartment: ROADS, finalDepartment: HOUSING, dispatchTrail: [ROADS, HOUSING, HOUSING], reopenCount: 1 });

    const history = await t.as.qa.get<{ history: { action: string; actor: { id: string }; changes: { field: string }[] }[] }>(
      `/tickets/${ticket.id}/history`,
    );
    expect(history.body.history.map((h) => h.action)).toEqual(['create', ...steps.map(([, a]) => a.type)]);
    expect(history.body.history[2]).toMatchObject({ actor: { id: 'roads-user' } });
    expect(history.body.history[1]!.changes.map((c) => c.field)).toContain('department');

    // A callback task per reply (complaints are always called back): the rejected reply's one cancelled,
    // the dissatisfied and the final one done.
    const tasks = await t.stack.database.db.selectFrom('callback_tasks').selectAll().where('ticket_id', '=', ticket.id).orderBy('created_at').execute();
    expect(tasks.map((task) => [task.reason, task.status, task.satisfaction])).toEqual([
      ['category', 'cancelled', null],
      ['category', 'done', 'dissatisfied'],
      ['category', 'done', 'satisfied'],
    ]);
  });

  it('suspends and difficult tickets resume to where they were', async () => {
    const accepted = await ticketIn(t, 'accepted');
    const suspended = await act(t.as.supervisor, accepted.id, { type: 'suspend', reason: '等待施工排期', reported: true });
    expect(suspended.body).toMatchObject({ state: 'suspended', nextDue: null });
    const resumed = await act(t.as.agent, accepted.id, { type: 'resume' });
    expect(resumed.body.state).toBe('accepted');
    const difficult = await act(t.as.agent, accepted.id, { type: 'mark_difficult', reason: '涉及多个部门' });
    expect(difficult.body).toMatchObject({ state: 'difficult', nextDue: { kind: 'stale_hold' } });
    expect((await act(t.as.agent, accepted.id, { type: 'resume' })).body.state).toBe('accepted');
  });

  it('refuses a stale version with 409 and the current version', async () => {
    const ticket = await ticketIn(t, 'dispatched');
    const result = await act(t.departmentUser[ROADS], ticket.id, { type: 'accept', version: ticket.version - 1 });
    expect(result.status).toBe(409);
    expect(result.body).toMatchObject({ reason: 'stale_version', currentVersion: ticket.version });
    expect((await act(t.departmentUser[ROADS], ticket.id, { type: 'accept', version: ticket.version })).status).toBe(200);
  });
});
