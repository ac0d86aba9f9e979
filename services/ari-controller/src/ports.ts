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
  /**
   * A snoop channel on `channelId` (spy: what the leg sends 'in', receives 'out', or 'both';
   * whisper: where audio written to the snoop goes). Resolves once the snoop is in the app
   * (its own StasisStart): only then can it be recorded or bridged.
   */
  snoop(req: { snoopId: string; channelId: string; spy: 'in' | 'out' | 'both' | 'none'; whisper?: 'in' | 'out' | 'both' | 'none'; appArgs: string }): Promise<void>;
  /** Records a channel into `${name}.wav` in Asterisk's recording directory. */
  record(channelId: string, name: string): Promise<void>;
  /** Stops a live recording; one that already ended (its channel hung up) is not an error. */
  stopRecording(name: string): Promise<void>;
  /** Creates an empty mixing bridge. */
  createBridge(bridgeId: string): Promise<void>;
  addToBridge(bridgeId: string, channelIds: readonly string[], opts?: { mute?: boolean }): Promise<void>;
  removeFromBridge(bridgeId: string, channelIds: readonly string[]): Promise<void>;
}
