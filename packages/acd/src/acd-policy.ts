/**
 * ACD choice: which ready agent gets the next caller of a skill.
 *
 * Every policy ends its ordering with the same tie-breaks, so the choice is
 * deterministic for a given input (two controllers ranking the same Redis
 * snapshot agree): least recently offered first (never offered before any
 * offered), then agent id in code-unit order (not localeCompare, which depends
 * on the host's locale).
 */
import { isOfferable } from './agent-state.js';
import type { AgentState } from './agent-state.js';

export const ACD_POLICIES = ['longest_idle', 'least_calls', 'skill_level_first'] as const;
export type AcdPolicy = (typeof ACD_POLICIES)[number];

/** Skill name -> level 1..10, higher is better. A missing skill (or level < 1) means "cannot take it". */
export type SkillLevels = Readonly<Record<string, number>>;

export interface AgentCandidate {
  readonly id: string;
  readonly skills: SkillLevels;
  readonly state: AgentState;
  /** Calls answered today, for `least_calls`. */
  readonly callsToday: number;
  /** When the agent was last rung (epoch ms); a fairness tie-break. */
  readonly lastOfferedAt?: number;
}

export interface AgentRequest {
  readonly skill: string;
  /** Agents that must not be offered this call (they already let it ring out or declined it). */
  readonly excludeAgentIds?: readonly string[];
}

interface Eligible {
  readonly id: string;
  readonly level: number;
  readonly readySince: number;
  readonly callsToday: number;
  readonly lastOfferedAt: number;
}

type Comparator = (a: Eligible, b: Eligible) => number;

const longestIdle: Comparator = (a, b) => a.readySince - b.readySince;
const higherLevel: Comparator = (a, b) => b.level - a.level;
const fewerCalls: Comparator = (a, b) => a.callsToday - b.callsToday;
const leastRecentlyOffered: Comparator = (a, b) => a.lastOfferedAt - b.lastOfferedAt;
const byId: Comparator = (a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** Each policy as an ordered list of sort keys (data, so it reads like the spec). */
export const POLICY_ORDER: Readonly<Record<AcdPolicy, readonly Comparator[]>> = {
  longest_idle: [longestIdle, higherLevel, leastRecentlyOffered, byId],
  skill_level_first: [higherLevel, longestIdle, leastRecentlyOffered, byId],
  least_calls: [fewerCalls, longestIdle, higherLevel, leastRecentlyOffered, byId],
};

/** The agent's level for a skill, or 0 when it does not have it. */
export function skillLevel(skills: SkillLevels, skill: string): number {
  const level = Object.hasOwn(skills, skill) ? skills[skill] : undefined;
  return level !== undefined && Number.isFinite(level) && level >= 1 ? level : 0;
}

function eligible(candidates: readonly AgentCandidate[], request: AgentRequest): Eligible[] {
  const excluded = new Set(request.excludeAgentIds ?? []);
  const result: Eligible[] = [];
  for (const candidate of candidates) {
    if (excluded.has(candidate.id) || !isOfferable(candidate.state)) continue;
    const level = skillLevel(candidate.skills, request.skill);
    if (level === 0) continue;
    result.push({
      id: candidate.id,
      level,
      readySince: candidate.state.readySince,
      callsToday: candidate.callsToday,
      lastOfferedAt: candidate.lastOfferedAt ?? Number.NEGATIVE_INFINITY,
    });
  }
  return result;
}

/**
 * Offerable agents with the skill, not excluded, best first. The controller
 * tries them in order when reserving one fails because another controller
 * took it in the meantime.
 */
export function rankAgents(
  candidates: readonly AgentCandidate[],
  request: AgentRequest,
  policy: AcdPolicy,
): string[] {
  const order = POLICY_ORDER[policy];
  const compare = (a: Eligible, b: Eligible): number => {
    for (const key of order) {
      const diff = key(a, b);
      // -Infinity - -Infinity is NaN: treat as a tie.
      if (diff !== 0 && !Number.isNaN(diff)) return diff;
    }
    return 0;
  };
  return eligible(candidates, request)
    .sort(compare)
    .map((agent) => agent.id);
}

/** The best agent for the request, or null when nobody can take it now. */
export function chooseAgent(
  candidates: readonly AgentCandidate[],
  request: AgentRequest,
  policy: AcdPolicy,
): string | null {
  return rankAgents(candidates, request, policy)[0] ?? null;
}

/** A waiting caller as `assignAgents` sees it; the agents it excludes already let it ring out. */
export interface WaitingRequest {
  readonly excludeAgentIds: readonly string[];
}

/**
 * Pairs waiting callers, in queue order, with distinct ready agents: each caller gets the best
 * agent (by the policy) the callers before it left, other than those it excludes. One ranking
 * serves every caller, as an exclusion only removes agents from it. Callers left without an
 * agent are not in the result. The callers are read only until every agent is taken.
 */
export function assignAgents<T extends WaitingRequest>(
  callers: Iterable<T>,
  candidates: readonly AgentCandidate[],
  skill: string,
  policy: AcdPolicy,
): { caller: T; agentId: string }[] {
  const free = rankAgents(candidates, { skill }, policy);
  const taken = new Set<string>();
  const pairs: { caller: T; agentId: string }[] = [];
  if (free.length === 0) return pairs;
  for (const caller of callers) {
    const excluded = new Set(caller.excludeAgentIds);
    const agentId = free.find((id) => !taken.has(id) && !excluded.has(id));
    if (agentId === undefined) continue;
    taken.add(agentId);
    pairs.push({ caller, agentId });
    if (taken.size === free.length) break;
  }
  return pairs;
}
