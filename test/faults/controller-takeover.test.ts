import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agentPhone, agentState, makeReady, seatEnv } from '../support/agents.js';
import { ariBridges } from '../support/ari.js';
import { expectCompleteStories } from '../support/call-stories.js';
import { fixture } from '../support/env.js';
import { LOCK_WAIT_MS } from '../support/lock-wait.js';
import { errorLines, startService, type RunningService } from '../support/services.js';
import { startSipp, type SippProcess } from '../support/sipp.js';
import { startStack, type Stack } from '../support/stack.js';
import { waitFor } from '../support/wait.js';

const AGENTS = 12;
const TALKING = { caller: '13900000011', calls: AGENTS, hangupAfterMs: 35_000 };
const WAITING = { caller: '13900000012', calls: 6, hangupAfterMs: 55_000 };

describe('two controllers, one killed (kill -9): the other takes its calls over', () => {
  let stack: Stack;
  let second: RunningService;
  const phones: SippProcess[] = [];

  beforeAll(async () => {
    stack = await startStack({
      env: {
        ...seatEnv,
        SEATS: String(AGENTS),
        IVR_FILE: fixture('ivr-straight-to-queue.json'),
        QUEUES_FILE: fixture('queues-faults.json'),
        ARI_APP: 'hotline-test-1',
        // The dialplan spreads calls over both apps; each controller serves one and watches the other's lease.
        ARI_APPS: 'hotline-test-1,hotline-test-2',
      },
    });
    second = await startService('ari-controller', { ...stack.env, ARI_APP: 'hotline-test-2' });
  }, LOCK_WAIT_MS);
  afterAll(async () => {
    await Promise.all(phones.map((p) => p.stop()));
    await second?.stop();
    await stack?.stop();
  });

  it('drops no call: the dead one\'s bridges keep talking, its waiters are answered by the survivor, every call has its events', async () => {
    const db = stack.database.db;
    for (let n = 1; n <= AGENTS; n++) {
      phones.push(agentPhone(n, { answerAfterMs: 300 }));
      await makeReady(stack, `f${n}`);
    }
    const callsOf = (caller: string) => db.selectFrom('calls').selectAll().where('caller', '=', caller).execute();
    const callers = (g: typeof TALKING) =>
      startSipp({
        scenario: 'caller-keys-then-hangs-up.xml',
        service: '12345',
        keys: { caller: g.caller },
        vars: { name: g.caller, dtmf: '', hangup_after_ms: g.hangupAfterMs },
        calls: g.calls,
        rate: 10,
        limit: g.calls,
        timeoutSec: 150,
      });
    const talking = callers(TALKING);
    await waitFor(async () => ((await callsOf(TALKING.caller)).filter((c) => c.answered_at).length === AGENTS ? true : undefined), 'every agent talking', 30_000, 250);
    const waiting = callers(WAITING);
    await waitFor(async () => ((await callsOf(WAITING.caller)).filter((c) => c.queued_at).length === WAITING.calls ? true : undefined), 'the waiting callers queued', 20_000, 250);

    const first = stack.services.get('ari-controller')!;
    const firstCalls = new Set(first.logs.filter((l) => l.msg === 'call arrived').map((l) => String(l.callId)));
    expect(firstCalls.size).toBeGreaterThan(0); // the dialplan gave the first controller some of the calls
    const killedAt = Date.now();
    await first.stop('SIGKILL');

    const takeover = await waitFor(async () => second.logs.find((l) => l.msg === 'taking over the calls of a controller that stopped'), 'the takeover', 15_000, 100);
    const takeoverMs = Number(takeover.time) - killedAt;
    expect(takeover).toMatchObject({ app: 'hotline-test-1' });
    await waitFor(async () => (second.logs.filter((l) => l.msg === 'resuming a call left by a previous controller').length === firstCalls.size ? true : undefined), 'the first controller\'s calls resumed', 5000);
    // The conversations live in Asterisk: every talking call still has its two-party bridge.
    const talkingIds = new Set((await callsOf(TALKING.caller)).map((c) => `${c.call_id}-bridge`));
    const bridges = (await ariBridges()).filter((b) => talkingIds.has(b.id));
    expect(bridges.filter((b) => b.channels.length === 2)).toHaveLength(AGENTS);

    const [t, w] = await Promise.all([talking.done, waiting.done]);
    for (const [run, g] of [[t, TALKING], [w, WAITING]] as const) {
      expect(run.errors, g.caller).toBe('');
      expect(run, g.caller).toMatchObject({ code: 0, successful: g.calls, failed: 0 });
    }
    const all = await waitFor(async () => {
      const rows = [...(await callsOf(TALKING.caller)), ...(await callsOf(WAITING.caller))];
      return rows.filter((c) => c.ended_at).length === AGENTS + WAITING.calls ? rows : undefined;
    }, 'every call ended in Postgres', 20_000, 250);
    for (const c of all) {
      expect(c.answered_at, `${c.call_id} answered by an agent`).not.toBeNull();
      expect(c.abandoned_at).toBeNull();
    }
    // The waiters, also the dead controller's: queued before the kill, answered after, wait from the first queueing.
    for (const c of all.filter((x) => x.caller === WAITING.caller)) {
      expect(c.queued_at!.getTime()).toBeLessThan(killedAt);
      expect(c.answered_at!.getTime()).toBeGreaterThan(killedAt);
      expect(Math.abs(c.wait_ms! - (c.answered_at!.getTime() - c.queued_at!.getTime()))).toBeLessThan(1000);
    }
    await expectCompleteStories(stack, all);
    await waitFor(async () => {
      for (let n = 1; n <= AGENTS; n++) if ((await agentState(stack, `f${n}`)).status !== 'ready') return undefined;
      return true;
    }, 'every agent ready again', 10_000, 250);
    expect(errorLines(second)).toEqual([]);
    console.log(`takeover ${takeoverMs} ms after the kill; ${firstCalls.size} calls moved`);
  });
});
