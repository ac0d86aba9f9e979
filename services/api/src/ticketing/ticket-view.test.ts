import { createTicket, type Ticket } from '@hotline/tickets';
import { describe, expect, it } from 'vitest';
import { ticketingSettings } from './settings.js';
import { TicketView, toTicketView } from './ticket-view.js';

const settings = ticketingSettings({
  site: { SITE_TZ: 'Asia/Shanghai' },
  tickets: { CALLBACK_SAMPLE_SHARE: 0.1, MISSED_CALL_MIN_WAIT_SEC: 10, TICKET_DUE_SOON_MIN: 60 },
} as Parameters<typeof ticketingSettings>[0]);
const actor = { id: 'sup-1', role: 'supervisor' } as const;
const T = Date.UTC(2026, 11, 7, 2, 0);

/** Every field of a ticket set, so that a field the view forgets shows up. */
const full: Required<Ticket> = {
  id: 'T-1',
  state: 'replied',
  version: 9,
  source: 'phone',
  callId: 'call-1',
  callerName: '李女士',
  contact: '13800138000',
  location: '海甸岛五西路',
  event: '井盖缺失',
  request: '补装井盖',
  category: 'help',
  urgency: 'urgent',
  createdBy: 'agent-7',
  createdAt: T,
  updatedAt: T + 9,
  department: 'roads',
  firstDepartment: 'housing',
  finalDepartment: 'roads',
  dispatchTrail: ['housing', 'roads'],
  resolution: 'answered',
  returns: [
    {
      department: 'housing',
      reason: 'not ours',
      evidence: ['doc-1'],
      requestedAt: T + 1,
      requestedBy: 'user@housing',
      returnedFrom: 'dispatched',
      review: { outcome: 'approved', at: T + 2, by: 'sup-1', redispatchedTo: 'roads', reason: 'ok' },
    },
  ] as Ticket['returns'],
  reply: {
    department: 'roads',
    text: 'fixed',
    resolved: true,
    handledAt: T + 3,
    handledPlace: 'there',
    handledBy: 'crew 2',
    nextSteps: 'none',
    photos: ['p1'],
    at: T + 4,
    by: 'user@roads',
    rejected: { at: T + 5, by: 'sup-1', reason: 'thin' },
  } as Ticket['reply'] & object,
  callbackAttempts: 2,
  callbackSatisfaction: 'satisfied',
  hold: { kind: 'suspended', from: 'accepted', reason: 'weather', reported: true, since: T + 6 } as Ticket['hold'] & object,
  reopenCount: 1,
  reopenReason: 'again',
  closeReason: 'done',
  resolvedAt: T + 10,
  firstDispatchedAt: T + 11,
  dispatchedAt: T + 12,
  acceptedAt: T + 13,
  returnedAt: T + 14,
  reviewedAt: T + 15,
  repliedAt: T + 16,
  callbackStartedAt: T + 17,
  callbackAt: T + 18,
  closedAt: T + 19,
  suspendedAt: T + 20,
  difficultAt: T + 21,
  resumedAt: T + 22,
  reopenedAt: T + 23,
  lastFollowUpAt: T + 24,
};

const iso = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms).toISOString());

describe('toTicketView', () => {
  it('carries every field of the ticket the view declares, dates as ISO 8601', () => {
    const view = TicketView.parse(toTicketView({ ticket: full, links: { callerNumber: '13800138000', recordingId: 'rec-1' } }, actor, settings, T));
    const ticketKeys = Object.keys(full) as (keyof Ticket)[];
    for (const key of ticketKeys.filter((k) => k in TicketView.shape)) {
      const value = full[key];
      const expected = typeof value === 'number' && /At$/.test(key) ? iso(value) : key === 'callId' ? value : undefined;
      if (expected !== undefined) expect(view[key as keyof typeof view], key).toBe(expected);
      else if (typeof value !== 'object') expect(view[key as keyof typeof view], key).toBe(value);
    }
    expect(view).toMatchObject({
      recordingId: 'rec-1',
      callerNumber: '13800138000',
      dispatchTrail: ['housing', 'roads'],
      returns: [{ department: 'housing', evidence: ['doc-1'], requestedAt: iso(T + 1), review: { outcome: 'approved', at: iso(T + 2), redispatchedTo: 'roads' } }],
      reply: { text: 'fixed', handledAt: iso(T + 3), at: iso(T + 4), photos: ['p1'], rejected: { at: iso(T + 5), reason: 'thin' }, nextSteps: 'none' },
      hold: { kind: 'suspended', since: iso(T + 6), reported: true },
    });
    // Every declared field of the view is present (none left out by the explicit object).
    const optionalAbsent = Object.keys(TicketView.shape).filter((k) => !(k in view));
    expect(optionalAbsent).toEqual([]);
  });

  it('leaves the absent optional fields of a new draft out and gives its dispatch deadline', () => {
    const created = createTicket({ id: 'T-2', fields: { source: 'web', request: 'street light out' }, actor: { id: 'agent-7', role: 'agent' }, now: T });
    if (!created.ok) throw new Error('not created');
    const view = toTicketView({ ticket: created.ticket, links: { callerNumber: null, recordingId: null } }, actor, settings, T);
    expect(Object.entries(view).filter(([, v]) => v !== undefined).map(([k]) => k).sort()).toEqual(
      [
        'id', 'state', 'version', 'source', 'callId', 'recordingId', 'callerNumber', 'request', 'urgency', 'dispatchTrail', 'returns',
        'callbackAttempts', 'reopenCount', 'createdBy', 'createdAt', 'updatedAt', 'due', 'nextDue', 'allowedActions', 'replyMissing',
      ].sort(),
    );
    expect(view.nextDue).toMatchObject({ kind: 'dispatch', status: 'soon' });
    expect(view.due.dispatch).toBe(view.nextDue?.at);
  });
});
