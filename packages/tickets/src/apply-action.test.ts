import { describe, expect, it } from 'vitest';
import { applyAction, availableActions } from './apply-action.js';
import {
  COMPLETE_FIELDS,
  FIRST_DEPT,
  MINUTE,
  OTHER_DEPT,
  T0,
  actorFor,
  admin,
  agent,
  departmentUser,
  must,
  newTicket,
  qa,
  sampleAction,
  supervisor,
  ticketIn,
} from './test-fixtures.js';
import type { Ticket } from './ticket.js';
import { ACTION_TYPES, type ActionType, type TicketActionInput } from './ticket-actions.js';
import { TICKET_STATES } from './ticket-states.js';
import { findTransition } from './transition-table.js';
import { ROLES } from './vocabulary.js';

const LATER = T0 + 60 * MINUTE;

const pairs = TICKET_STATES.flatMap((state) => ACTION_TYPES.map((action) => [state, action] as const));
const legal = pairs.filter(([state, action]) => findTransition(state, action) !== undefined);
const illegal = pairs.filter(([state, action]) => findTransition(state, action) === undefined);

describe('applyAction: every legal (state, action) pair', () => {
  it('covers a meaningful share of the matrix', () => {
    expect(legal.length).toBe(37);
    expect(illegal.length).toBe(TICKET_STATES.length * ACTION_TYPES.length - 37);
  });

  describe.each(legal)('%s + %s', (state, action) => {
    const row = findTransition(state, action);
    if (row === undefined) throw new Error('unreachable');

    it.each(row.roles)('succeeds for %s and lands in a listed state', (role) => {
      const ticket = ticketIn(state);
      const snapshot = JSON.stringify(ticket);
      const result = applyAction(ticket, sampleAction(action, ticket), actorFor(role, ticket), LATER);
      expect(result.ok, JSON.stringify(result)).toBe(true);
      if (!result.ok) return;
      expect(row.to).toContain(result.ticket.state);
      expect(result.ticket.version).toBe(ticket.version + 1);
      expect(result.ticket.updatedAt).toBe(LATER);
      expect(result.history).toMatchObject({
        ticketId: ticket.id,
        version: ticket.version + 1,
        from: state,
        to: result.ticket.state,
        action: { type: action },
        actor: actorFor(role, ticket),
        at: LATER,
      });
      expect(JSON.stringify(ticket)).toBe(snapshot); // the input is never modified
    });

    const refused = ROLES.filter((role) => !row.roles.includes(role));
    if (refused.length > 0) {
      it.each(refused)('is forbidden for %s', (role) => {
        const ticket = ticketIn(state);
        const result = applyAction(ticket, sampleAction(action, ticket), actorFor(role, ticket), LATER);
        expect(result).toEqual({ ok: false, code: 'forbidden', reason: expect.stringContaining(`role ${role} may not ${action}`) });
      });
    }

    if (row.roles.includes('department')) {
      it('is forbidden for another department', () => {
        const ticket = ticketIn(state);
        const result = applyAction(ticket, sampleAction(action, ticket), departmentUser('公安局'), LATER);
        expect(result).toEqual({
          ok: false,
          code: 'forbidden',
          reason: 'department 公安局 may only act on tickets dispatched to it',
        });
      });
    }
  });
});

describe('applyAction: every illegal (state, action) pair', () => {
  it.each(illegal)('%s + %s is an illegal transition for every role', (state, action) => {
    const ticket = ticketIn(state);
    for (const role of ROLES) {
      const result = applyAction(ticket, sampleAction(action, ticket), actorFor(role, ticket), LATER);
      expect(result).toEqual({
        ok: false,
        code: 'illegal_transition',
        state,
        action,
        allowed: expect.not.arrayContaining([action]),
      });
    }
  });
});

/** Apply a sequence, each step one minute later; returns the final ticket and every history entry. */
function run(ticket: Ticket, steps: readonly (readonly [TicketActionInput, ReturnType<typeof actorFor>])[]) {
  let now = T0;
  const history = [];
  for (const [action, actor] of steps) {
    now += MINUTE;
    const result = applyAction(ticket, action, actor, now);
    if (!result.ok) throw new Error(`${action.type}: ${JSON.stringify(result)}`);
    ticket = result.ticket;
    history.push(result.history);
  }
  return { ticket, history };
}

const dept = departmentUser(FIRST_DEPT);
const other = departmentUser(OTHER_DEPT);
const at = (n: number) => T0 + n * MINUTE;

