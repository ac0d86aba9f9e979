import type { HistoryEntry, Ticket } from '@hotline/tickets';
import type { PendingDue, TicketDues } from '../ticketing/ticket-dues.js';
import type { Executor } from './executor.js';
import { outboxRows, type OutboxEvent } from './outbox-repository.js';
import { historyRow } from './ticket-history-repository.js';

/** What a ticket links to beside its document. */
export interface TicketLinks {
  /** The calling line's normalised number (phone tickets written from a call). */
  readonly callerNumber: string | null;
  /** The latest playable recording of the ticket's call (recordings arrive after the call ends). */
  readonly recordingId: string | null;
}

export interface StoredTicket {
  readonly ticket: Ticket;
  readonly links: TicketLinks;
}

const iso = (ms: number | null | undefined): Date | null => (ms === null || ms === undefined ? null : new Date(ms));

function columns(ticket: Ticket, dues: TicketDues, pending: PendingDue | null) {
  return {
    doc: JSON.stringify(ticket),
    state: ticket.state,
    version: ticket.version,
    category: ticket.category ?? null,
    urgency: ticket.urgency,
    department: ticket.department ?? null,
    first_department: ticket.firstDepartment ?? null,
    final_department: ticket.finalDepartment ?? null,
    // Already normalised by the field schema (a number) or lower-cased (an e-mail address).
    contact: ticket.contact ?? null,
    caller_name: ticket.callerName ?? null,
    location: ticket.location ?? null,
    event: ticket.event ?? null,
    request: ticket.request ?? null,
    updated_at: new Date(ticket.updatedAt),
    dispatch_due_at: iso(dues.dispatch),
    return_review_due_at: iso(dues.returnReview),
    callback_due_at: iso(dues.callback),
    dept_due_at: iso(dues.department),
    stale_hold_due_at: iso(dues.staleHold),
    next_due_kind: pending?.kind ?? null,
    next_due_at: iso(pending?.at),
  };
}

export interface NewTicket {
  readonly ticket: Ticket;
  readonly callerNumber: string | null;
  readonly dues: TicketDues;
  readonly pending: PendingDue | null;
  readonly history: HistoryEntry;
  readonly events: readonly OutboxEvent[];
}

/**
 * Stores a new ticket, its first history row and its events in one statement (atomic on its
 * own, one round trip), and returns it as findTicket would: with the recording its call may
 * already have.
 */
export async function insertNewTicket(db: Executor, n: NewTicket): Promise<StoredTicket> {
  const { ticket } = n;
  const values = columns(ticket, n.dues, n.pending);
  const stored = db
    .with('t', (q) =>
      q
        .insertInto('tickets')
        .values({
          id: ticket.id,
          source: ticket.source,
          call_id: ticket.callId ?? null,
          caller_number: n.callerNumber,
          created_by: ticket.createdBy,
          created_at: new Date(ticket.createdAt),
          ...values,
        })
        .returning('id'),
    )
    .with('h', (q) => q.insertInto('ticket_history').values(historyRow(n.history)).returning('ticket_id'));
  // A draft without a category has no event yet (see ticketStepEvents). The select below reads
  // no CTE, so the one with the events stands in for the one without.
  const all =
    n.events.length === 0
      ? stored
      : (stored.with('o', (q) => q.insertInto('ticket_event_outbox').values(outboxRows(n.events)).returning('seq')) as unknown as typeof stored);
  const row = await all
    .selectNoFrom((eb) => [
      eb
        .selectFrom('recordings as r')
        .select('r.recording_id')
        .where('r.call_id', '=', ticket.callId ?? null)
        .where('r.purged_at', 'is', null)
        .orderBy('r.stored_at', 'desc')
        .limit(1)
        .as('recording_id'),
    ])
    .executeTakeFirstOrThrow();
  // The stored document is this JSON: reading it back would only return the same fields.
  return { ticket: JSON.parse(values.doc) as Ticket, links: { callerNumber: n.callerNumber, recordingId: row.recording_id } };
}

/**
 * Stores the new version if the stored one is still `previousVersion` (optimistic locking);
 * `false` when another change got there first.
 */
export async function updateTicket(
  db: Executor,
  ticket: Ticket,
  previousVersion: number,
  dues: TicketDues,
  pending: PendingDue | null,
): Promise<boolean> {
  const result = await db
    .updateTable('tickets')
    .set(columns(ticket, dues, pending))
    .where('id', '=', ticket.id)
    .where('version', '=', previousVersion)
    .executeTakeFirst();
  return result.numUpdatedRows === 1n;
}

