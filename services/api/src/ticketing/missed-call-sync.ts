import type { Db } from '@hotline/db';
import { slaDue } from '@hotline/sla';
import { mergeMissedCallTasks, missedCallCallbackTask, type MissedCallTask } from '@hotline/tickets';
import { sql } from 'kysely';
import { markCallSynced, openMissedCallTask, saveMissedCallTask, unsyncedAbandonedCalls } from '../repositories/callback-tasks-repository.js';
import type { TicketingSettings } from './settings.js';

const BATCH = 500;
/** Serialises syncs across API instances (pg_advisory_xact_lock key). */
const SYNC_LOCK = 0x6d697373; // 'miss'

export interface SyncResult {
  /** Abandoned calls looked at. */
  readonly calls: number;
  /** Of which joined or opened a callback task. */
  readonly tasked: number;
  /** Of which got none (no number, unusable number, short abandon). */
  readonly skipped: number;
}

/**
 * Turns abandoned calls not yet looked at into missed-call callback tasks (漏接回拨): one open
 * task per number, due on the missed-call clock from its first abandoned call. Each call is
 * recorded in `missed_calls` with its task or the reason it has none, so it is seen once.
 */
export async function syncMissedCalls(db: Db, settings: TicketingSettings, now: number): Promise<SyncResult> {
  let calls = 0;
  let tasked = 0;
  for (;;) {
    const batch = await db.transaction().execute(async (trx) => {
      await sql`select pg_advisory_xact_lock(${SYNC_LOCK})`.execute(trx);
      const rows = await unsyncedAbandonedCalls(trx, BATCH);
      let joined = 0;
      for (const call of rows) {
        const result = missedCallCallbackTask(
          {
            callId: call.callId,
            callerNumber: call.caller,
            queue: call.queueId ?? undefined,
            queuedAt: call.queuedAt?.getTime(),
            abandonedAt: (call.abandonedAt ?? new Date(now)).getTime(),
          },
          now,
          settings.missedCall,
        );
        if (!result.ok) {
          await markCallSynced(trx, call.callId, { skip: result.skip });
          continue;
        }
        const open = await openMissedCallTask(trx, result.task.dedupeKey);
        const task = open === undefined ? result.task : mergeMissedCallTasks(fromRow(result.task.dedupeKey, open), result.task);
        const due = slaDue(settings.rules, 'missed_call_callback', { abandonedAt: task.firstAbandonedAt });
        const taskId = await saveMissedCallTask(trx, task, due === null ? null : new Date(due), open?.id);
        await markCallSynced(trx, call.callId, { taskId });
        joined += 1;
      }
      return { seen: rows.length, joined };
    });
    calls += batch.seen;
    tasked += batch.joined;
    if (batch.seen < BATCH) return { calls, tasked, skipped: calls - tasked };
  }
}

function fromRow(dedupeKey: string, row: NonNullable<Awaited<ReturnType<typeof openMissedCallTask>>>): MissedCallTask {
  return {
    kind: 'missed_call_callback',
    dedupeKey,
    number: row.number ?? '',
    callIds: row.callIds,
    queue: row.queueId ?? undefined,
    firstAbandonedAt: (row.firstAbandonedAt ?? row.createdAt).getTime(),
    lastAbandonedAt: (row.lastAbandonedAt ?? row.createdAt).getTime(),
    longestWaitMs: row.longestWaitMs ?? undefined,
    createdAt: row.createdAt.getTime(),
  };
}
