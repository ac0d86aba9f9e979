/** Every Redis key and channel of the live state, in one place (documented in README). */
export const keys = {
  /** JSON { v, state } of one agent (AgentState of @hotline/acd plus a version for compare-and-set). */
  agent: (prefix: string, agentId: string) => `${prefix}:agent:${agentId}`,
  /** Pub/sub: an agent became ready (payload: its JSON AgentRecord, just written); every controller offers it. */
  agentReady: (prefix: string) => `${prefix}:agent-ready`,
  /** JSON CallRecord of a call in progress, for takeover after a controller restart. */
  call: (prefix: string, callId: string) => `${prefix}:call:${callId}`,
  /** Hash instance -> JSON PlatformProbe: each controller's latest availability probe. */
  platformProbes: (prefix: string) => `${prefix}:platform-probes`,
} as const;
