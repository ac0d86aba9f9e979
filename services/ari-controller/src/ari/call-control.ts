import type { Client } from 'ari-client';
import type { CallControl } from '../ports.js';
import { isGone } from './guard.js';

type Settle = (outcome: 'finished' | 'gone') => void;

/** CallControl over ARI REST, with playbacks completed by their PlaybackFinished events. */
export class AriCallControl implements CallControl {
  private readonly playbacks = new Map<string, { channelId: string; settle: Settle }>();

  constructor(private readonly client: () => Client | null) {}

  private ari(): Client {
    const c = this.client();
    if (!c) throw Object.assign(new Error('ARI not connected'), { status: 503 });
    return c;
  }

  async answer(channelId: string): Promise<void> {
    await this.ari().channels.answer({ channelId });
  }

  async play(channelId: string, playbackId: string, sounds: readonly string[]): Promise<'finished' | 'gone'> {
    const done = new Promise<'finished' | 'gone'>((settle) => this.playbacks.set(playbackId, { channelId, settle }));
    try {
      await this.ari().channels.play({ channelId, playbackId, media: sounds.map((s) => `sound:${s}`) });
    } catch (err) {
      this.playbacks.delete(playbackId);
      if (isGone(err)) return 'gone';
      throw err;
    }
    return done;
  }

  async stopPlayback(playbackId: string): Promise<void> {
    try {
      await this.ari().playbacks.stop({ playbackId });
    } catch (err) {
      if (!isGone(err)) throw err;
    }
  }

  async hangup(channelId: string): Promise<void> {
    try {
      await this.ari().channels.hangup({ channelId });
    } catch (err) {
      if (!isGone(err)) throw err;
    }
  }

  /** Fed from the PlaybackFinished event. */
  playbackFinished(playbackId: string): void {
    this.playbacks.get(playbackId)?.settle('finished');
    this.playbacks.delete(playbackId);
  }

  /** Fed from StasisEnd: whatever was playing to the channel will never finish. */
  channelGone(channelId: string): void {
    for (const [id, p] of this.playbacks) {
      if (p.channelId === channelId) {
        p.settle('gone');
        this.playbacks.delete(id);
      }
    }
  }
}
