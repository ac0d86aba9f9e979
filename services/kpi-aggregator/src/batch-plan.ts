import { isCallEvent, type AgentEvent, type CallEvent, type HotlineEvent, type TicketEvent } from '@hotline/events';
import type { VoiceSettings } from '@hotline/kpi';
import { foldAgentIntervals, type AgentNow } from './agent-interval-fold.js';
import { agentChangesStatement, freshIntervalsOf } from './agent-intervals.js';
import type { BatchState, Linked, StateKeys } from './batch-state.js';
import { callFactOf, foldCallEvents, type CallRow } from './call-fold.js';
import { callRowsStatement, missedCallCallbacksStatement } from './call-writer.js';
import { rollupDeltas } from './rollup-delta.js';
import { voiceRollupsStatement } from './rollup-writer.js';
import type { Statement } from './statement.js';
import { planTickets, ticketIdsOf, ticketStatements } from './ticket-writer.js';

export type StoreSettings = Pick<VoiceSettings, 'serviceLevelThresholdsMs' | 'shortAbandonMs' | 'timeZone'>;

/** Everything one batch writes, decided in memory from its fresh events and the state they touch. */
export interface BatchPlan {
  /** The writes after the raw events, in order: agent intervals and time, missed-call callbacks, calls, voice rollups, tickets. */
  statements: Statement[];
  /** The touched calls' merged rows (upserted). */
  calls: CallRow[];
  /** The touched agents' latest states (the live snapshot). */
  latest: AgentNow[];
  /** The state the batch leaves behind for everything it loaded: where the next batch's fold can start. */
  after: BatchState;
}

const agentEventsOf = (events: readonly HotlineEvent[]): AgentEvent[] => events.filter((e): e is AgentEvent => e.type === 'agent.state_changed');
const ticketEventsOf = (events: readonly HotlineEvent[]): TicketEvent[] => events.filter((e): e is TicketEvent => e.type.startsWith('ticket.'));

function callbacksOf(events: readonly TicketEvent[]): { callId: string; at: string }[] {
  return events.flatMap((e) => (e.type === 'ticket.callback_recorded' && e.kind === 'missed_call' && e.reached ? e.callIds.map((callId) => ({ callId, at: e.at })) : []));
}

/** What the fold of `fresh` needs loaded (batch-state.ts). */
export function stateKeysOf(fresh: readonly HotlineEvent[]): StateKeys {
  const agents = new Map<string, number>();
  const callIds = new Set<string>();
  for (const e of fresh) {
    if (isCallEvent(e)) callIds.add(e.callId);
    else if (e.type === 'agent.state_changed') {
      const at = Date.parse(e.at);
      agents.set(e.agentId, Math.min(agents.get(e.agentId) ?? Infinity, at));
      if (e.to === 'wrap_up' && e.callId !== undefined) callIds.add(e.callId);
    }
  }
  const tickets = ticketEventsOf(fresh);
  for (const c of callbacksOf(tickets)) callIds.add(c.callId);
  return { agents, callIds, ticketIds: new Set(ticketIdsOf(tickets)) };
}

/**
 * The batch's writes: agent intervals and their rollups, the merged call rows (their own events
 * plus what other events decide for them — ACW from the agent's wrap-up, a missed-call
 * callback — so either side may arrive first), the voice rollups changed by exactly the
 * difference between each touched call's old and new counters, and the tickets.
 */
export function planBatch(fresh: readonly HotlineEvent[], state: BatchState, settings: StoreSettings): BatchPlan {
  const callEvents = fresh.filter((e): e is CallEvent => isCallEvent(e));
  const ticketEvents = ticketEventsOf(fresh);
  const stored = [...state.intervals.values()].flat();
  const agents = foldAgentIntervals(stored, freshIntervalsOf(agentEventsOf(fresh)));
  const callbacks = callbacksOf(ticketEvents);

  // The linked facts once this batch is in: ACW moved by the changed wrap-ups, callbacks added.
  const linked = new Map<string, Linked>(state.linked);
  for (const [callId, delta] of agents.acwDeltas) {
    const l = linked.get(callId) ?? { acwMs: 0, calledBack: false };
    linked.set(callId, { ...l, acwMs: l.acwMs + delta });
  }
  for (const { callId } of callbacks) linked.set(callId, { acwMs: linked.get(callId)?.acwMs ?? 0, calledBack: true });

  const next = foldCallEvents(callEvents, state.calls);
  for (const id of new Set([...agents.acwCalls, ...callbacks.map((c) => c.callId), ...next.keys()])) {
    const row = next.get(id) ?? state.calls.get(id);
    const l = linked.get(id);
    if (!row || !l) continue;
    if (row.acw_ms !== l.acwMs || row.called_back !== l.calledBack) next.set(id, { ...row, acw_ms: l.acwMs, called_back: l.calledBack });
  }
  const calls = [...next.values()];
  const voiceDeltas = rollupDeltas(
    calls.map((r) => {
      const before = state.calls.get(r.call_id);
      return { before: before ? callFactOf(before) : undefined, after: callFactOf(r) };
    }),
    settings,
  );
  const tickets = planTickets(ticketEvents, state.tickets, settings.timeZone);

  const afterCalls = new Map(state.calls);
  for (const r of calls) afterCalls.set(r.call_id, r);
  const afterTickets = new Map(state.tickets);
  for (const [id, t] of tickets.next) afterTickets.set(id, t);
  const after: BatchState = { intervals: agents.after, calls: afterCalls, linked, tickets: afterTickets };
  const statements = [agentChangesStatement(agents), missedCallCallbacksStatement(callbacks), callRowsStatement(calls), voiceRollupsStatement(voiceDeltas), ...ticketStatements(tickets)];
  return { statements: statements.filter((s): s is Statement => s !== undefined), calls, latest: agents.latest, after };
}
