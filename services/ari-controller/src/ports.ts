/** What the call flow needs from the telephony side; ari/call-control.ts implements it over ARI. */
export interface CallControl {
  answer(channelId: string): Promise<void>;
  /** Plays the sounds in order under the given id; resolves when finished, or 'gone' if the channel hung up. */
  play(channelId: string, playbackId: string, sounds: readonly string[]): Promise<'finished' | 'gone'>;
  /** Stops a playback (also one started by a previous controller); a finished one is not an error. */
  stopPlayback(playbackId: string): Promise<void>;
  hangup(channelId: string): Promise<void>;
}
