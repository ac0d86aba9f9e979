import type { Stack } from './stack.js';
import { waitFor } from './wait.js';

/** The payloads of one call's stored events of a type (as the aggregator wrote them), oldest first. */
export async function eventsOf<T = Record<string, unknown>>(stack: Stack, callId: string, type: string): Promise<T[]> {
  const rows = await stack.database.db
    .selectFrom('call_events')
    .select('payload')
    .where('call_id', '=', callId)
    .where('type', '=', type)
    .orderBy('at')
    .execute();
  return rows.map((r) => r.payload as T);
}

/** Waits for the first stored event of a type for a call. */
export async function eventOf<T = Record<string, unknown>>(stack: Stack, callId: string, type: string, timeoutMs = 15_000): Promise<T> {
  return waitFor(async () => (await eventsOf<T>(stack, callId, type))[0], `${type} of ${callId}`, timeoutMs);
}

/** The id of the most recent call from a caller number (GET /calls). */
export async function callIdOf(stack: Stack, caller: string, timeoutMs = 15_000): Promise<string> {
  return waitFor(async () => {
    const calls = (await stack.api<{ calls: { callId: string; caller: string }[] }>('/calls')).body.calls;
    return calls.find((c) => c.caller === caller)?.callId;
  }, `a call from ${caller}`, timeoutMs);
}
