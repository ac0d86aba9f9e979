import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agentPhone, makeReady, seatEnv } from '../support/agents.js';
import { dtmfBlock } from '../support/dtmf.js';
import { fixture } from '../support/env.js';
import { startService, errorLines, type RunningService } from '../support/services.js';
import { runSipp, type SippProcess } from '../support/sipp.js';
import { startStack, type Stack } from '../support/stack.js';
import { waitFor } from '../support/wait.js';
import { expectOffersOnlyToReadyAgents } from '../support/assertions.js';

describe('two controllers on one Asterisk share five agents', () => {
  let stack: Stack;
  let second: RunningService;
  const phones: SippProcess[] = [];

  beforeAll(async () => {
    stack = await startStack({
      env: {
        ...seatEnv,
        IVR_FILE: fixture('ivr-open.json'),
        QUEUES_FILE: fixture('queues-e2e.json'),
        ARI_APP: 'hotline-test-1',
        // The dialplan spreads trunk calls over both apps (and fails over if one is down).
        ARI_APPS: 'hotline-test-1,hotline-test-2',
      },
    });
    second = await startService('ari-controller', { ...stack.env, ARI_APP: 'hotline-test-2' });
  });
  afterAll(async () => {
    await Promise.all(phones.map((p) => p.stop()));
    await second?.stop();
    await stack?.stop();
  });

  it('20 simultaneous callers: no agent offered two calls at once, every caller answered, none lost', async () => {
    for (let n = 1; n <= 5; n++) {
      phones.push(agentPhone(n, { answerAfterMs: 500, hangUpAfterMs: 1500 }));
      await makeReady(stack, `a${n}`);
    }
    const callers = await runSipp({
      scenario: 'caller-keys-then-waits.xml',
      service: '12345',
      keys: { caller: '13700000000' },
      vars: { name: 'burst', dtmf: dtmfBlock([{ digit: '1', afterMs: 1500 }]), bye_timeout_ms: 90_000 },
      calls: 20,
      rate: 20,
      limit: 20,
      timeoutSec: 120,
    });
    expect(callers.errors).toBe('');
    expect(callers).toMatchObject({ code: 0, successful: 20, failed: 0 });

    const db = stack.database.db;
    const calls = await waitFor(async () => {
      const rows = await db.selectFrom('calls').selectAll().where('caller', '=', '13700000000').where('ended_at', 'is not', null).execute();
      return rows.length === 20 ? rows : undefined;
    }, 'all 20 calls stored', 20_000);
    expect(calls.filter((c) => c.answered_at !== null)).toHaveLength(20);

    // Every agent took calls, each offer only after a ready -> reserved change for that call.
    const offered = await db.selectFrom('call_events').select('payload').where('type', '=', 'call.offered').execute();
    const byAgent = new Map<string, number>();
    for (const o of offered) {
      const agentId = (o.payload as { agentId: string }).agentId;
      byAgent.set(agentId, (byAgent.get(agentId) ?? 0) + 1);
    }
    expect([...byAgent.keys()].sort()).toEqual(['a1', 'a2', 'a3', 'a4', 'a5']);
    await expectOffersOnlyToReadyAgents(stack);

    // Both controllers took calls, and neither logged an error.
    const first = stack.services.get('ari-controller')!;
    for (const c of [first, second]) {
      expect(c.logs.filter((l) => l.msg === 'call arrived').length).toBeGreaterThan(0);
      expect(errorLines(c)).toEqual([]);
    }
  });
});