describe('applyAction: paths through the workflow', () => {
  it('the main path: dispatch, accept, reply, callback, closed', () => {
    const { ticket, history } = run(newTicket(), [
      [{ type: 'dispatch', department: FIRST_DEPT }, agent],
      [{ type: 'accept' }, dept],
      [{ type: 'reply', text: '已补装井盖', resolved: true, handledAt: at(2), handledPlace: '五西路', handledBy: '张工' }, dept],
      [{ type: 'start_callback' }, agent],
      [{ type: 'callback_result', reached: true, satisfaction: 'satisfied' }, agent],
    ]);
    expect(ticket).toMatchObject({
      state: 'closed',
      version: 6,
      department: FIRST_DEPT,
      firstDepartment: FIRST_DEPT,
      finalDepartment: FIRST_DEPT,
      dispatchTrail: [FIRST_DEPT],
      firstDispatchedAt: at(1),
      dispatchedAt: at(1),
      acceptedAt: at(2),
      repliedAt: at(3),
      callbackStartedAt: at(4),
      callbackAt: at(5),
      closedAt: at(5),
      callbackAttempts: 1,
      callbackSatisfaction: 'satisfied',
      reply: { department: FIRST_DEPT, text: '已补装井盖', resolved: true, handledPlace: '五西路', handledBy: '张工', at: at(3), by: dept.id },
    });
    expect(history.map((h) => `${h.from}->${h.to}`)).toEqual([
      'draft->dispatched',
      'dispatched->accepted',
      'accepted->replied',
      'replied->callback',
      'callback->closed',
    ]);
    expect(history[0]?.changes).toEqual([
      { field: 'department', from: undefined, to: FIRST_DEPT },
      { field: 'dispatchTrail', from: [], to: [FIRST_DEPT] },
      { field: 'dispatchedAt', from: undefined, to: at(1) },
      { field: 'firstDepartment', from: undefined, to: FIRST_DEPT },
      { field: 'firstDispatchedAt', from: undefined, to: at(1) },
      { field: 'state', from: 'draft', to: 'dispatched' },
    ]);
  });

  it('first-contact resolution, then a sampled callback', () => {
    const { ticket } = run(newTicket({ ...COMPLETE_FIELDS, category: 'consult' }), [
      [{ type: 'resolve_online', answer: '告知办理社保卡需携带身份证' }, agent],
      [{ type: 'start_callback' }, agent],
      [{ type: 'callback_result', reached: true, satisfaction: 'satisfied' }, agent],
    ]);
    expect(ticket).toMatchObject({ state: 'closed', resolvedAt: at(1), resolution: '告知办理社保卡需携带身份证' });
    expect(ticket.firstDepartment).toBeUndefined();
  });

  it('first-contact resolution closed without a callback', () => {
    const { ticket } = run(newTicket(), [
      [{ type: 'resolve_online', answer: '已解答' }, agent],
      [{ type: 'close' }, agent],
    ]);
    expect(ticket).toMatchObject({ state: 'closed', closedAt: at(2) });
  });

  it('an approved return re-dispatches: first and final departments differ (a dispatch-accuracy miss)', () => {
    const { ticket } = run(newTicket(), [
      [{ type: 'dispatch', department: FIRST_DEPT }, agent],
      [{ type: 'return', reason: '井盖属燃气公司', evidence: ['燃气设施权属证明.pdf'] }, dept],
      [{ type: 'approve_return', department: OTHER_DEPT }, supervisor],
      [{ type: 'accept' }, other],
      [{ type: 'reply', text: '已处理', resolved: true }, other],
    ]);
    expect(ticket).toMatchObject({
      state: 'replied',
      department: OTHER_DEPT,
      firstDepartment: FIRST_DEPT,
      finalDepartment: OTHER_DEPT,
      dispatchTrail: [FIRST_DEPT, OTHER_DEPT],
      firstDispatchedAt: at(1),
      dispatchedAt: at(3),
      returnedAt: at(2),
      reviewedAt: at(3),
    });
    expect(ticket.returns).toEqual([
      {
        department: FIRST_DEPT,
        reason: '井盖属燃气公司',
        evidence: ['燃气设施权属证明.pdf'],
        requestedAt: at(2),
        requestedBy: dept.id,
        returnedFrom: 'dispatched',
        review: { outcome: 'approved', at: at(3), by: supervisor.id, redispatchedTo: OTHER_DEPT },
      },
    ]);
  });

  it('the old department can no longer act after an approved return', () => {
    const { ticket } = run(newTicket(), [
      [{ type: 'dispatch', department: FIRST_DEPT }, agent],
      [{ type: 'return', reason: 'r', evidence: ['e'] }, dept],
      [{ type: 'approve_return', department: OTHER_DEPT }, agent],
    ]);
    expect(applyAction(ticket, { type: 'accept' }, dept, LATER)).toMatchObject({ ok: false, code: 'forbidden' });
  });

  it.each([
    ['dispatched', [[{ type: 'dispatch', department: FIRST_DEPT }, agent]]],
    ['accepted', [[{ type: 'dispatch', department: FIRST_DEPT }, agent], [{ type: 'accept' }, dept]]],
  ] as const)('a rejected return goes back to %s at the same department', (expected, steps) => {
    const { ticket } = run(newTicket(), [
      ...steps,
      [{ type: 'return', reason: 'r', evidence: ['e'] }, dept],
      [{ type: 'reject_return', reason: '属于本单位职责' }, agent],
    ]);
    expect(ticket.state).toBe(expected);
    expect(ticket.department).toBe(FIRST_DEPT);
    expect(ticket.returns[0]?.review).toMatchObject({ outcome: 'rejected', reason: '属于本单位职责', by: agent.id });
  });

  it('a rejected reply goes back to the department, which replies again', () => {
    const { ticket } = run(ticketIn('draft'), [
      [{ type: 'dispatch', department: FIRST_DEPT }, agent],
      [{ type: 'accept' }, dept],
      [{ type: 'reply', text: '已处理', resolved: true }, dept],
      [{ type: 'reject_reply', reason: '未说明办理地点' }, agent],
      [{ type: 'reply', text: '已于五西路处理', resolved: true, handledPlace: '五西路' }, dept],
    ]);
    expect(ticket.state).toBe('replied');
    expect(ticket.reply?.rejected).toBeUndefined();
    expect(ticket.reply?.handledPlace).toBe('五西路');
  });

  it('dissatisfied at callback: reopened, re-dispatched, replied, called back again', () => {
    const { ticket, history } = run(newTicket(), [
      [{ type: 'dispatch', department: FIRST_DEPT }, agent],
      [{ type: 'accept' }, dept],
      [{ type: 'reply', text: '已处理', resolved: true }, dept],
      [{ type: 'start_callback' }, agent],
      [{ type: 'callback_result', reached: true, satisfaction: 'dissatisfied', note: '井盖仍未补装' }, agent],
      [{ type: 'dispatch', department: FIRST_DEPT }, agent],
      [{ type: 'accept' }, dept],
      [{ type: 'reply', text: '已补装', resolved: true }, dept],
      [{ type: 'start_callback' }, agent],
      [{ type: 'callback_result', reached: true, satisfaction: 'satisfied' }, agent],
    ]);
    expect(history[4]?.to).toBe('reopened');
    expect(ticket).toMatchObject({
      state: 'closed',
      reopenCount: 1,
      reopenReason: '井盖仍未补装',
      reopenedAt: at(5),
      callbackAttempts: 2,
      callbackSatisfaction: 'satisfied',
      dispatchTrail: [FIRST_DEPT, FIRST_DEPT],
      firstDepartment: FIRST_DEPT,
      finalDepartment: FIRST_DEPT,
    });
  });

  it('callback not reached stays in callback, then closes with a reason', () => {
    const { ticket, history } = run(ticketIn('draft'), [
      [{ type: 'resolve_online', answer: 'a' }, agent],
      [{ type: 'start_callback' }, agent],
      [{ type: 'callback_result', reached: false }, agent],
      [{ type: 'callback_result', reached: false }, agent],
      [{ type: 'close', reason: '两次未接通' }, supervisor],
    ]);
    expect(history[2]).toMatchObject({ from: 'callback', to: 'callback' });
    expect(ticket).toMatchObject({ state: 'closed', callbackAttempts: 2, callbackAt: at(4), closeReason: '两次未接通' });
    expect(ticket.callbackSatisfaction).toBeUndefined();
  });

  it.each([
    ['suspend', 'dispatched'],
    ['suspend', 'accepted'],
    ['suspend', 'reopened'],
    ['mark_difficult', 'dispatched'],
    ['mark_difficult', 'accepted'],
    ['mark_difficult', 'returned'],
    ['mark_difficult', 'reopened'],
  ] as const)('%s from %s, then resume back to it', (hold, from) => {
    const ticket = ticketIn(from);
    const held = must(applyAction(ticket, { type: hold, reason: '等待', reported: true }, supervisor, LATER));
    expect(held.hold).toEqual({
      kind: hold === 'suspend' ? 'suspended' : 'difficult',
      from,
      reason: '等待',
      reported: true,
      since: LATER,
    });
    expect(held[hold === 'suspend' ? 'suspendedAt' : 'difficultAt']).toBe(LATER);
    const touched = must(applyAction(held, { type: 'follow_up', note: '催办' }, agent, LATER + MINUTE));
    expect(touched).toMatchObject({ state: held.state, updatedAt: LATER + MINUTE, lastFollowUpAt: LATER + MINUTE });
    const resumed = must(applyAction(touched, { type: 'resume' }, agent, LATER + 2 * MINUTE));
    expect(resumed.state).toBe(from);
    expect(resumed.hold).toBeUndefined();
    expect(resumed.resumedAt).toBe(LATER + 2 * MINUTE);
  });

  it('a hold is not reported by default', () => {
    const held = must(applyAction(ticketIn('dispatched'), { type: 'suspend', reason: 'x' }, agent, LATER));
    expect(held.hold?.reported).toBe(false);
  });

  it('QA reopens a closed ticket: closedAt is cleared', () => {
    const reopened = must(applyAction(ticketIn('closed'), { type: 'reopen', reason: '错误办结' }, qa, LATER));
    expect(reopened).toMatchObject({ state: 'reopened', reopenCount: 1, reopenReason: '错误办结', reopenedAt: LATER });
    expect(reopened.closedAt).toBeUndefined();
  });

  it('edits during the call, then dispatches', () => {
    const { ticket, history } = run(newTicket({ source: 'phone', callId: 'c1' }), [
      [{ type: 'edit', fields: { callerName: '匿名', contact: '+86 138 0013 8000' } }, agent],
      [{ type: 'edit', fields: { location: 'L', event: 'E', request: 'R', category: 'complaint', urgency: 'urgent' } }, agent],
      [{ type: 'dispatch', department: FIRST_DEPT }, agent],
    ]);
    expect(ticket).toMatchObject({ state: 'dispatched', contact: '13800138000', callerName: '匿名', urgency: 'urgent' });
    expect(history[0]?.changes).toEqual([
      { field: 'callerName', from: undefined, to: '匿名' },
      { field: 'contact', from: undefined, to: '13800138000' },
    ]);
  });
});

