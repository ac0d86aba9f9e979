import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ivrFinished } from '../support/assertions.js';
import { fixture } from '../support/env.js';
import { runSipp } from '../support/sipp.js';
import { startStack, type Stack } from '../support/stack.js';
import { waitFor } from '../support/wait.js';

describe('business hours', () => {
  let stack: Stack;
  beforeAll(async () => {
    // A site closed every day: every caller reaches the closed message.
    stack = await startStack({ env: { IVR_FILE: fixture('ivr-closed.json'), QUEUES_FILE: fixture('queues-e2e.json') } });
  });
  afterAll(async () => stack?.stop());

  it('a caller outside business hours hears the closed message and is hung up, never queued', async () => {
    const caller = await runSipp({
      scenario: 'caller-keys-then-waits.xml',
      service: '12345',
      keys: { caller: '13600000001' },
      vars: { name: 'closed', dtmf: '', bye_timeout_ms: 20_000 },
      timeoutSec: 40,
    });
    expect(caller.errors).toBe('');
    expect(caller).toMatchObject({ code: 0, successful: 1 });
    const call = await waitFor(
      async () => (await stack.database.db.selectFrom('calls').selectAll().where('caller', '=', '13600000001').where('ended_at', 'is not', null).executeTakeFirst()) ?? undefined,
      'the call',
    );
    expect(call.queued_at).toBeNull();
    const finished = await ivrFinished(stack, call.call_id);
    expect(finished).toMatchObject({ outcome: 'hung_up' });
    expect(finished.path).toEqual(['hours', 'closed']);
    // The closed message (ss-noservice) plays before the hang-up.
    expect(call.ended_at!.getTime() - call.ivr_answered_at!.getTime()).toBeGreaterThan(1000);
  });
});
