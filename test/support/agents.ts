import type { Stack } from './stack.js';
import { startSipp, type SippProcess } from './sipp.js';
import { waitFor } from './wait.js';

/** Seat N's static contact port in the e2e config (SEAT_CONTACT_PORT_BASE + N). */
export const SEAT_PORT_BASE = 5200;

export const seatEnv = {
  SEATS: '10',
  SEAT_CONTACT: 'sip:{seat}@127.0.0.1:{port}',
  SEAT_CONTACT_PORT_BASE: String(SEAT_PORT_BASE),
};

export interface AgentState {
  status: string;
  reason?: string;
  callId?: string;
}

/** Agent aN sits at seat agent000N: a SIPp UAS on that seat's contact port plays the softphone. */
export function agentPhone(n: number, behaviour: { answerAfterMs: number; hangUpAfterMs?: number } | 'never-answers'): SippProcess {
  return behaviour === 'never-answers'
    ? startSipp({ scenario: 'agent-never-answers.xml', target: '', port: SEAT_PORT_BASE + n, calls: 100, limit: 10, timeoutSec: 600 })
    : startSipp({
        scenario: behaviour.hangUpAfterMs === undefined ? 'agent-answers.xml' : 'agent-answers-then-hangs-up.xml',
        target: '',
        port: SEAT_PORT_BASE + n,
        vars: { answer_after_ms: behaviour.answerAfterMs, talk_ms: behaviour.hangUpAfterMs ?? 0 },
        calls: 100,
        limit: 10,
        timeoutSec: 600,
      });
}

export async function agentAction(stack: Stack, agentId: string, action: string, reason?: string) {
  return stack.api<{ state: AgentState; message?: string; allowed?: string[] }>(`/agents/${agentId}/state`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(reason ? { action, reason } : { action }),
  });
}

export async function agentState(stack: Stack, agentId: string): Promise<AgentState> {
  return (await stack.api<{ state: AgentState }>(`/agents/${agentId}`)).body.state;
}

/**
 * Signs the agent in and makes it ready; fails the test if the API refuses. An agent an earlier
 * test left signed in (it failed before its release) is released first, so one failure stays one.
 */
export async function makeReady(stack: Stack, agentId: string): Promise<void> {
  if ((await agentState(stack, agentId)).status !== 'signed_out') await release(stack, agentId);
  for (const action of ['sign_in', 'ready']) {
    const r = await agentAction(stack, agentId, action);
    if (r.status !== 200) throw new Error(`${agentId} ${action}: ${r.status} ${JSON.stringify(r.body)}`);
  }
}

/** Waits for the agent to finish any call and wrap-up, then signs it out so later tests start clean. */
export async function release(stack: Stack, agentId: string): Promise<void> {
  await waitFor(async () => (['ready', 'not_ready', 'break', 'signed_out'].includes((await agentState(stack, agentId)).status) ? true : undefined), `${agentId} free`, 20_000);
  if ((await agentState(stack, agentId)).status === 'break') await agentAction(stack, agentId, 'end_break');
  if ((await agentState(stack, agentId)).status !== 'signed_out') await agentAction(stack, agentId, 'sign_out');
}
