import type { HistoryEntry, Ticket } from '@hotline/tickets';
import { CompiledQuery } from 'kysely';
import type { PendingDue, TicketDues } from '../ticketing/ticket-dues.js';
import type { Executor } from './executor.js';
import type { OutboxEvent } from './outbox-repository.js';

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

/** Columns of `tickets` a new ticket fills (search_text is generated). */
const TICKET_COLUMNS = [
  'id',
  'source',
  'call_id',
  'caller_number',
  'created_by',
  'created_at',
  'doc',
  'state',
  'version',
  'category',
  'urgency',
  'department',
  'first_department',
  'final_department',
  'contact',
  'caller_name',
  'location',
  'event',
  'request',
  'updated_at',
  'dispatch_due_at',
  'return_review_due_at',
  'callback_due_at',
  'dept_due_at',
  'stale_hold_due_at',
  'next_due_kind',
  'next_due_at',
].join(', ');
const HISTORY_COLUMNS = 'ticket_id, version, action, from_state, to_state, actor_id, actor_role, actor_department, at, payload, changes';

/**
 * New tickets, their first history rows and their events in one statement (atomic on its own,
 * one round trip, one commit for all of them), with each ticket's latest playable recording
 * (its call may have ended before the ticket was written). The rows travel as three JSON
 * arrays, so the text never changes: it is prepared once per connection and nothing builds it
 * per request. Keys missing from a row (an undefined field) are null; Dates are ISO strings.
 */
const INSERT_NEW_TICKETS = `with t as (
  insert into tickets (${TICKET_COLUMNS})
  select ${TICKET_COLUMNS} from json_populate_recordset(null::tickets, $1::json)
  returning id, call_id
), h as (
  insert into ticket_history (${HISTORY_COLUMNS})
  select ${HISTORY_COLUMNS} from json_populate_recordset(null::ticket_history, $2::json)
), o as (
  insert into ticket_event_outbox (event_id, ticket_id, event)
  select event_id, ticket_id, event from json_populate_recordset(null::ticket_event_outbox, $3::json)
)
select t.id::text as id,
  (select r.recording_id from recordings r where r.call_id = t.call_id and r.purged_at is null order by r.stored_at desc limit 1) as recording_id
from t`;

function newTicketRow({ ticket, callerNumber, dues, pending }: NewTicket) {
  return {
    id: ticket.id,
    source: ticket.source,
    call_id: ticket.callId,
    caller_number: callerNumber,
    created_by: ticket.createdBy,
    created_at: new Date(ticket.createdAt),
    ...columns(ticket, dues, pending),
    // Inside the statement's JSON array: the document as JSON, not as a string of it.
    doc: ticket,
  };
}

/**
 * Stores new tickets (each with its history row and events) in one statement and returns them,
 * in order, as findTicket would. All or none: one row Postgres refuses fails the statement.
 */
export async function insertNewTickets(db: Executor, news: readonly NewTicket[]): Promise<StoredTicket[]> {
  const histories = news.map(({ history: h }) => ({
    ticket_id: h.ticketId,
    version: h.version,
    action: h.action.type,
    from_state: h.from,
    to_state: h.to,
    actor_id: h.actor.id,
    actor_role: h.actor.role,
    actor_department: h.actor.department,
    at: new Date(h.at),
    payload: h.action,
    changes: h.changes,
  }));
  const events = news.flatMap((n) => n.events.map((event) => ({ event_id: event.eventId, ticket_id: ('ticketId' in event ? event.ticketId : undefined) ?? null, event })));
  const { rows } = await db.executeQuery<{ id: string; recording_id: string | null }>(
    CompiledQuery.raw(INSERT_NEW_TICKETS, [JSON.stringify(news.map(newTicketRow)), JSON.stringify(histories), JSON.stringify(events)]),
  );
  const recordings = new Map(rows.map((r) => [r.id, r.recording_id]));
  // The stored document is the ticket's JSON: reading it back would only return the same fields.
  return news.map(({ ticket, callerNumber }) => ({ ticket, links: { callerNumber, recordingId: recordings.get(ticket.id) ?? null } }));
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
