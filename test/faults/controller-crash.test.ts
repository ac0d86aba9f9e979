import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agentPhone, agentState, makeReady, seatEnv } from '../support/agents.js';
import { ariBridges } from '../support/ari.js';
import { expectCompleteStories } from '../support/call-stories.js';
import { fixture } from '../support/env.js';
import { LOCK_WAIT_MS } from '../support/lock-wait.js';
import { errorLines, startService } from '../support/services.js';
import { startSipp, type SippProcess } from '../support/sipp.js';
import { startStack, type Stack } from '../support/stack.js';
import { waitFor } from '../support/wait.js';

/** Callers of each group share a number, so their rows are told apart in Postgres. */
const GROUPS = {
  /** Bridged to an agent before the kill; they talk on through it and hang up 40 s after the IVR answered. */
  talking: { caller: '13900000001', calls: 20, hangupAfterMs: 40_000 },
  /** Waiting (no agent free) at the kill; answered once the first conversations end; hang up 65 s after the IVR answered. */
  waiting: { caller: '13900000002', calls: 10, hangupAfterMs: 65_000 },
  /** Bridged at the kill, hang up while no controller runs: the new one must still end the call and free the agent. */
  talkingGone: { caller: '13900000003', calls: 2, hangupAfterMs: 12_000 },
  /** Waiting at the kill, hang up while no controller runs: abandoned, from their first queued_at. */
  waitingGone: { caller: '13900000004', calls: 2, hangupAfterMs: 8_000 },
} as const;
const AGENTS = GROUPS.talking.calls + GROUPS.talkingGone.calls;
const ENDED_UNSEEN = 'hung up while no controller was connected';

