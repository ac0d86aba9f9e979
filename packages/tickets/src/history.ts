import type { Actor } from './actor.js';
import type { EpochMs, Ticket } from './ticket.js';
import type { TicketAction } from './ticket-actions.js';
import type { TicketFields } from './ticket-fields.js';
import type { TicketState } from './ticket-states.js';

/** One field that an action changed. */
export interface FieldChange {
  readonly field: string;
  readonly from: unknown;
  readonly to: unknown;
}

/** The creation of a ticket, as a history action. */
export interface CreateAction {
  readonly type: 'create';
  readonly fields: Partial<TicketFields>;
}

/**
 * The audit record of one action: store one per action, append-only.
 * `from` is `null` for the creation.
 */
export interface HistoryEntry {
  readonly ticketId: string;
  /** The ticket's version after the action. */
  readonly version: number;
  readonly from: TicketState | null;
  readonly to: TicketState;
  readonly action: TicketAction | CreateAction;
  readonly actor: Actor;
  readonly at: EpochMs;
  readonly changes: readonly FieldChange[];
}

/** Bookkeeping that every action changes: not worth a line in the audit. */
const NOT_RECORDED = new Set(['version', 'updatedAt']);

/**
 * The top-level fields that differ between two versions of a ticket
 * (compared by value; a missing field and `undefined` are the same).
 */
export function diffTickets(before: Partial<Ticket>, after: Partial<Ticket>): FieldChange[] {
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  const changes: FieldChange[] = [];
  for (const key of [...keys].sort()) {
    if (NOT_RECORDED.has(key)) continue;
    const from = (before as Record<string, unknown>)[key];
    const to = (after as Record<string, unknown>)[key];
    if (JSON.stringify(from) !== JSON.stringify(to)) changes.push({ field: key, from, to });
  }
  return changes;
}
