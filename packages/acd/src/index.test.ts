import { describe, expect, it } from 'vitest';
import * as acd from './index.js';

describe('@hotline/acd public API', () => {
  it('re-exports every module', () => {
    for (const name of [
      'transition',
      'allowedEvents',
      'isOfferable',
      'initialAgentState',
      'TRANSITIONS',
      'parseQueueConfig',
      'safeParseQueueConfig',
      'QueueConfigError',
      'queueConfigSchema',
      'chooseAgent',
      'rankAgents',
      'CallerQueue',
      'nextOfferStep',
      'waitMs',
      'classifyWait',
    ]) {
      expect(acd, name).toHaveProperty(name);
    }
  });

  it('a parsed queue drives an offer decision end to end', () => {
    const config = acd.parseQueueConfig({
      queues: [
        {
          id: 'general',
          name: '综合',
          skill: 'general',
          maxWaitSec: 60,
          overflow: { action: 'callback' },
          capacity: 10,
          wrapUpSec: 20,
          policy: 'longest_idle',
        },
      ],
      agents: [{ id: 'a1', name: '张三', seat: 'agent0001', skills: { general: 3 } }],
    });
    const queue = config.queues[0];
    const agent = config.agents[0];
    if (queue === undefined || agent === undefined) throw new Error('parsed config lost an entry');

    const signedIn = acd.transition(acd.initialAgentState(0), { type: 'sign_in' }, 0);
    if (!signedIn.ok) throw new Error(signedIn.error);
    const ready = acd.transition(signedIn.state, { type: 'set_ready' }, 1_000);
    if (!ready.ok) throw new Error(ready.error);

    const step = acd.nextOfferStep({
      queue,
      offers: [],
      queuedAt: 2_000,
      now: 3_000,
      candidates: [{ id: agent.id, skills: agent.skills, state: ready.state, callsToday: 0 }],
    });
    expect(step).toEqual({ kind: 'offer', agentId: 'a1' });
  });
});
