import { DEFAULT_SLA_RULE_SET } from '@hotline/sla';
import { DEFAULT_CALLBACK_POLICY, applyAction, createTicket, type Actor, type Ticket, type TicketActionInput } from '@hotline/tickets';
import { describe, expect, it } from 'vitest';
import { metDeadline, pendingDue, ticketDues } from './ticket-dues.js';

const MINUTE = 60_000;
/** Tuesday 2025-03-04 10:00 in Asia/Shanghai. */
const T0 = Date.UTC(2025, 2, 4, 2, 0);
const agent: Actor = { id: 'a1', role: 'agent' };
const dept: Actor = { id: 'd1', role: 'department', department: 'roads' };
const FIELDS = {
  source: 'phone',
  callerName: '李女士',
  contact: '13800138000',
  location: '海甸岛五西路',
  event: '井盖缺失',
  request: '尽快补装',
  category: 'help',
};

function walk(steps: readonly [TicketActionInput, Actor][], fields: Record<string, unknown> = FIELDS): Ticket {
  const created = createTicket({ id: 't1', fields, actor: agent, now: T0 });
  if (!created.ok) throw new Error(JSON.stringify(created));
  let ticket = created.ticket;
  let now = T0;
  for (const [action, actor] of steps) {
    now += MINUTE;
    const result = applyAction(ticket, action, actor, now);
    if (!result.ok) throw new Error(JSON.stringify(result));
    ticket = result.ticket;
  }
  return ticket;
}

const pending = (t: Ticket) => pendingDue(t, DEFAULT_SLA_RULE_SET, DEFAULT_CALLBACK_POLICY);

describe('pendingDue', () => {
  it('a phone draft waits on dispatch 15 min after creation, a web one 5 min', () => {
    expect(pending(walk([]))).toEqual({ kind: 'dispatch', at: T0 + 15 * MINUTE });
    expect(pending(walk([], { ...FIELDS, source: 'web' }))).toEqual({ kind: 'dispatch', at: T0 + 5 * MINUTE });
  });

  it('a dispatched help ticket waits on the department (4 working days)', () => {
    const t = walk([[{ type: 'dispatch', department: 'roads' }, agent]]);
    // Tue 10:01 + 4 working days = Mon 10:01.
    expect(pending(t)).toEqual({ kind: 'department', at: T0 + MINUTE + 6 * 24 * 60 * MINUTE });
  });

  it('a returned urgent ticket waits on the review for 30 min', () => {
    const t = walk([
      [{ type: 'edit', fields: { urgency: 'urgent' } }, agent],
      [{ type: 'dispatch', department: 'roads' }, agent],
      [{ type: 'return', reason: '不属于本单位', evidence: ['条例'] }, dept],
    ]);
    expect(pending(t)).toEqual({ kind: 'return_review', at: T0 + 3 * MINUTE + 30 * MINUTE });
  });

  it('a replied ticket waits on its callback on the business clock (lunch skipped)', () => {
    const t = walk([
      [{ type: 'dispatch', department: 'roads' }, agent],
      [{ type: 'accept' }, dept],
      [{ type: 'reply', text: '已补装', resolved: true }, dept],
    ]);
    const due = pending(t);
    expect(due?.kind).toBe('callback');
    expect(due?.at).toBe(ticketDues(t, DEFAULT_SLA_RULE_SET).callback);
  });

  it('a reported hold has no stale deadline; an unreported one 48 h after the last touch', () => {
    const dispatched: [TicketActionInput, Actor] = [{ type: 'dispatch', department: 'roads' }, agent];
    expect(pending(walk([dispatched, [{ type: 'suspend', reason: '等待排期', reported: true }, agent]]))).toBeNull();
    expect(pending(walk([dispatched, [{ type: 'suspend', reason: '等待排期' }, agent]]))).toEqual({
      kind: 'stale_hold',
      at: T0 + 2 * MINUTE + 48 * 60 * MINUTE,
    });
  });

  it('a reopened ticket waits on a new dispatch counted from the reopening; a closed one on nothing', () => {
    const closed = walk([
      [{ type: 'resolve_online', answer: '已答复' }, agent],
      [{ type: 'close' }, agent],
    ]);
    expect(pending(closed)).toBeNull();
    const supervisor: Actor = { id: 's1', role: 'supervisor' };
    const result = applyAction(closed, { type: 'reopen', reason: '重复来电' }, supervisor, T0 + 60 * MINUTE);
    if (!result.ok) throw new Error(JSON.stringify(result));
    expect(pending(result.ticket)).toEqual({ kind: 'dispatch', at: T0 + 75 * MINUTE });
  });
});

describe('metDeadline', () => {
  const waiting = { kind: 'dispatch' as const, at: T0 + 15 * MINUTE };
  it('judges the action that ends the wait, inclusive of the due instant', () => {
    expect(metDeadline({ type: 'dispatch' }, 'draft', waiting, T0 + 15 * MINUTE)).toBe(true);
    expect(metDeadline({ type: 'dispatch' }, 'draft', waiting, T0 + 15 * MINUTE + 1)).toBe(false);
  });
  it('says nothing for actions that meet no deadline or an unreached callback', () => {
    expect(metDeadline({ type: 'edit' }, 'draft', waiting, T0)).toBeUndefined();
    expect(metDeadline({ type: 'callback_result', reached: false }, 'callback', { kind: 'callback', at: T0 }, T0)).toBeUndefined();
    expect(metDeadline({ type: 'callback_result', reached: true }, 'callback', { kind: 'callback', at: T0 }, T0)).toBe(true);
  });
});
