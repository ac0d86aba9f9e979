import type { Client } from 'ari-client';
import type { CallControl } from '../ports.js';
import { isGone } from './guard.js';

type Settle = (outcome: 'finished' | 'gone') => void;

const SNOOP_ENTRY_TIMEOUT_MS = 5000;

/** CallControl over ARI REST; playbacks complete with their PlaybackFinished events. */
export class AriCallControl implements CallControl {
  private readonly playbacks = new Map<string, { channelId: string; settle: Settle }>();
  /** Snoops created and not yet seen entering the app. */
  private readonly snoops = new Map<string, () => void>();

  constructor(
    private readonly client: () => Client | null,
    /** The Stasis app agent legs and snoops enter: one this controller serves now (its own, or one it took over). */
    private readonly app: () => string,
  ) {}

  private ari(): Client {
    const c = this.client();
    if (!c) throw Object.assign(new Error('ARI not connected'), { status: 503 });
    return c;
  }

  /** Runs a request on a channel or bridge that may have just gone away: that is not an error. */
  private async tolerant(request: () => Promise<unknown>): Promise<void> {
    try {
      await request();
    } catch (err) {
      if (!isGone(err)) throw err;
    }
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

  stopPlayback(playbackId: string): Promise<void> {
    return this.tolerant(() => this.ari().playbacks.stop({ playbackId }));
  }

  startMoh(channelId: string, mohClass: string): Promise<void> {
    return this.tolerant(() => this.ari().channels.startMoh({ channelId, mohClass }));
  }

  stopMoh(channelId: string): Promise<void> {
    return this.tolerant(() => this.ari().channels.stopMoh({ channelId }));
  }

  async originate(req: { channelId: string; endpoint: string; appArgs: string; callerId: string; timeoutSec: number }): Promise<void> {
    await this.ari().channels.originate({
      channelId: req.channelId,
      endpoint: req.endpoint,
      app: this.app(),
      appArgs: req.appArgs,
      callerId: req.callerId,
      timeout: req.timeoutSec,
    });
  }

  async bridge(bridgeId: string, channelIds: readonly string[]): Promise<void> {
    const c = this.ari();
    await c.bridges.create({ bridgeId, type: 'mixing', name: bridgeId });
    await c.bridges.addChannel({ bridgeId, channel: [...channelIds] });
  }

  destroyBridge(bridgeId: string): Promise<void> {
    return this.tolerant(() => this.ari().bridges.destroy({ bridgeId }));
  }

  continueInDialplan(channelId: string, context: string, extension: string): Promise<void> {
    return this.tolerant(() => this.ari().channels.continueInDialplan({ channelId, context, extension, priority: 1 }));
  }

  hangup(channelId: string): Promise<void> {
    return this.tolerant(() => this.ari().channels.hangup({ channelId }));
  }

  async snoop(req: { snoopId: string; channelId: string; spy: 'in' | 'out' | 'both' | 'none'; whisper?: 'in' | 'out' | 'both' | 'none'; appArgs: string }): Promise<void> {
    // The snoop's StasisStart can arrive before the REST reply: wait for it from the start.
    const entered = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.snoops.delete(req.snoopId);
        reject(new Error(`snoop ${req.snoopId} did not enter the app`));
      }, SNOOP_ENTRY_TIMEOUT_MS);
      this.snoops.set(req.snoopId, () => {
        clearTimeout(timer);
        resolve();
      });
    });
    try {
      await this.ari().channels.snoopChannelWithId({
        channelId: req.channelId,
        snoopId: req.snoopId,
        spy: req.spy,
        whisper: req.whisper ?? 'none',
        app: this.app(),
        appArgs: req.appArgs,
      });
    } catch (err) {
      this.snoops.get(req.snoopId)?.();
      this.snoops.delete(req.snoopId);
      throw err;
    }
    await entered;
  }

  async record(channelId: string, name: string): Promise<void> {
    await this.ari().channels.record({ channelId, name, format: 'wav', ifExists: 'overwrite', maxDurationSeconds: 0, maxSilenceSeconds: 0 });
  }

  async stopRecording(name: string): Promise<void> {
    try {
      await this.ari().recordings.stop({ recordingName: name });
    } catch (err) {
      // 404 or "Recording not in session" (409): it already ended with its channel.
      const status = (err as { statusCode?: number; status?: number }).statusCode ?? (err as { status?: number }).status;
      if (!isGone(err) && status !== 409 && !/not in session/i.test((err as Error).message ?? '')) throw err;
    }
  }

  async createBridge(bridgeId: string): Promise<void> {
    await this.ari().bridges.create({ bridgeId, type: 'mixing', name: bridgeId });
  }

  async addToBridge(bridgeId: string, channelIds: readonly string[], opts: { mute?: boolean } = {}): Promise<void> {
    await this.ari().bridges.addChannel({ bridgeId, channel: [...channelIds], ...(opts.mute ? { mute: true } : {}) });
  }

  removeFromBridge(bridgeId: string, channelIds: readonly string[]): Promise<void> {
    return this.tolerant(() => this.ari().bridges.removeChannel({ bridgeId, channel: [...channelIds] }));
  }

  /** Fed from a snoop channel's StasisStart (role 'snoop'). */
  snoopEntered(snoopId: string): boolean {
    const entered = this.snoops.get(snoopId);
    this.snoops.delete(snoopId);
    entered?.();
    return entered !== undefined;
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