describe('controller killed (kill -9) with 20 calls bridged and 10 waiting', () => {
  let stack: Stack;
  const phones: SippProcess[] = [];

  beforeAll(async () => {
    stack = await startStack({
      env: { ...seatEnv, SEATS: String(AGENTS), IVR_FILE: fixture('ivr-straight-to-queue.json'), QUEUES_FILE: fixture('queues-faults.json') },
    });
  }, LOCK_WAIT_MS);
  afterAll(async () => {
    await Promise.all(phones.map((p) => p.stop()));
    await stack?.stop();
  });

  it('drops no call: bridges keep talking, waiters keep their queued_at and are answered later, every call has its events', async () => {
    const db = stack.database.db;
    for (let n = 1; n <= AGENTS; n++) {
      phones.push(agentPhone(n, { answerAfterMs: 300 }));
      await makeReady(stack, `f${n}`);
    }
    const callsOf = (group: keyof typeof GROUPS) => db.selectFrom('calls').selectAll().where('caller', '=', GROUPS[group].caller).execute();
    const callers = (group: keyof typeof GROUPS) => {
      const g = GROUPS[group];
      return startSipp({
        scenario: 'caller-keys-then-hangs-up.xml',
        service: '12345',
        keys: { caller: g.caller },
        vars: { name: group, dtmf: '', hangup_after_ms: g.hangupAfterMs },
        calls: g.calls,
        rate: 10,
        limit: g.calls,
        timeoutSec: 150,
      });
    };
    const count = async (group: keyof typeof GROUPS, column: 'answered_at' | 'queued_at') => (await callsOf(group)).filter((c) => c[column]).length;

    const talking = callers('talking');
    const talkingGone = callers('talkingGone');
    await waitFor(async () => ((await count('talking', 'answered_at')) + (await count('talkingGone', 'answered_at')) === AGENTS ? true : undefined), 'every agent talking', 30_000, 250);
    const waiting = callers('waiting');
    const waitingGone = callers('waitingGone');
    await waitFor(async () => ((await count('waiting', 'queued_at')) + (await count('waitingGone', 'queued_at')) === 12 ? true : undefined), 'the waiting callers queued', 20_000, 250);

    // kill -9, and the controller stays down until the "gone" callers have hung up.
    const old = stack.services.get('ari-controller')!;
    const killedAt = Date.now();
    await old.stop('SIGKILL');
    expect(old.child.signalCode).toBe('SIGKILL');
    const [tg, wg] = await Promise.all([talkingGone.done, waitingGone.done]);
    const restarted = await startService('ari-controller', stack.env);
    stack.services.set('ari-controller', restarted);
    const restartedAt = Date.now();
    for (const run of [tg, wg]) expect(run).toMatchObject({ code: 0, failed: 0, errors: '' });
    expect(restartedAt - killedAt).toBeGreaterThan(5000);
    expect(restartedAt - killedAt).toBeLessThan(GROUPS.waitingGone.hangupAfterMs + 15_000);

    // The conversations live in Asterisk: the 20 bridges still hold caller and agent; the 2 whose caller left are gone.
    const bridgeOf = async (group: keyof typeof GROUPS) => {
      const ids = new Set((await callsOf(group)).map((c) => `${c.call_id}-bridge`));
      return (await ariBridges()).filter((b) => ids.has(b.id));
    };
    await waitFor(async () => {
      const kept = await bridgeOf('talking');
      const left = await bridgeOf('talkingGone');
      return kept.length === GROUPS.talking.calls && kept.every((b) => b.channels.length === 2) && left.length === 0 ? true : undefined;
    }, '20 two-party bridges kept, the 2 of the callers gone removed', 5000, 250);

    const [t, w] = await Promise.all([talking.done, waiting.done]);
    // Every SIPp caller ended its call itself with a BYE answered by 200: nobody was cut off.
    for (const [run, group] of [[t, 'talking'], [w, 'waiting']] as const) {
      expect(run.errors, group).toBe('');
      expect(run, group).toMatchObject({ code: 0, successful: GROUPS[group].calls, failed: 0 });
    }

    const all = await waitFor(async () => {
      const rows = (await Promise.all((Object.keys(GROUPS) as (keyof typeof GROUPS)[]).map(callsOf))).flat();
      return rows.filter((c) => c.ended_at).length === 34 ? rows : undefined;
    }, 'all 34 calls ended in Postgres', 20_000, 250);
    const group = (g: keyof typeof GROUPS) => all.filter((c) => c.caller === GROUPS[g].caller);

    for (const c of [...group('talking'), ...group('waiting'), ...group('talkingGone')]) {
      expect(c.answered_at, `${c.call_id} answered by an agent`).not.toBeNull();
      expect(c.agent_id).not.toBeNull();
      expect(c.abandoned_at).toBeNull();
    }
    // The waiters: queued before the kill, answered after the restart, wait counted from the first queueing.
    for (const c of group('waiting')) {
      const queuedAt = c.queued_at!.getTime();
      const answeredAt = c.answered_at!.getTime();
      expect(queuedAt).toBeLessThan(killedAt);
      expect(answeredAt).toBeGreaterThan(restartedAt);
      expect(Math.abs(c.wait_ms! - (answeredAt - queuedAt))).toBeLessThan(1000);
      // Counted from the restart it would be seconds shorter (the controller was down ~10 s).
      expect(c.wait_ms!).toBeGreaterThan(answeredAt - restartedAt + 5000);
    }
    // Gone while waiting: abandoned (the end is only seen at the restart), from the first queued_at.
    for (const c of group('waitingGone')) {
      expect(c.answered_at).toBeNull();
      expect(c.abandoned_at).not.toBeNull();
      expect(c.queued_at!.getTime()).toBeLessThan(killedAt);
    }

    // Each call's story is complete, once, in Postgres, with recordings begun before the kill merged by the new controller.
    await expectCompleteStories(stack, all);

    // Nobody is left reserved or on a call: every agent is ready again after its wrap-up.
    await waitFor(async () => {
      for (let n = 1; n <= AGENTS; n++) if ((await agentState(stack, `f${n}`)).status !== 'ready') return undefined;
      return true;
    }, 'every agent ready again', 10_000, 250);
    const resumed = restarted.logs.filter((l) => l.msg === 'resuming a call left by a previous controller');
    expect(resumed).toHaveLength(GROUPS.talking.calls + GROUPS.waiting.calls);
    expect(restarted.logs.filter((l) => l.msg === 'call ended' && l.cause === ENDED_UNSEEN)).toHaveLength(4);
    expect(errorLines(restarted)).toEqual([]);
  });
});
