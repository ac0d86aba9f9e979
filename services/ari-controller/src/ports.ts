/** What the call flow needs from the telephony side; ari/call-control.ts implements it over ARI. */
export interface CallControl {
  answer(channelId: string): Promise<void>;
  /** Plays the sounds in order; resolves when finished, or 'gone' if the channel hung up. */
  play(channelId: string, sounds: readonly string[]): Promise<'finished' | 'gone'>;
  hangup(channelId: string): Promise<void>;
}
