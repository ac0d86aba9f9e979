import type { Executor } from './executor.js';

export async function findCallCaller(db: Executor, callId: string): Promise<{ caller: string | null } | undefined> {
  return db.selectFrom('calls').select('caller').where('call_id', '=', callId).executeTakeFirst();
}

/**
 * Calls whose caller id is one of `callerIds` (the calls table keeps the caller id as the trunk
 * sent it), newest first.
 */
export async function callsFromCallerIds(db: Executor, callerIds: readonly string[], limit: number) {
  if (callerIds.length === 0) return [];
  return db
    .selectFrom('calls')
    .select([
      'call_id as callId',
      'caller',
      'dialed',
      'arrived_at as arrivedAt',
      'queue_id as queueId',
      'answered_at as answeredAt',
      'agent_id as agentId',
      'abandoned_at as abandonedAt',
      'ended_at as endedAt',
    ])
    .where('caller', 'in', callerIds)
    .orderBy('arrived_at', 'desc')
    .limit(limit)
    .execute();
}
