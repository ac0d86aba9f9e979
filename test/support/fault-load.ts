// Calls for the fault tests (test/faults/): a steady stream of SIPp trunk callers through the
// load IVR (press 1 -> queue) to agents whose seats all ring one SIPp softphone, which answers,
// talks briefly and hangs up; the caller then answers the post-call survey.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLoadSipp, type LoadSipp } from '../load/sipp-load.js';
import { E2E_ADMIN_TOKEN } from './api-users.js';
import { REPO } from './env.js';
import type { Stack } from './stack.js';

const SEAT_PORT = 5070;
const CALLER_PORT = 5080;

const agentId = (n: number) => `a${String(n).padStart(4, '0')}`;

/** Stack env for `seats` agents (a0001.. at seats agent0001..) in one queue that waits long enough to outlast an outage. */
export function faultLoadEnv(seats: number): Record<string, string> {
  const dir = mkdtempSync(join(tmpdir(), 'fault-load-'));
  const queuesFile = join(dir, 'queues.json');
  writeFileSync(
    queuesFile,
    JSON.stringify({
      queues: [{ id: 'load', name: 'Fault test', skill: 'L', ringTimeoutSec: 15, maxWaitSec: 300, overflow: { action: 'hangup' }, capacity: 1000, wrapUpSec: 0, policy: 'longest_idle' }],
      agents: Array.from({ length: seats }, (_, i) => ({ id: agentId(i + 1), name: `Agent ${i + 1}`, seat: `agent${String(i + 1).padStart(4, '0')}`, skills: { L: 5 } })),
    }),
  );
  return {
    SEATS: String(seats),
    SEAT_CONTACT: `sip:{seat}@127.0.0.1:${SEAT_PORT}`,
    IVR_FILE: join(REPO, 'test/load/ivr-load.json'),
    QUEUES_FILE: queuesFile,
    ADMIN_TOKEN: E2E_ADMIN_TOKEN,
  };
}

/** Headers of the stack's bootstrap admin (faultLoadEnv's ADMIN_TOKEN). */
export const adminHeaders = { 'content-type': 'application/json', authorization: `Bearer ${E2E_ADMIN_TOKEN}` };

/** Signs every agent in and makes it ready. */
export async function readyAgents(stack: Stack, seats: number): Promise<void> {
  const headers = adminHeaders;
  for (let n = 1; n <= seats; n++) {
    for (const action of ['sign_in', 'ready']) {
      const r = await stack.api(`/agents/${agentId(n)}/state`, { method: 'POST', headers, body: JSON.stringify({ action }) });
      if (r.status !== 200) throw new Error(`${agentId(n)} ${action}: ${r.status} ${JSON.stringify(r.body)}`);
    }
  }
}

/** The one softphone of every seat: rings ~0.5 s, talks ~1.5 s (exponential), hangs up. */
export function startSeatPhone(): LoadSipp {
  return startLoadSipp({
    scenario: 'load-agent.xml',
    vars: { answer_mu: Math.log(500).toFixed(3), answer_sigma: 0.3, talk_ms: 1500 },
    port: SEAT_PORT,
    mediaPort: 44000,
    target: '',
    calls: 1_000_000,
    limit: 10_000,
    timeoutSec: 3600,
  });
}

/**
 * `calls` callers at `cps`: each listens to the menu for 1.5 s, presses 1, waits for an agent,
 * then presses 1 every second (the survey) until the hotline hangs up; up to `maxCallSec` per call.
 */
export function startCallers(opts: { calls: number; cps: number; maxCallSec: number }): LoadSipp {
  return startLoadSipp({
    scenario: 'load-caller.xml',
    vars: { ivr_ms: 1500, digit: 1, survey_digit: 1, survey_every_ms: 1000, survey_rounds: opts.maxCallSec },
    port: CALLER_PORT,
    mediaPort: 40000,
    target: '127.0.0.1:5060',
    service: '12345',
    calls: opts.calls,
    rate: opts.cps,
    limit: opts.calls,
    timeoutSec: Math.ceil(opts.calls / opts.cps) + opts.maxCallSec + 60,
  });
}
