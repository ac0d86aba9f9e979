import { createLogger } from '@hotline/config';
import type { QueueDefinition } from '@hotline/acd';
import type { RedisAgentStore } from '@hotline/state';
import { describe, expect, it } from 'vitest';
import type { Directory } from '../agents/directory.js';
import { FakeCallControl } from '../ari/fake-call-control.js';
import type { Dispatcher } from '../queue/dispatcher.js';
import type { TransferState } from './transfer.js';
import { Transfers, type TransferHost, type TransferRecord } from './transfers.js';

/** A call's side of the transfers, recording what the transfer asked of it (ARI requests go to `control`). */
function hostOfCall() {
  const control = new FakeCallControl();
  const did: string[] = [];
  const events: Record<string, unknown>[] = [];
  const host: TransferHost = {
    callId: 'c1',
    callerNumber: '13800000000',
    log: createLogger('test', 'silent'),
    control,
    // Not reached once a transfer is under way (they pick and reserve its target).
    directory: {} as Directory,
    agents: {} as RedisAgentStore,
    dispatcher: {} as Dispatcher,
    conversation: () => ({ agentId: 'a7', channelId: 'c1-1', bridgeId: 'c1-bridge' }),
    queue: () => ({ id: 'a', wrapUpSec: 5, ringTimeoutSec: 15 }) as QueueDefinition,
    trackLeg: (channelId, owned) => void did.push(`${owned ? 'track' : 'untrack'} ${channelId}`),
    emit: async (fields) => void events.push(fields),
    agentEvent: async (agentId, event) => void did.push(`${agentId} ${event.type}`),
    announceReservation: async () => undefined,
    holdCaller: async () => void did.push('hold caller'),
    returnCaller: async () => void did.push('return caller'),
    releaseAgentForTransfer: async () => void did.push('release agent'),
    handOver: async (leg) => void did.push(`hand over ${leg.mode} to ${leg.channelId}`),
    requeue: async () => void did.push('requeue'),
    persist: async () => void did.push('persist'),
  };
  return { host, control, did, events };
}

/** The record a previous controller left, read back as JSON (as from Redis). */
const left = (state: TransferState, ringUntil: number | null = null): TransferRecord =>
  JSON.parse(JSON.stringify({ state, fromAgentId: 'a7', legs: 1, ringUntil })) as TransferRecord;

const consulting: TransferState = { phase: 'connected', mode: 'attended', target: { type: 'queue', queueId: 'b' }, channelId: 'c1-x1', targetAgentId: 'a8' };
const blindRinging: TransferState = { phase: 'ringing', mode: 'blind', target: { type: 'agent', agentId: 'a8' }, channelId: 'c1-x1', targetAgentId: 'a8' };

describe('Transfers taken over after a controller restart', () => {
  it('a consultation whose legs are still there is completed through the API: handed over, announced once', async () => {
    const { host, did, events } = hostOfCall();
    const transfers = new Transfers(host);
    transfers.restore(left(consulting));
    await transfers.resume(new Set(['c1', 'c1-1', 'c1-x1']));
    expect(transfers.active).toBe(true);
    await transfers.complete();
    expect(did).toEqual(['track c1-x1', 'hand over attended to c1-x1', 'persist']);
    expect(events.map((e) => e.type)).toEqual(['call.consult_ended', 'call.transferred']);
    expect(events[1]).toMatchObject({ kind: 'attended', agentId: 'a7', target: { type: 'queue', queueId: 'b' } });
    expect(transfers.snapshot()).toEqual({ state: { phase: 'idle' }, fromAgentId: 'a7', legs: 1, ringUntil: null });
  });

  it('a consultation whose target hung up unseen gives the caller back to the agent; the target agent wraps up', async () => {
    const { host, did, events } = hostOfCall();
    const transfers = new Transfers(host);
    transfers.restore(left(consulting));
    await transfers.resume(new Set(['c1', 'c1-1']));
    expect(did).toEqual(['track c1-x1', 'untrack c1-x1', 'a8 call_ended', 'return caller', 'persist']);
    expect(events).toEqual([expect.objectContaining({ type: 'call.consult_ended', outcome: 'target_hung_up' })]);
    await expect(transfers.cancel()).rejects.toThrow(/no consultation in progress/);
  });

  it('a blind target that hung up unseen puts the caller back in the queue', async () => {
    const { host, did, events } = hostOfCall();
    const transfers = new Transfers(host);
    transfers.restore(left(blindRinging, Date.now() + 10_000));
    await transfers.resume(new Set(['c1']));
    expect(did).toEqual(['track c1-x1', 'untrack c1-x1', 'a8 ring_no_answer', 'requeue', 'persist']);
    expect(events).toEqual([expect.objectContaining({ type: 'call.transfer_failed', outcome: 'no_answer' })]);
  });

  it('a blind target still ringing keeps its deadline: past it, the caller goes back to the queue', async () => {
    const { host, control, did } = hostOfCall();
    const transfers = new Transfers(host);
    transfers.restore(left(blindRinging, Date.now() + 30));
    await transfers.resume(new Set(['c1', 'c1-x1']));
    expect(did).toEqual(['track c1-x1']);
    await new Promise((r) => setTimeout(r, 80));
    expect(did).toEqual(['track c1-x1', 'untrack c1-x1', 'a8 ring_no_answer', 'requeue', 'persist']);
    expect(control.calls).toEqual([{ method: 'hangup', args: ['c1-x1'] }]);
  });

  it('a blind target still ringing that answers takes the caller', async () => {
    const { host, did } = hostOfCall();
    const transfers = new Transfers(host);
    transfers.restore(left(blindRinging, Date.now() + 10_000));
    await transfers.resume(new Set(['c1', 'c1-x1']));
    await transfers.targetAnswered('c1-x1');
    expect(did).toEqual(['track c1-x1', 'a8 answer', 'hand over blind to c1-x1', 'persist']);
    expect(transfers.active).toBe(false);
  });
});
