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

/** A signed change of agent_state_rollups: an agent's time in `state` within one 15-minute interval. */
export interface AgentRollupDelta {
  intervalStart: number;
  agentId: string;
  state: string;
  ms: number;
}

/** A signed change of agent_state_rollups_all: all agents' time per state within one 15-minute interval. */
export interface AllAgentsRollupDelta {
  intervalStart: number;
  /** Only states whose time changed (never 0). */
  msByState: Map<string, number>;
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
  /** Changes of agent_state_rollups rows that may exist (added to them, or created). */
  rollups: AgentRollupDelta[];
  /** Rows that cannot exist yet (an agent's quarters from its latest stored change on): inserted as they are. */
  newRollups: AgentRollupDelta[];
  /** The sum of the agents' changes per quarter (rows that may exist: any agent may have added to them). */
  allAgents: AllAgentsRollupDelta[];
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
 * Time signed out is not kept. An agent's rollup rows only ever hold closed time, which ends at
 * its latest change at the latest, and that change never moves back (a late one lands before
 * it): so the agent's quarters that start at or after its latest stored change have no row yet.
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
  // Per agent and state, the ms change by quarter number (small integers: nothing boxed per quarter);
  // the string key is made once per interval, the delta rows only at the end.
  const rollups = new Map<string, { agentId: string; state: string; byQuarter: Map<number, number> }>();
  const addSpan = (row: IntervalRow, end: number | null, sign: 1 | -1): void => {
    if (row.state === 'signed_out' || end === null || end <= row.startedAt) return;
    const key = `${row.agentId}\u0000${row.state}`;
    let slots = rollups.get(key);
    if (!slots) rollups.set(key, (slots = { agentId: row.agentId, state: row.state, byQuarter: new Map() }));
    const byQuarter = slots.byQuarter;
    for (let q = Math.floor(row.startedAt / QUARTER); q * QUARTER < end; q++) {
      const ms = Math.min(end, (q + 1) * QUARTER) - Math.max(row.startedAt, q * QUARTER);
      byQuarter.set(q, (byQuarter.get(q) ?? 0) + sign * ms);
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
  // Each touched agent's latest stored change (none: every quarter of it is new).
  const storedUntil = new Map<string, number>();
  for (const row of stored) storedUntil.set(row.agentId, Math.max(storedUntil.get(row.agentId) ?? -Infinity, row.startedAt));
  const changed: AgentRollupDelta[] = [];
  const created: AgentRollupDelta[] = [];
  // All agents, per quarter number and state: the sum of the agents' changes.
  const all = new Map<number, Map<string, number>>();
  for (const { agentId, state, byQuarter } of rollups.values()) {
    const newFrom = storedUntil.get(agentId) ?? -Infinity;
    for (const [q, ms] of byQuarter) {
      if (ms === 0) continue;
      let allOfQuarter = all.get(q);
      if (!allOfQuarter) all.set(q, (allOfQuarter = new Map()));
      allOfQuarter.set(state, (allOfQuarter.get(state) ?? 0) + ms);
      const d = { intervalStart: q * QUARTER, agentId, state, ms };
      if (d.intervalStart >= newFrom) created.push(d);
      else changed.push(d);
    }
  }
  const allAgents: AllAgentsRollupDelta[] = [];
  for (const [q, msByState] of all) {
    for (const [state, ms] of msByState) if (ms === 0) msByState.delete(state);
    if (msByState.size > 0) allAgents.push({ intervalStart: q * QUARTER, msByState });
  }
  return { inserts, ends, rollups: changed, newRollups: created, allAgents, acwCalls, acwDeltas, after, latest };
}

function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
