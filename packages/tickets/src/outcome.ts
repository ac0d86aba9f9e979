import type { FieldIssue } from './field-issues.js';
import type { HistoryEntry } from './history.js';
import type { Ticket } from './ticket.js';
import type { ActionType } from './ticket-actions.js';
import type { TicketState } from './ticket-states.js';

/** The action was done: store `ticket` (compare-and-set on the previous version) and append `history`. */
export interface Applied {
  readonly ok: true;
  readonly ticket: Ticket;
  readonly history: HistoryEntry;
}

/** The action does not exist in this state (HTTP 409). `allowed`: the actions this state has, for any role. */
export interface IllegalTransition {
  readonly ok: false;
  readonly code: 'illegal_transition';
  readonly state: TicketState;
  readonly action: ActionType;
  readonly allowed: readonly ActionType[];
}

/** The actor's role may not do this, or the ticket is not its department's (HTTP 403). */
export interface Forbidden {
  readonly ok: false;
  readonly code: 'forbidden';
  readonly reason: string;
}

/** The payload or the ticket's fields do not allow it (HTTP 422), e.g. a missing element before dispatch. */
export interface Invalid {
  readonly ok: false;
  readonly code: 'invalid';
  readonly issues: readonly FieldIssue[];
}

export type ActionResult = Applied | IllegalTransition | Forbidden | Invalid;

export function invalid(field: string, message: string): Invalid {
  return { ok: false, code: 'invalid', issues: [{ field, message: `${field}: ${message}` }] };
}
