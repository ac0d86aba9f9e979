import { actorSchema, type Actor } from './actor.js';
import type { Ticket } from './ticket.js';
import type { Transition } from './transition-table.js';

/**
 * Why `actor` may not take `row` on `ticket`, or `null` when it may. A
 * department actor must be the ticket's current department.
 */
export function refusal(ticket: Pick<Ticket, 'department'>, row: Transition, actor: Actor): string | null {
  const parsed = actorSchema.safeParse(actor);
  if (!parsed.success) return `not a valid actor: ${parsed.error.issues.map((i) => i.message).join('; ')}`;
  if (!row.roles.includes(actor.role)) {
    return `role ${actor.role} may not ${row.action} (roles allowed: ${row.roles.join(', ')})`;
  }
  if (actor.role === 'department' && (ticket.department === undefined || actor.department !== ticket.department)) {
    return `department ${actor.department ?? '?'} may only act on tickets dispatched to it`;
  }
  return null;
}
