import { expect } from 'vitest';
import type { Stack } from './stack.js';
import { waitFor } from './wait.js';

export interface StoredCall {
  call_id: string;
  caller: string | null;
  answered_at: Date | null;
  ended_at: Date | null;
}

/**
 * Each call's events in Postgres, complete and once: arrived, answered by the IVR, IVR finished,
 * queued, ended by the caller; then answered by an agent with a stored recording that covers
 * the conversation, or abandoned. The recordings are announced just after the ends: waited for.
 */
export async function expectCompleteStories(stack: Stack, calls: readonly StoredCall[]): Promise<void> {
  const db = stack.database.db;
  const ids = calls.map((c) => c.call_id);
  const answeredCount = calls.filter((c) => c.answered_at).length;
  const read = () => db.selectFrom('call_events').select(['call_id', 'type', 'payload']).where('call_id', 'in', ids).execute();
  const events = await waitFor(async () => {
    const rows = await read();
    return rows.filter((e) => e.type === 'recording.stored').length >= answeredCount ? rows : undefined;
  }, 'a stored recording for every answered call', 15_000, 250).catch(read);
  for (const c of calls) {
    const mine = events.filter((e) => e.call_id === c.call_id);
    const n = (type: string) => mine.filter((e) => e.type === type).length;
    const what = `${c.call_id} (${c.caller}): ${mine.map((e) => e.type).join(', ')}`;
    const answered = c.answered_at !== null;
    expect(n('call.arrived'), what).toBe(1);
    expect(n('call.answered'), what).toBe(answered ? 2 : 1);
    expect(n('call.ivr_finished'), what).toBe(1);
    expect(n('call.queued'), what).toBe(1);
    expect(n('call.abandoned'), what).toBe(answered ? 0 : 1);
    expect(n('call.ended'), what).toBe(1);
    expect(mine.find((e) => e.type === 'call.ended')?.payload, what).toMatchObject({ endedBy: 'caller' });
    expect(n('recording.stored'), what).toBe(answered ? 1 : 0);
    if (answered) {
      // The recording covers the whole conversation, also what was said before a controller died.
      const recording = mine.find((e) => e.type === 'recording.stored')!.payload as { durationMs: number };
      expect(recording.durationMs, what).toBeGreaterThan(c.ended_at!.getTime() - c.answered_at!.getTime() - 2000);
    }
  }
}
