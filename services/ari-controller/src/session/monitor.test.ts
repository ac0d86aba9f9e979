import { describe, expect, it } from 'vitest';
import { FakeCallControl } from '../ari/fake-call-control.js';
import { SupervisorMonitor } from './monitor.js';

const target = { callId: 'c1', agentChannelId: 'c1-1', callBridgeId: 'c1-bridge' };

describe('SupervisorMonitor', () => {
  it('listen: a snoop on the agent leg hearing both ways, whispering nowhere, bridged with the supervisor', async () => {
    const control = new FakeCallControl();
    const m = new SupervisorMonitor('sup', 'listen', 'c1-sup-1', control, 'c1');
    await m.connect(target);
    expect(control.calls[0]).toEqual({ method: 'snoop', args: [{ snoopId: 'c1-sup-1-spy', channelId: 'c1-1', spy: 'both', whisper: 'none', appArgs: 'snoop,c1' }] });
    expect(control.methods()).toEqual(['snoop', 'createBridge', 'addToBridge']);
    expect(control.calls[2]!.args.slice(0, 2)).toEqual(['c1-sup-1-bridge', ['c1-sup-1-spy', 'c1-sup-1']]);
  });

  it('whisper: the same snoop whispers out to the agent leg only', async () => {
    const control = new FakeCallControl();
    await new SupervisorMonitor('sup', 'whisper', 'c1-sup-1', control, 'c1').connect(target);
    expect(control.calls[0]!.args[0]).toMatchObject({ channelId: 'c1-1', spy: 'both', whisper: 'out' });
  });

  it('barge: the supervisor joins the call bridge; stop hangs up the supervisor once', async () => {
    const control = new FakeCallControl();
    const m = new SupervisorMonitor('sup', 'barge', 'c1-sup-1', control, 'c1');
    await m.connect(target);
    expect(control.calls).toEqual([{ method: 'addToBridge', args: ['c1-bridge', ['c1-sup-1'], undefined] }]);
    expect(await m.stop()).toBe(true);
    expect(await m.stop()).toBe(false);
    expect(control.methods()).toEqual(['addToBridge', 'hangup']);
  });
});
