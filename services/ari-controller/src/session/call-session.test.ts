import { parseIvr } from '@hotline/callflow';
import { createLogger } from '@hotline/config';
import type { HotlineEvent } from '@hotline/events';
import type { CallRecord, CallStore } from '@hotline/state';
import { describe, expect, it } from 'vitest';
import { FakeCallControl } from '../ari/fake-call-control.js';
import { CallSession, type SessionDeps } from './call-session.js';

/** What arrive() touches: the call control, the call store and the event bus. */
function arrival(control: FakeCallControl) {
  const saved: CallRecord[] = [];
  const events: HotlineEvent[] = [];
  const store: Pick<CallStore, 'save'> = { save: async (r) => void saved.push(r) };
  const deps = { control, store, publish: async (e: HotlineEvent) => void events.push(e), log: createLogger('test', 'silent') };
  return { session: new CallSession('c1', '13800000000', deps as unknown as SessionDeps), saved, events };
}

describe('CallSession.arrive', () => {
  it('lets the caller go when Asterisk does not answer them, instead of leaving them ringing in the app', async () => {
    const control = new FakeCallControl();
    control.answer = (channelId) => {
      control.calls.push({ method: 'answer', args: [channelId] });
      return Promise.reject(new Error('socket hang up'));
    };
    const { session, saved } = arrival(control);
    await expect(session.arrive('12345')).rejects.toThrow('socket hang up');
    expect(control.methods()).toEqual(['answer', 'hangup']);
    expect(control.calls[1]?.args).toEqual(['c1']);
    expect(saved).toHaveLength(1);
  });

  it('answers and starts the IVR otherwise', async () => {
    const control = new FakeCallControl();
    const { session } = arrival(control);
    const { ivr } = parseIvr({ start: 'hello', nodes: { hello: { type: 'message', prompts: ['hello-world'], then: 'hangup' } } }, 'test');
    Object.assign((session as unknown as { deps: SessionDeps }).deps, { ivr });
    await session.arrive('12345');
    await new Promise((r) => setTimeout(r, 20));
    expect(control.methods().slice(0, 2)).toEqual(['answer', 'play']);
  });
});

describe('CallSession.ringEnded', () => {
  it('gives the agent back (ring_no_answer) even when hanging up their leg fails', async () => {
    const control = new FakeCallControl();
    control.hangup = (channelId) => {
      control.calls.push({ method: 'hangup', args: [channelId] });
      return Promise.reject(Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }));
    };
    const { session } = arrival(control);
    const applied: { agentId: string; type: string }[] = [];
    const deps = (session as unknown as { deps: SessionDeps }).deps;
    Object.assign(deps, {
      agents: { apply: async (agentId: string, e: { type: string }) => (applied.push({ agentId, type: e.type }), { ok: false, from: { status: 'reserved' }, code: 'test', error: 'test' }) },
      trackAgentLeg: () => undefined,
      dispatcher: { trigger: () => undefined },
    });
    Object.assign(session as unknown as Record<string, unknown>, {
      phase: 'ended',
      queue: { id: 'q1' },
      ringing: { agentId: 'a1', channelId: 'c1-1', offeredAt: Date.now(), timer: setTimeout(() => undefined, 0) },
    });
    await session.ringEnded('no_answer');
    expect(control.methods()).toEqual(['hangup']);
    expect(applied).toEqual([{ agentId: 'a1', type: 'ring_no_answer' }]);
  });
});
