// Calls for the fault tests (test/faults/): a steady stream of SIPp trunk callers through the
// load IVR (press 1 -> queue) to agents whose softphones (one SIPp per seat) answer and talk until
// the caller hangs up, a few seconds after pressing 1. The caller always ends the call, so a call
// the hotline cut off shows as a failed SIPp call.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { agentPhone, SEAT_PORT_BASE } from './agents.js';
import { E2E_ADMIN_TOKEN } from './api-users.js';
import { dtmfBlock } from './dtmf.js';
import { REPO } from './env.js';
import { startSipp, type SippProcess } from './sipp.js';
import { startStack, type Stack } from './stack.js';

const agentId = (n: number) => `a${String(n).padStart(4, '0')}`;

/** Stack env for `seats` agents (a0001.. at seats agent0001..) in one queue that waits long enough to outlast an outage. */
function faultLoadEnv(seats: number): Record<string, string> {
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
    SEAT_CONTACT: 'sip:{seat}@127.0.0.1:{port}',
    SEAT_CONTACT_PORT_BASE: String(SEAT_PORT_BASE),
    IVR_FILE: join(REPO, 'test/load/ivr-load.json'),
    QUEUES_FILE: queuesFile,
    ADMIN_TOKEN: E2E_ADMIN_TOKEN,
  };
}

/** Headers of the stack's bootstrap admin (faultLoadEnv's ADMIN_TOKEN). */
export const adminHeaders = { 'content-type': 'application/json', authorization: `Bearer ${E2E_ADMIN_TOKEN}` };

/** Signs every agent in and makes it ready. */
async function readyAgents(stack: Stack, seats: number): Promise<void> {
  const headers = adminHeaders;
  for (let n = 1; n <= seats; n++) {
    for (const action of ['sign_in', 'ready']) {
      const r = await stack.api(`/agents/${agentId(n)}/state`, { method: 'POST', headers, body: JSON.stringify({ action }) });
      if (r.status !== 200) throw new Error(`${agentId(n)} ${action}: ${r.status} ${JSON.stringify(r.body)}`);
    }
  }
}

/** Seat N's softphone (agent aN): answers after 300 ms and talks until the caller hangs up. */
function startSeatPhones(seats: number): SippProcess[] {
  return Array.from({ length: seats }, (_, i) => agentPhone(i + 1, { answerAfterMs: 300 }));
}

/**
 * `calls` callers at `cps` (caller number 139000000NN): each listens to the menu for 1.5 s,
 * presses 1, waits for an agent, talks and hangs up `hangupAfterMs` after the key.
 */
function startCallers(opts: { calls: number; cps: number; hangupAfterMs: number; timeoutSec: number }): SippProcess {
  return startSipp({
    scenario: 'caller-keys-then-hangs-up.xml',
    service: '12345',
    keys: { caller: '13900000077' },
    vars: { name: 'fault caller', dtmf: dtmfBlock([{ digit: '1', afterMs: 1500 }]), hangup_after_ms: opts.hangupAfterMs },
    calls: opts.calls,
    rate: opts.cps,
    limit: opts.calls,
    timeoutSec: opts.timeoutSec,
  });
}

/** A stack with `seats` agents signed in, ready and answering, and the callers a test starts on it. */
export interface FaultLoad {
  stack: Stack;
  /** Starts the callers (one SIPp); stop() ends them if the test did not wait for them. */
  call(opts: { calls: number; cps: number; hangupAfterMs: number; timeoutSec: number }): SippProcess;
  /** Callers, phones, then the stack: a failed test leaves none calling into the next run. */
  stop(): Promise<void>;
}

/** `env` overrides the stack's (a private Redis or Postgres of the test, LOG_LEVEL...). */
export async function startFaultLoad(seats: number, env: Record<string, string>): Promise<FaultLoad> {
  const stack = await startStack({ env: { ...faultLoadEnv(seats), ...env } });
  const phones: SippProcess[] = [];
  const callers: SippProcess[] = [];
  const stop = async () => {
    await Promise.all(callers.map((c) => c.stop()));
    await Promise.all(phones.map((p) => p.stop()));
    await stack.stop();
  };
  try {
    await readyAgents(stack, seats);
  } catch (err) {
    await stop();
    throw err;
  }
  phones.push(...startSeatPhones(seats));
  return {
    stack,
    call: (opts) => {
      const c = startCallers(opts);
      callers.push(c);
      return c;
    },
    stop,
  };
}
