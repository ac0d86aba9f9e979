import type { HistoryEntry } from '@hotline/tickets';
import type { Executor } from './executor.js';

/** The audit row of one history entry. */
export function historyRow(entry: HistoryEntry) {
  return {
    ticket_id: entry.ticketId,
    version: entry.version,
    action: entry.action.type,
    from_state: entry.from,
    to_state: entry.to,
    actor_id: entry.actor.id,
    actor_role: entry.actor.role,
    actor_department: entry.actor.department ?? null,
    at: new Date(entry.at),
    payload: JSON.stringify(entry.action),
    changes: JSON.stringify(entry.changes),
  };
}

/** Appends one audit row (the table refuses updates and deletes). */
export async function appendHistory(db: Executor, entry: HistoryEntry): Promise<void> {
  await db.insertInto('ticket_history').values(historyRow(entry)).execute();
}

/** The ticket's history, oldest first. */
export async function historyOf(db: Executor, ticketId: string) {
  return db
    .selectFrom('ticket_history')
    .select([
      'version',
      'action',
      'from_state as from',
      'to_state as to',
      'actor_id as actorId',
      'actor_role as actorRole',
      'actor_department as actorDepartment',
      'at',
      'payload',
      'changes',
    ])
    .where('ticket_id', '=', ticketId)
    .orderBy('version')
    .execute();
}
