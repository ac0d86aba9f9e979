import { HOTLINE_ROLES, type Actor } from './actor.js';
import { toFieldIssues } from './field-issues.js';
import type { Applied, Forbidden, Invalid } from './outcome.js';
import { invalid } from './outcome.js';
import type { EpochMs, Ticket } from './ticket.js';
import { pickFields, ticketDraftFieldsSchema } from './ticket-fields.js';

export interface NewTicket {
  /** Chosen by the caller (a UUID, or the site's 工单编号). */
  readonly id: string;
  /** Draft fields: only `source` is required now; the rest before dispatch. */
  readonly fields: unknown;
  readonly actor: Actor;
  readonly now: EpochMs;
}

/** A new ticket in `draft`, written by an agent, a supervisor or an admin. */
export function createTicket(input: NewTicket): Applied | Forbidden | Invalid {
  if (!Number.isFinite(input.now)) throw new RangeError(`now must be epoch ms, got ${input.now}`);
  if (!(HOTLINE_ROLES as readonly string[]).includes(input.actor.role)) {
    return { ok: false, code: 'forbidden', reason: `role ${input.actor.role} may not create tickets` };
  }
  if (typeof input.id !== 'string' || input.id.trim() === '' || input.id.length > 200) {
    return invalid('id', 'a ticket id of 1 to 200 characters is required');
  }
  const parsed = ticketDraftFieldsSchema.safeParse(input.fields);
  if (!parsed.success) return { ok: false, code: 'invalid', issues: toFieldIssues(parsed.error, ['fields']) };

  const ticket: Ticket = {
    ...parsed.data,
    id: input.id,
    state: 'draft',
    version: 1,
    createdBy: input.actor.id,
    createdAt: input.now,
    updatedAt: input.now,
    dispatchTrail: [],
    returns: [],
    callbackAttempts: 0,
    reopenCount: 0,
  };
  return {
    ok: true,
    ticket,
    history: {
      ticketId: ticket.id,
      version: 1,
      from: null,
      to: 'draft',
      action: { type: 'create', fields: pickFields(ticket) },
      actor: input.actor,
      at: input.now,
      changes: [],
    },
  };
}
