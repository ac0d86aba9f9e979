import { afterEach, describe, expect, it } from 'vitest';
import type { HotlineEvent } from '@hotline/events';
import { FakeCallControl } from './ari/fake-call-control.js';
import { ControllerMetrics } from './metrics.js';

const queued = (callId: string, at: number) => ({ type: 'call.queued', callId, at: new Date(at).toISOString() }) as HotlineEvent;
const offer = (control: FakeCallControl, callId: string) =>
  control.originate({ channelId: `${callId}-1`, endpoint: 'PJSIP/seat1', appArgs: `agent,${callId}`, callerId: '1', timeoutSec: 20 });

describe('ControllerMetrics: agent free to caller offered', () => {
  let metrics: ControllerMetrics;
  afterEach(() => metrics.close());

  const setUp = () => {
    metrics = new ControllerMetrics((seat) => (seat === 'seat1' ? 'a1' : undefined), 20_000 + Math.floor(Math.random() * 20_000));
    return metrics.instrument(new FakeCallControl());
  };

  it('times a first offer made after call.queued was published', async () => {
    const control = setUp();
    metrics.agentReady('a1');
    metrics.event(queued('c1', Date.now()));
    await offer(control, 'c1');
    expect(metrics.summary().freeToOfferedMs.count).toBe(1);
  });

  it('times a first offer made before its call.queued came through (an agent free at once)', async () => {
    const control = setUp();
    metrics.agentReady('a1');
    await offer(control, 'c2');
    expect(metrics.summary().freeToOfferedMs.count).toBe(0);
    metrics.event(queued('c2', Date.now() - 5));
    const summary = metrics.summary().freeToOfferedMs;
    expect(summary.count).toBe(1);
    expect(summary.max).toBeGreaterThanOrEqual(0);
  });

  it('keeps the newest ready: an earlier ready published late does not stretch the next offer by a cycle', async () => {
    const control = setUp();
    metrics.event(queued('c4', Date.now() - 20_000)); // waiting since long before
    metrics.agentReady('a1'); // free now
    const lateReady = { type: 'agent.state_changed', agentId: 'a1', from: 'on_call', to: 'ready', at: new Date(Date.now() - 10_000).toISOString() } as HotlineEvent;
    metrics.event(lateReady);
    await offer(control, 'c4');
    expect(metrics.summary().freeToOfferedMs.max).toBeLessThan(1000);
  });

  it('does not time an offer to an agent it never saw become ready, nor a second offer', async () => {
    const control = setUp();
    metrics.event(queued('c3', Date.now()));
    await offer(control, 'c3');
    metrics.agentReady('a1');
    await control.originate({ channelId: 'c3-2', endpoint: 'PJSIP/seat1', appArgs: 'agent,c3', callerId: '1', timeoutSec: 20 });
    expect(metrics.summary().freeToOfferedMs.count).toBe(0);
  });
});
