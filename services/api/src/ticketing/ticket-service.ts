import { randomUUID } from 'node:crypto';
import type { Db } from '@hotline/db';
import {
  applyAction,
  createTicket,
  normalizeNumber,
  type ActionResult,
  type Actor,
  type TicketAction,
  type TicketActionInput,
  type TicketDraftFieldsInput,
} from '@hotline/tickets';
import { HttpError } from '../plugins/errors.js';
import { findCallCaller } from '../repositories/calls-repository.js';
import type { Executor } from '../repositories/executor.js';
import { isActiveDepartment } from '../repositories/organisation-repository.js';
import { enqueueEvents } from '../repositories/outbox-repository.js';
import { appendHistory } from '../repositories/ticket-history-repository.js';
import { findTicket, insertNewTickets, updateTicket, type NewTicket, type StoredTicket } from '../repositories/tickets-repository.js';
import { GroupCommit } from './group-commit.js';
import type { TicketingSettings } from './settings.js';
import { syncTicketCallbackTask } from './ticket-callback-task.js';
import { metDeadline, pendingDue, ticketDues } from './ticket-dues.js';
import { ticketStepEvents } from './ticket-event-builder.js';

/**
 * Creating tickets and taking workflow actions: the pure workflow decides, this stores the
 * outcome atomically (ticket row with its due times, history row, callback task, outbox events)
 * and wakes the event relay after the commit.
 */
export class TicketService {
  /**
   * New tickets are written in groups: creates that arrive together share one statement and one
   * commit (a WAL flush each is what a create cost Postgres most), each still answered only once
   * its row is committed, and a row Postgres refuses fails alone (see GroupCommit).
   */
  private readonly inserts: GroupCommit<NewTicket, StoredTicket>;

  constructor(
    private readonly db: Db,
    private readonly settings: TicketingSettings,
    /** Called after every commit that wrote events. */
    private readonly committed: () => void,
  ) {
    this.inserts = new GroupCommit((news) => insertNewTickets(db, news), CREATE_GROUPS);
  }

  async create(actor: Actor, input: TicketDraftFieldsInput): Promise<StoredTicket> {
    const now = Date.now();
    let fields = input;
    let callerNumber: string | null = null;
    if (input.callId !== undefined) {
      const call = await findCallCaller(this.db, input.callId);
      if (call === undefined) throw invalidField('callId', `no call ${input.callId}`);
      callerNumber = call.caller === null ? null : normalizeNumber(call.caller);
      // A ticket written from a call gets the calling line as its contact unless the caller gave another.
      if (fields.contact === undefined && callerNumber !== null) fields = { ...fields, contact: callerNumber };
    }
    const result = createTicket({ id: randomUUID(), fields, actor, now });
    if (!result.ok) throw refused(result);
    const { rules, callbackPolicy } = this.settings;
    // With its recording: a ticket written after its call ended links to it at once.
    const events = ticketStepEvents(null, result);
    const stored = await this.inserts.submit({
      ticket: result.ticket,
      callerNumber,
      dues: ticketDues(result.ticket, rules),
      pending: pendingDue(result.ticket, rules, callbackPolicy),
      history: result.history,
      events,
    });
    // A draft without a category writes no event: nothing to publish (a drain is a transaction of its own).
    if (events.length > 0) this.committed();
    return stored;
  }

  /** Takes one action; `expectedVersion` (the version the client saw) turns a stale write into a 409. */
  async act(id: string, action: TicketActionInput, actor: Actor, expectedVersion?: number): Promise<StoredTicket> {
    const stored = await this.db.transaction().execute(async (trx) => {
      const current = await this.load(trx, id, actor);
      return this.step(trx, current, action, actor, Date.now(), expectedVersion);
    });
    this.committed();
    return stored;
  }

