import type { CallControl } from '../ports.js';

/** CallControl for unit tests: records every request in order; playbacks finish at once. */
export class FakeCallControl implements CallControl {
  readonly calls: { method: string; args: unknown[] }[] = [];

  private log(method: string, ...args: unknown[]): Promise<void> {
    this.calls.push({ method, args });
    return Promise.resolve();
  }

  methods(): string[] {
    return this.calls.map((c) => c.method);
  }

  answer(channelId: string) { return this.log('answer', channelId); }
  async play(channelId: string, playbackId: string, sounds: readonly string[]) {
    await this.log('play', channelId, playbackId, sounds);
    return 'finished' as const;
  }
  stopPlayback(playbackId: string) { return this.log('stopPlayback', playbackId); }
  startMoh(channelId: string, mohClass: string) { return this.log('startMoh', channelId, mohClass); }
  stopMoh(channelId: string) { return this.log('stopMoh', channelId); }
  originate(req: Parameters<CallControl['originate']>[0]) { return this.log('originate', req); }
  bridge(bridgeId: string, channelIds: readonly string[]) { return this.log('bridge', bridgeId, channelIds); }
  destroyBridge(bridgeId: string) { return this.log('destroyBridge', bridgeId); }
  continueInDialplan(channelId: string, context: string, extension: string) { return this.log('continueInDialplan', channelId, context, extension); }
  hangup(channelId: string) { return this.log('hangup', channelId); }
  snoop(req: Parameters<CallControl['snoop']>[0]) { return this.log('snoop', req); }
  record(channelId: string, name: string) { return this.log('record', channelId, name); }
  stopRecording(name: string) { return this.log('stopRecording', name); }
  createBridge(bridgeId: string) { return this.log('createBridge', bridgeId); }
  addToBridge(bridgeId: string, channelIds: readonly string[], opts?: { mute?: boolean }) { return this.log('addToBridge', bridgeId, channelIds, opts); }
  removeFromBridge(bridgeId: string, channelIds: readonly string[]) { return this.log('removeFromBridge', bridgeId, channelIds); }
}
