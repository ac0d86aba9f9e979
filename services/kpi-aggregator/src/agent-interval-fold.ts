/** One row of agent_state_intervals; instants are epoch ms. */
export interface IntervalRow {
  eventId: string;
  agentId: string;
  state: string;
  startedAt: number;
  endedAt: number | null;
  callId: string | null;
  reason: string | null;
}

/** A signed change of agent_state_rollups: time in `state` within one 15-minute interval. */
export interface AgentRollupDelta {
  intervalStart: number;
  /** The agent, or '*' for all agents. */
  agentId: string;
  state: string;
  ms: number;
}

/** An agent's current state, for the live snapshot. */
export interface AgentNow {
  agentId: string;
  state: string;
  since: number;
}

export interface AgentIntervalChanges {
  /** The new intervals, each with its end (the agent's next change) where known. */
  inserts: IntervalRow[];
  /** Stored intervals whose end moved (a change arrived after them, or inside them). */
  ends: { eventId: string; endedAt: number | null }[];
  rollups: AgentRollupDelta[];
  /** Calls whose wrap-up interval changed its end: their ACW changed. */
  acwCalls: Set<string>;
  /** By how much each of those calls' ACW (the sum of its closed wrap_up intervals) changed, in ms. */
  acwDeltas: Map<string, number>;
  /** Each touched agent's intervals once the changes are in, by start: `stored` and `fresh` merged. */
  after: Map<string, IntervalRow[]>;
  /** The latest state of every touched agent. */
  latest: AgentNow[];
}

const QUARTER = 15 * 60_000;

// Intervals of one agent follow each other by start, ties by event id (the order Postgres
// gives uuids: byte order = order of the lower-case hex text).
function byStart(a: IntervalRow, b: IntervalRow): number {
  return a.startedAt - b.startedAt || (a.eventId < b.eventId ? -1 : a.eventId > b.eventId ? 1 : 0);
}

/**
 * Where each agent's intervals end once the new changes are in: an interval lasts until the
 * agent's next change, so a change delivered late splits the interval it falls into.
 * `stored` must hold, for each agent in `fresh`, every stored interval from the one before
 * the agent's earliest new change on (only those can change their end). Each changed
 * interval moves its time in the rollups: its old span out, its new span in, cut at
 * 15-minute boundaries (UTC-aligned quarters are local quarters in every real zone).
 * Time signed out is not kept.
 */
export function foldAgentIntervals(stored: readonly IntervalRow[], fresh: readonly IntervalRow[]): AgentIntervalChanges {
  const byAgent = new Map<string, { row: IntervalRow; isNew: boolean }[]>();
  for (const row of stored) pushTo(byAgent, row.agentId, { row, isNew: false });
  for (const row of fresh) pushTo(byAgent, row.agentId, { row: { ...row, eventId: row.eventId.toLowerCase(), endedAt: null }, isNew: true });

  const inserts: IntervalRow[] = [];
  const ends: AgentIntervalChanges['ends'] = [];
  const acwCalls = new Set<string>();
  const acwDeltas = new Map<string, number>();
  const after = new Map<string, IntervalRow[]>();
  const latest: AgentNow[] = [];
  // Per agent (and '*') and state, the deltas by quarter: the string key is made once per interval, not per quarter.
  const rollups = new Map<string, Map<number, AgentRollupDelta>>();
  const slotsOf = (agentId: string, state: string): Map<number, AgentRollupDelta> => {
    const key = `${agentId}\u0000${state}`;
    let slots = rollups.get(key);
    if (!slots) rollups.set(key, (slots = new Map()));
    return slots;
  };
  const addSpan = (row: IntervalRow, end: number | null, sign: 1 | -1): void => {
    if (row.state === 'signed_out' || end === null || end <= row.startedAt) return;
    for (const agentId of [row.agentId, '*']) {
      const slots = slotsOf(agentId, row.state);
      for (let slot = Math.floor(row.startedAt / QUARTER) * QUARTER; slot < end; slot += QUARTER) {
        const ms = sign * (Math.min(end, slot + QUARTER) - Math.max(row.startedAt, slot));
        const d = slots.get(slot);
        if (d) d.ms += ms;
        else slots.set(slot, { intervalStart: slot, agentId, state: row.state, ms });
      }
    }
  };

  for (const [agentId, entries] of byAgent) {
    if (!entries.some((e) => e.isNew)) continue;
    entries.sort((a, b) => byStart(a.row, b.row));
    const sequence: IntervalRow[] = [];
    entries.forEach(({ row, isNew }, i) => {
      const end = entries[i + 1]?.row.startedAt ?? null;
      sequence.push(row.endedAt === end ? row : { ...row, endedAt: end });
      if (isNew) inserts.push({ ...row, endedAt: end });
      else if (row.endedAt !== end) ends.push({ eventId: row.eventId, endedAt: end });
      if (row.endedAt === end) return; // a new row's end was unknown (null): still open, nothing to count yet
      addSpan(row, row.endedAt, -1);
      addSpan(row, end, 1);
      if (row.state === 'wrap_up' && row.callId !== null) {
        acwCalls.add(row.callId);
        const closed = (e: number | null): number => (e === null ? 0 : e - row.startedAt);
        acwDeltas.set(row.callId, (acwDeltas.get(row.callId) ?? 0) + closed(end) - closed(row.endedAt));
      }
    });
    after.set(agentId, sequence);
    const last = entries[entries.length - 1]!.row;
    latest.push({ agentId, state: last.state, since: last.startedAt });
  }
  const changed = [...rollups.values()].flatMap((slots) => [...slots.values()]).filter((d) => d.ms !== 0);
  return { inserts, ends, rollups: changed, acwCalls, acwDeltas, after, latest };
}

function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
