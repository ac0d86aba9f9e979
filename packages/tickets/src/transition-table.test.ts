import { describe, expect, it } from 'vitest';
import { ACTION_TYPES } from './ticket-actions.js';
import { TICKET_STATES, type TicketState } from './ticket-states.js';
import { TRANSITIONS, actionsFrom, findTransition } from './transition-table.js';

/** The table read by state: written out by hand so that any change to the workflow shows here. */
export const EXPECTED_ACTIONS: Record<TicketState, readonly string[]> = {
  draft: ['edit', 'resolve_online', 'dispatch'],
  resolved_online: ['start_callback', 'close', 'reopen'],
  dispatched: ['accept', 'return', 'suspend', 'mark_difficult', 'follow_up'],
  accepted: ['return', 'reply', 'suspend', 'mark_difficult', 'follow_up'],
  returned: ['edit', 'approve_return', 'reject_return', 'mark_difficult', 'follow_up'],
  replied: ['reject_reply', 'start_callback', 'close'],
  callback: ['callback_result', 'close'],
  closed: ['reopen'],
  suspended: ['resume', 'follow_up'],
  difficult: ['resume', 'follow_up'],
  reopened: ['edit', 'resolve_online', 'dispatch', 'suspend', 'mark_difficult', 'follow_up'],
};

describe('transition table', () => {
  it.each(TICKET_STATES)('%s has exactly the expected actions', (state) => {
    expect(actionsFrom(state)).toEqual(EXPECTED_ACTIONS[state]);
  });

  it('lists each (state, action) pair at most once', () => {
    for (const state of TICKET_STATES) {
      for (const action of ACTION_TYPES) {
        expect(TRANSITIONS.filter((row) => row.action === action && row.from.includes(state)).length).toBeLessThanOrEqual(1);
      }
    }
  });

  it('uses every action and every state', () => {
    expect(new Set(TRANSITIONS.map((row) => row.action))).toEqual(new Set(ACTION_TYPES));
    const touched = new Set(TRANSITIONS.flatMap((row) => [...row.from, ...row.to]));
    expect(touched).toEqual(new Set(TICKET_STATES));
  });

  it('every state is reachable from draft', () => {
    const reached = new Set<TicketState>(['draft']);
    for (let grew = true; grew; ) {
      grew = false;
      for (const row of TRANSITIONS) {
        if (!row.from.some((s) => reached.has(s))) continue;
        for (const to of row.to) {
          if (!reached.has(to)) {
            reached.add(to);
            grew = true;
          }
        }
      }
    }
    expect(reached).toEqual(new Set(TICKET_STATES));
  });

  it('every row names roles and a reason', () => {
    for (const row of TRANSITIONS) {
      expect(row.roles.length).toBeGreaterThan(0);
      expect(row.from.length).toBeGreaterThan(0);
      expect(row.to.length).toBeGreaterThan(0);
      expect(row.why.length).toBeGreaterThan(10);
    }
  });

  it('department-only actions are the department ones', () => {
    const departmentOnly = TRANSITIONS.filter((row) => row.roles.length === 1 && row.roles[0] === 'department').map((r) => r.action);
    expect(departmentOnly).toEqual(['accept', 'return', 'reply']);
  });

  it('findTransition', () => {
    expect(findTransition('draft', 'dispatch')?.to).toEqual(['dispatched']);
    expect(findTransition('closed', 'dispatch')).toBeUndefined();
  });
});