export async function findTicket(db: Executor, id: string): Promise<StoredTicket | undefined> {
  const row = await db
    .selectFrom('tickets as t')
    .select((eb) => [
      't.doc',
      't.caller_number',
      eb
        .selectFrom('recordings as r')
        .select('r.recording_id')
        .whereRef('r.call_id', '=', 't.call_id')
        .where('r.purged_at', 'is', null)
        .orderBy('r.stored_at', 'desc')
        .limit(1)
        .as('recording_id'),
    ])
    .where('t.id', '=', id)
    .executeTakeFirst();
  return row && { ticket: row.doc as Ticket, links: { callerNumber: row.caller_number, recordingId: row.recording_id } };
}

export interface TicketFilter {
  readonly states?: readonly string[] | undefined;
  readonly category?: string | undefined;
  readonly department?: string | undefined;
  readonly source?: string | undefined;
  readonly callId?: string | undefined;
  readonly createdFrom?: Date | undefined;
  readonly createdTo?: Date | undefined;
  /** Matched as a substring of name, place, event, request and numbers (trigram index). */
  readonly text?: string | undefined;
  readonly due?: { readonly status: 'overdue' | 'soon'; readonly now: Date; readonly soonUntil: Date } | undefined;
  readonly dueKinds?: readonly string[] | undefined;
}

/** The position after the last row of a page, in the list's sort order. */
export interface ListCursor {
  readonly key: string;
  readonly id: string;
}

const SUMMARY = [
  'id',
  'state',
  'version',
  'source',
  'category',
  'urgency',
  'department',
  'call_id as callId',
  'caller_name as callerName',
  'contact',
  'location',
  'event',
  'created_at as createdAt',
  'updated_at as updatedAt',
  'next_due_kind as nextDueKind',
  'next_due_at as nextDueAt',
] as const;

/**
 * One page of tickets: newest first, or soonest due first when filtering by due status.
 * Returns up to `limit + 1` rows so the caller knows whether there is a next page.
 */
export async function listTickets(db: Executor, filter: TicketFilter, after: ListCursor | undefined, limit: number) {
  let q = db.selectFrom('tickets').select(SUMMARY);
  if (filter.states !== undefined) q = q.where('state', 'in', filter.states);
  if (filter.category !== undefined) q = q.where('category', '=', filter.category);
  if (filter.department !== undefined) q = q.where('department', '=', filter.department);
  if (filter.source !== undefined) q = q.where('source', '=', filter.source);
  if (filter.callId !== undefined) q = q.where('call_id', '=', filter.callId);
  if (filter.createdFrom !== undefined) q = q.where('created_at', '>=', filter.createdFrom);
  if (filter.createdTo !== undefined) q = q.where('created_at', '<', filter.createdTo);
  if (filter.text !== undefined) q = q.where('search_text', 'like', `%${escapeLike(filter.text.toLowerCase())}%`);
  if (filter.dueKinds !== undefined) q = q.where('next_due_kind', 'in', filter.dueKinds);

  if (filter.due !== undefined) {
    const { status, now, soonUntil } = filter.due;
    q = status === 'overdue' ? q.where('next_due_at', '<', now) : q.where('next_due_at', '>=', now).where('next_due_at', '<=', soonUntil);
    if (after !== undefined) {
      q = q.where((eb) => eb.or([eb('next_due_at', '>', new Date(after.key)), eb.and([eb('next_due_at', '=', new Date(after.key)), eb('id', '>', after.id)])]));
    }
    return q.orderBy('next_due_at', 'asc').orderBy('id', 'asc').limit(limit + 1).execute();
  }
  if (after !== undefined) {
    q = q.where((eb) => eb.or([eb('created_at', '<', new Date(after.key)), eb.and([eb('created_at', '=', new Date(after.key)), eb('id', '<', after.id)])]));
  }
  return q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit + 1).execute();
}

export type TicketSummaryRow = Awaited<ReturnType<typeof listTickets>>[number];

/** Tickets of a caller (by calling line or contact), newest first. */
export async function ticketsOfNumber(db: Executor, number: string, limit: number) {
  return db
    .selectFrom('tickets')
    .select(SUMMARY)
    .where((eb) => eb.or([eb('caller_number', '=', number), eb('contact', '=', number)]))
    .orderBy('created_at', 'desc')
    .limit(limit)
    .execute();
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}