  /** Several actions in one transaction (a callback task's start_callback + callback_result). */
  async actAll(trx: Executor, id: string, actions: readonly TicketActionInput[], actor: Actor): Promise<StoredTicket> {
    let stored = await this.load(trx, id, actor);
    for (const action of actions) stored = await this.step(trx, stored, action, actor, Date.now());
    return stored;
  }

  /** The ticket as `actor` may see it: a department sees only tickets dispatched to it. */
  async view(id: string, actor: Actor): Promise<StoredTicket> {
    return this.load(this.db, id, actor);
  }

  private async load(db: Executor, id: string, actor: Actor): Promise<StoredTicket> {
    const stored = await findTicket(db, id);
    if (stored === undefined) throw new HttpError(404, `no ticket ${id}`);
    if (actor.role === 'department' && stored.ticket.department !== actor.department) {
      throw new HttpError(403, `department ${actor.department ?? '?'} may only see tickets dispatched to it`);
    }
    return stored;
  }

  private async step(
    trx: Executor,
    stored: StoredTicket,
    action: TicketActionInput,
    actor: Actor,
    now: number,
    expectedVersion?: number,
  ): Promise<StoredTicket> {
    const before = stored.ticket;
    if (expectedVersion !== undefined && expectedVersion !== before.version) {
      throw new HttpError(409, `version: the ticket is at version ${before.version}, not ${expectedVersion}; reload it`, {
        reason: 'stale_version',
        currentVersion: before.version,
      });
    }
    const result = applyAction(before, action, actor, now, this.settings.workflow);
    if (!result.ok) throw refused(result);
    const applied = result.history.action as TicketAction;
    if (applied.type === 'dispatch' || applied.type === 'approve_return') {
      if (!(await isActiveDepartment(trx, applied.department))) throw invalidField('department', `no active department ${applied.department}`);
    }

    const after = result.ticket;
    const { rules, callbackPolicy } = this.settings;
    const dues = ticketDues(after, rules);
    if (!(await updateTicket(trx, after, before.version, dues, pendingDue(after, rules, callbackPolicy)))) {
      throw new HttpError(409, 'version: the ticket was changed at the same time; reload it', { reason: 'concurrent_change' });
    }
    await appendHistory(trx, result.history);
    const waitedOn = pendingDue(before, rules, callbackPolicy);
    const onTime = metDeadline(applied, before.state, waitedOn, now);
    const events = ticketStepEvents(before, result, { onTime, dueAt: onTime === undefined ? undefined : waitedOn?.at });
    const taskEvents = await syncTicketCallbackTask(
      trx,
      { before, after, action: applied, actor, now, callbackDue: dues.callback, callerNumber: stored.links.callerNumber },
      callbackPolicy,
    );
    await enqueueEvents(trx, [...events, ...taskEvents]);
    return { ticket: after, links: stored.links };
  }
}

/**
 * Two writes in flight (2 cores: a third would only queue in Postgres) of at most 200 tickets
 * (a statement of ~0.5 MB).
 */
const CREATE_GROUPS = { maxInFlight: 2, maxBatch: 200 };

function invalidField(field: string, message: string): HttpError {
  return new HttpError(400, `${field}: ${message}`, { issues: [{ field, message: `${field}: ${message}` }] });
}

/** A refused action as HTTP: illegal transition 409 (with the allowed actions), forbidden 403, invalid 400. */
function refused(result: Exclude<ActionResult, { ok: true }>): HttpError {
  switch (result.code) {
    case 'illegal_transition':
      return new HttpError(409, `cannot ${result.action} a ticket in state ${result.state} (allowed: ${result.allowed.join(', ') || 'none'})`, {
        reason: 'illegal_transition',
        state: result.state,
        action: result.action,
        allowed: result.allowed,
      });
    case 'forbidden':
      return new HttpError(403, result.reason, { reason: 'forbidden' });
    case 'invalid':
      return new HttpError(400, result.issues.map((i) => i.message).join('; '), { issues: result.issues });
  }
}
