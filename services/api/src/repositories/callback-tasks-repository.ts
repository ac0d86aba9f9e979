import type { MissedCallSkip, MissedCallTask, Satisfaction } from '@hotline/tickets';
import { sql } from 'kysely';
import type { Executor } from './executor.js';

const TASK = [
  'id',
  'kind',
  'ticket_id as ticketId',
  'reason',
  'number',
  'call_ids as callIds',
  'queue_id as queueId',
  'first_abandoned_at as firstAbandonedAt',
  'last_abandoned_at as lastAbandonedAt',
  'longest_wait_ms as longestWaitMs',
  'due_at as dueAt',
  'status',
  'attempts',
  'reached',
  'satisfaction',
  'note',
  'done_by as doneBy',
  'done_at as doneAt',
  'created_at as createdAt',
  'updated_at as updatedAt',
] as const;

export async function findTask(db: Executor, id: string) {
  return db.selectFrom('callback_tasks').select(TASK).where('id', '=', id).executeTakeFirst();
}

export type CallbackTaskRow = NonNullable<Awaited<ReturnType<typeof findTask>>>;

export async function openTaskOfTicket(db: Executor, ticketId: string): Promise<CallbackTaskRow | undefined> {
  return db
    .selectFrom('callback_tasks')
    .select(TASK)
    .where('ticket_id', '=', ticketId)
    .where('status', '=', 'open')
    .executeTakeFirst();
}

export async function insertTicketTask(
  db: Executor,
  task: { ticketId: string; reason: string; number: string | null; dueAt: Date | null; now: Date },
): Promise<void> {
  await db
    .insertInto('callback_tasks')
    .values({
      kind: 'ticket',
      ticket_id: task.ticketId,
      dedupe_key: `ticket:${task.ticketId}`,
      reason: task.reason,
      number: task.number,
      due_at: task.dueAt,
      created_at: task.now,
      updated_at: task.now,
    })
    .execute();
}

export interface Attempt {
  readonly reached: boolean;
  readonly satisfaction?: Satisfaction | undefined;
  readonly note?: string | undefined;
  readonly by: string;
  readonly at: Date;
}

/** Counts one callback attempt; a reached caller finishes the task. */
export async function recordAttempt(db: Executor, taskId: string, attempt: Attempt): Promise<void> {
  await db
    .updateTable('callback_tasks')
    .set({
      attempts: sql`attempts + 1`,
      reached: attempt.reached,
      satisfaction: attempt.satisfaction ?? null,
      note: attempt.note ?? null,
      status: attempt.reached ? 'done' : 'open',
      done_by: attempt.reached ? attempt.by : null,
      done_at: attempt.reached ? attempt.at : null,
      updated_at: attempt.at,
    })
    .where('id', '=', taskId)
    .execute();
}

/** The task is no longer needed (the ticket was closed without a result, or reopened). */
export async function cancelTask(db: Executor, taskId: string, note: string, by: string, at: Date): Promise<void> {
  await db
    .updateTable('callback_tasks')
    .set({ status: 'cancelled', note, done_by: by, done_at: at, updated_at: at })
    .where('id', '=', taskId)
    .execute();
}

/** Abandoned calls the missed-call sync has not looked at yet, oldest first. */
export async function unsyncedAbandonedCalls(db: Executor, limit: number) {
  return db
    .selectFrom('calls as c')
    .select(['c.call_id as callId', 'c.caller', 'c.queue_id as queueId', 'c.queued_at as queuedAt', 'c.abandoned_at as abandonedAt'])
    .where('c.abandoned_at', 'is not', null)
    .where(({ not, exists, selectFrom }) => not(exists(selectFrom('missed_calls as m').select('m.call_id').whereRef('m.call_id', '=', 'c.call_id'))))
    .orderBy('c.abandoned_at')
    .limit(limit)
    .execute();
}

export async function openMissedCallTask(db: Executor, dedupeKey: string) {
  return db
    .selectFrom('callback_tasks')
    .select(['id', 'number', 'call_ids as callIds', 'queue_id as queueId', 'first_abandoned_at as firstAbandonedAt', 'last_abandoned_at as lastAbandonedAt', 'longest_wait_ms as longestWaitMs', 'created_at as createdAt'])
    .where('dedupe_key', '=', dedupeKey)
    .where('status', '=', 'open')
    .executeTakeFirst();
}

/** Inserts or (with `id`) rewrites the open task of a number. Returns its id. */
export async function saveMissedCallTask(db: Executor, task: MissedCallTask, dueAt: Date | null, id?: string): Promise<string> {
  const values = {
    number: task.number,
    call_ids: [...task.callIds],
    queue_id: task.queue ?? null,
    first_abandoned_at: new Date(task.firstAbandonedAt),
    last_abandoned_at: new Date(task.lastAbandonedAt),
    longest_wait_ms: task.longestWaitMs ?? null,
    due_at: dueAt,
    updated_at: new Date(),
  };
  if (id !== undefined) {
    await db.updateTable('callback_tasks').set(values).where('id', '=', id).execute();
    return id;
  }
  const row = await db
    .insertInto('callback_tasks')
    .values({ kind: 'missed_call', dedupe_key: task.dedupeKey, reason: 'missed_call', created_at: new Date(task.createdAt), ...values })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function markCallSynced(db: Executor, callId: string, outcome: { taskId: string } | { skip: MissedCallSkip }): Promise<void> {
  await db
    .insertInto('missed_calls')
    .values({ call_id: callId, task_id: 'taskId' in outcome ? outcome.taskId : null, skip: 'skip' in outcome ? outcome.skip : null })
    .execute();
}

export interface TaskFilter {
  readonly status?: 'open' | 'done' | 'cancelled' | undefined;
  readonly kind?: 'ticket' | 'missed_call' | undefined;
  /** Open tasks past their due time, or due by `soonUntil`. */
  readonly due?: { readonly status: 'overdue' | 'soon'; readonly now: Date; readonly soonUntil: Date } | undefined;
}

/**
 * Newest first, or soonest due first when filtering by due status; `limit + 1` rows so the
 * caller knows whether there is a next page.
 */
export async function listTasks(db: Executor, filter: TaskFilter, after: { key: string; id: string } | undefined, limit: number) {
  let q = db.selectFrom('callback_tasks').select(TASK);
  if (filter.status !== undefined) q = q.where('status', '=', filter.status);
  if (filter.kind !== undefined) q = q.where('kind', '=', filter.kind);
  if (filter.due !== undefined) {
    const { status, now, soonUntil } = filter.due;
    q = q.where('status', '=', 'open');
    q = status === 'overdue' ? q.where('due_at', '<', now) : q.where('due_at', '>=', now).where('due_at', '<=', soonUntil);
    if (after !== undefined) {
      q = q.where((eb) => eb.or([eb('due_at', '>', new Date(after.key)), eb.and([eb('due_at', '=', new Date(after.key)), eb('id', '>', after.id)])]));
    }
    return q.orderBy('due_at', 'asc').orderBy('id', 'asc').limit(limit + 1).execute();
  }
  if (after !== undefined) {
    q = q.where((eb) => eb.or([eb('created_at', '<', new Date(after.key)), eb.and([eb('created_at', '=', new Date(after.key)), eb('id', '<', after.id)])]));
  }
  return q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit + 1).execute();
}
