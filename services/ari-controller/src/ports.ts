/** What the call flow needs from the telephony side; ari/call-control.ts implements it over ARI. */
export interface CallControl {
  answer(channelId: string): Promise<void>;
  /**
   * Plays the sounds in order under the given id; resolves when the playback ends
   * (finished or stopped), or 'gone' if the channel hung up first.
   */
  play(channelId: string, playbackId: string, sounds: readonly string[]): Promise<'finished' | 'gone'>;
  /** Stops a playback (also one started by a previous controller); a finished one is not an error. */
  stopPlayback(playbackId: string): Promise<void>;
  startMoh(channelId: string, mohClass: string): Promise<void>;
  stopMoh(channelId: string): Promise<void>;
  /** Rings an endpoint; the new channel enters the app with `appArgs` when answered. */
  originate(req: { channelId: string; endpoint: string; appArgs: string; callerId: string; timeoutSec: number }): Promise<void>;
  bridge(bridgeId: string, channelIds: readonly string[]): Promise<void>;
  destroyBridge(bridgeId: string): Promise<void>;
  /** Leaves Stasis and continues in the dialplan (e.g. a transfer out through the trunk). */
  continueInDialplan(channelId: string, context: string, extension: string): Promise<void>;
  hangup(channelId: string): Promise<void>;
}