describe('applyAction: refusals with reasons', () => {
  it('dispatch of an incomplete ticket lists the missing elements', () => {
    const result = applyAction(newTicket({ source: 'phone', callerName: '王先生' }), { type: 'dispatch', department: FIRST_DEPT }, agent, LATER);
    expect(result.ok).toBe(false);
    if (result.ok || result.code !== 'invalid') throw new Error('expected invalid');
    expect(result.issues.map((i) => i.field).sort()).toEqual(['category', 'contact', 'event', 'location', 'request']);
  });

  it('resolve_online of an incomplete ticket is invalid too', () => {
    const result = applyAction(newTicket({ source: 'web' }), { type: 'resolve_online', answer: 'a' }, agent, LATER);
    expect(result).toMatchObject({ ok: false, code: 'invalid' });
  });

  it.each(['complaint', 'report'] as const)('a %s cannot be resolved online by default', (category) => {
    const ticket = newTicket({ ...COMPLETE_FIELDS, category });
    expect(applyAction(ticket, { type: 'resolve_online', answer: 'a' }, agent, LATER)).toEqual({
      ok: false,
      code: 'invalid',
      issues: [{ field: 'category', message: expect.stringMatching(/^category: .* must be dispatched/) }],
    });
  });

  it('a site may allow complaints online', () => {
    const ticket = newTicket({ ...COMPLETE_FIELDS, category: 'complaint' });
    const result = applyAction(ticket, { type: 'resolve_online', answer: 'a' }, agent, LATER, {
      onlineResolvableCategories: ['consult', 'complaint'],
    });
    expect(result.ok).toBe(true);
  });

  it('an approved return must go to another department', () => {
    const result = applyAction(ticketIn('returned'), { type: 'approve_return', department: FIRST_DEPT }, agent, LATER);
    expect(result).toMatchObject({ ok: false, code: 'invalid', issues: [{ field: 'department' }] });
  });

  it('a return needs evidence and a reason', () => {
    const ticket = ticketIn('accepted');
    const noEvidence = applyAction(ticket, { type: 'return', reason: '不归我管', evidence: [] }, dept, LATER);
    expect(noEvidence).toMatchObject({ ok: false, code: 'invalid', issues: [{ field: 'evidence' }] });
    const noReason = applyAction(ticket, { type: 'return', reason: '  ', evidence: ['x'] }, dept, LATER);
    expect(noReason).toMatchObject({ ok: false, code: 'invalid', issues: [{ field: 'reason' }] });
  });

  it('closing from callback needs a reason', () => {
    const result = applyAction(ticketIn('callback'), { type: 'close' }, agent, LATER);
    expect(result).toMatchObject({ ok: false, code: 'invalid', issues: [{ field: 'reason' }] });
  });

  it('a reached callback needs the satisfaction, an unreached one must not have it', () => {
    const ticket = ticketIn('callback');
    expect(applyAction(ticket, { type: 'callback_result', reached: true }, agent, LATER)).toMatchObject({
      code: 'invalid',
      issues: [{ field: 'satisfaction' }],
    });
    expect(
      applyAction(ticket, { type: 'callback_result', reached: false, satisfaction: 'satisfied' }, agent, LATER),
    ).toMatchObject({ code: 'invalid', issues: [{ field: 'satisfaction' }] });
  });

  it('a 1 MB reply is refused naming the field', () => {
    const result = applyAction(ticketIn('accepted'), { type: 'reply', text: 'x'.repeat(1 << 20), resolved: true }, dept, LATER);
    expect(result).toEqual({
      ok: false,
      code: 'invalid',
      issues: [{ field: 'text', message: 'text: text is too long: at most 4000 characters, got 1048576' }],
    });
  });

  it('edit cannot put a callId on a network ticket or change the channel', () => {
    const web = newTicket({ source: 'web' });
    expect(applyAction(web, { type: 'edit', fields: { callId: 'c' } }, agent, LATER)).toMatchObject({
      code: 'invalid',
      issues: [{ field: 'callId' }],
    });
    expect(applyAction(web, { type: 'edit', fields: { source: 'phone' } } as unknown as TicketActionInput, agent, LATER)).toMatchObject({
      code: 'invalid',
    });
  });

  it('an unknown action type is invalid', () => {
    const result = applyAction(newTicket(), { type: 'teleport' } as unknown as TicketActionInput, agent, LATER);
    expect(result).toMatchObject({ ok: false, code: 'invalid', issues: [{ field: 'type' }] });
  });

  it('the illegal-transition answer lists what the state allows', () => {
    expect(applyAction(ticketIn('closed'), { type: 'dispatch', department: 'x' }, agent, LATER)).toEqual({
      ok: false,
      code: 'illegal_transition',
      state: 'closed',
      action: 'dispatch',
      allowed: ['reopen'],
    });
  });

  it('an illegal transition is reported before a bad payload or a wrong role', () => {
    const result = applyAction(ticketIn('closed'), { type: 'accept' }, departmentUser('x'), LATER);
    expect(result).toMatchObject({ code: 'illegal_transition' });
  });

  it('a role refusal is reported before a bad payload', () => {
    const result = applyAction(ticketIn('dispatched'), { type: 'return', reason: '', evidence: [] }, agent, LATER);
    expect(result).toMatchObject({ code: 'forbidden' });
  });

  it('a department actor without a department, or an unknown role, is forbidden', () => {
    const ticket = ticketIn('dispatched');
    expect(applyAction(ticket, { type: 'accept' }, { id: 'u', role: 'department' }, LATER)).toMatchObject({ code: 'forbidden' });
    expect(
      applyAction(ticket, { type: 'follow_up', note: 'n' }, { id: 'u', role: 'root' } as unknown as typeof agent, LATER),
    ).toMatchObject({ code: 'forbidden' });
  });

  it('refuses a non-finite now', () => {
    expect(() => applyAction(newTicket(), { type: 'dispatch', department: 'x' }, agent, Number.NaN)).toThrow(RangeError);
  });
});

describe('availableActions', () => {
  it.each([
    ['draft', agent, ['edit', 'resolve_online', 'dispatch']],
    ['draft', qa, []],
    ['dispatched', dept, ['accept', 'return', 'follow_up']],
    ['dispatched', other, []],
    ['dispatched', admin, ['suspend', 'mark_difficult', 'follow_up']],
    ['closed', agent, []],
    ['closed', qa, ['reopen']],
    ['returned', supervisor, ['edit', 'approve_return', 'reject_return', 'mark_difficult', 'follow_up']],
  ] as const)('%s for %j', (state, actor, expected) => {
    expect(availableActions(ticketIn(state), actor)).toEqual(expected);
  });

  it('agrees with applyAction on every state and role', () => {
    for (const state of TICKET_STATES) {
      const ticket = ticketIn(state);
      for (const role of ROLES) {
        const actor = actorFor(role, ticket);
        const available = new Set(availableActions(ticket, actor));
        for (const action of ACTION_TYPES) {
          const result = applyAction(ticket, sampleAction(action as ActionType, ticket), actor, LATER);
          expect(result.ok, `${state} ${role} ${action}`).toBe(available.has(action));
        }
      }
    }
  });
});
