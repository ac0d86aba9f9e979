import type { KpiValue } from './kpi-value.js';
import { ratio } from './kpi-value.js';

/**
 * Additive time counters of one agent (or a team) over an interval, from the
 * agent-state intervals. Breaks are the paid short breaks / not-ready time
 * that the contracts take out of the working time.
 */
export interface AgentCounters {
  readonly signedInMs: number;
  readonly breakMs: number;
  readonly talkMs: number;
  readonly holdMs: number;
  readonly acwMs: number;
}

export const EMPTY_AGENT_COUNTERS: AgentCounters = { signedInMs: 0, breakMs: 0, talkMs: 0, holdMs: 0, acwMs: 0 };

export function mergeAgentCounters(a: AgentCounters, b: AgentCounters): AgentCounters {
  return {
    signedInMs: a.signedInMs + b.signedInMs,
    breakMs: a.breakMs + b.breakMs,
    talkMs: a.talkMs + b.talkMs,
    holdMs: a.holdMs + b.holdMs,
    acwMs: a.acwMs + b.acwMs,
  };
}

/**
 * 工时有效利用率 (Haikou): (talk + hold + ACW) / (signed-in time - breaks).
 * `null` when no working time remains after breaks.
 */
export function agentUtilisation(c: AgentCounters): KpiValue {
  const working = Math.max(0, c.signedInMs - c.breakMs);
  return ratio(c.talkMs + c.holdMs + c.acwMs, working);
}
