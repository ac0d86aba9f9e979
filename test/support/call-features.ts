import { agentState, SEAT_PORT_BASE, seatEnv, type AgentState } from './agents.js';
import { bearer, E2E_ADMIN_TOKEN } from './api-users.js';
import { ariGet } from './ari.js';
import { fixture } from './env.js';
import { runSipp, startSipp, type SippProcess, type SippRun } from './sipp.js';
import type { Stack } from './stack.js';
import { waitFor } from './wait.js';

/**
 * The stack of the call-feature tests (hold, transfer, recording, supervisor, survey, tickets):
 * callers go straight to queue A, agents a7 (queue A) and a8 (queue B) at seats 7 and 8.
 */
export const callFeaturesEnv = {
  ...seatEnv,
  IVR_FILE: fixture('ivr-straight-to-queue.json'),
  QUEUES_FILE: fixture('queues-call-features.json'),
  ADMIN_TOKEN: E2E_ADMIN_TOKEN,
};

/** A POST (call command, consult...) with this user's key; a JSON body when one is given. */
export function postAs(stack: Stack, token: string, path: string, body?: unknown) {
  return stack.api<{ ok?: boolean; result?: Record<string, unknown>; message?: string }>(path, {
    method: 'POST',
    headers: bearer(token, body !== undefined),
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
}

/** The agent's state once it is talking: on this call, or on any call when none is named. */
export function onCall(stack: Stack, agentId: string, callId?: string): Promise<AgentState> {
  return waitFor(async () => {
    const s = await agentState(stack, agentId);
    return s.status === 'on_call' && (callId === undefined || s.callId === callId) ? s : undefined;
  }, `${agentId} on ${callId ?? 'a call'}`, 15_000);
}

/** Agent aN's phone (seat N): answers after `answerAfterMs` and talks until the hotline hangs up. */
export function seatPhone(n: number, answerAfterMs: number): SippProcess {
  return startSipp({ scenario: 'agent-answers.xml', target: '', port: SEAT_PORT_BASE + n, vars: { answer_after_ms: answerAfterMs }, calls: 20, limit: 5, timeoutSec: 300 });
}

/** A caller straight into queue A who hangs up after `hangupAfterMs`. */
export function queueCaller(number: string, hangupAfterMs: number, timeoutSec = 90): Promise<SippRun> {
  return runSipp({ scenario: 'caller-keys-then-hangs-up.xml', service: '12345', keys: { caller: number }, vars: { name: number, dtmf: '', hangup_after_ms: hangupAfterMs }, timeoutSec });
}

/** The channel ids in an Asterisk bridge now (what is really connected to what). */
export async function bridgeMembers(bridgeId: string): Promise<string[]> {
  return [...(await ariGet<{ channels: string[] }>(`/bridges/${bridgeId}`)).channels].sort();
}
