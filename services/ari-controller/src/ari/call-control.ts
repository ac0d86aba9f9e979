import type { CallControl } from '../ports.js';
import { isGone } from './guard.js';
import { ariPath, type AriRest } from './rest.js';

type Settle = (outcome: 'finished' | 'gone') => void;

const SNOOP_ENTRY_TIMEOUT_MS = 5000;

/** CallControl over ARI REST (ari/rest.ts); playbacks complete with their PlaybackFinished events. */
export class AriCallControl implements CallControl {
  private readonly playbacks = new Map<string, { channelId: string; settle: Settle }>();
  /** Snoops created and not yet seen entering the app. */
  private readonly snoops = new Map<string, () => void>();

  constructor(
    /** null while no ARI connection is up. */
    private readonly rest: () => AriRest | null,
    /** The Stasis app agent legs and snoops enter: one this controller serves now (its own, or one it took over). */
    private readonly app: () => string,
  ) {}

  private ari(): AriRest {
    const c = this.rest();
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
    await this.ari().post(ariPath`/channels/${channelId}/answer`);
  }

  async play(channelId: string, playbackId: string, sounds: readonly string[]): Promise<'finished' | 'gone'> {
    const done = new Promise<'finished' | 'gone'>((settle) => this.playbacks.set(playbackId, { channelId, settle }));
    try {
      await this.ari().post(ariPath`/channels/${channelId}/play`, { media: sounds.map((s) => `sound:${s}`), playbackId });
    } catch (err) {
      this.playbacks.delete(playbackId);
      if (isGone(err)) return 'gone';
      throw err;
    }
    return done;
  }

  stopPlayback(playbackId: string): Promise<void> {
    return this.tolerant(() => this.ari().delete(ariPath`/playbacks/${playbackId}`));
  }

  startMoh(channelId: string, mohClass: string): Promise<void> {
    return this.tolerant(() => this.ari().post(ariPath`/channels/${channelId}/moh`, { mohClass }));
  }

  stopMoh(channelId: string): Promise<void> {
    return this.tolerant(() => this.ari().delete(ariPath`/channels/${channelId}/moh`));
  }

  async originate(req: { channelId: string; endpoint: string; appArgs: string; callerId: string; timeoutSec: number }): Promise<void> {
    await this.ari().post('/channels', {
      channelId: req.channelId,
      endpoint: req.endpoint,
      app: this.app(),
      appArgs: req.appArgs,
      callerId: req.callerId,
      timeout: req.timeoutSec,
    });
  }

  async bridge(bridgeId: string, channelIds: readonly string[]): Promise<void> {
    await this.createBridge(bridgeId);
    await this.addToBridge(bridgeId, channelIds);
  }

  destroyBridge(bridgeId: string): Promise<void> {
    return this.tolerant(() => this.ari().delete(ariPath`/bridges/${bridgeId}`));
  }

  continueInDialplan(channelId: string, context: string, extension: string): Promise<void> {
    return this.tolerant(() => this.ari().post(ariPath`/channels/${channelId}/continue`, { context, extension, priority: 1 }));
  }

  hangup(channelId: string): Promise<void> {
    return this.tolerant(() => this.ari().delete(ariPath`/channels/${channelId}`));
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
      await this.ari().post(ariPath`/channels/${req.channelId}/snoop/${req.snoopId}`, {
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
    await this.ari().post(ariPath`/channels/${channelId}/record`, { name, format: 'wav', ifExists: 'overwrite', maxDurationSeconds: 0, maxSilenceSeconds: 0 });
  }

  async stopRecording(name: string): Promise<void> {
    try {
      await this.ari().post(ariPath`/recordings/live/${name}/stop`);
    } catch (err) {
      // 404 or "Recording not in session" (409): it already ended with its channel.
      if (!isGone(err) && (err as { statusCode?: number }).statusCode !== 409) throw err;
    }
  }

  async createBridge(bridgeId: string): Promise<void> {
    await this.ari().post('/bridges', { type: 'mixing', bridgeId, name: bridgeId });
  }

  async addToBridge(bridgeId: string, channelIds: readonly string[], opts: { mute?: boolean } = {}): Promise<void> {
    await this.ari().post(ariPath`/bridges/${bridgeId}/addChannel`, { channel: channelIds, ...(opts.mute ? { mute: true } : {}) });
  }

  async removeFromBridge(bridgeId: string, channelIds: readonly string[]): Promise<void> {
    try {
      await this.tolerant(() => this.ari().post(ariPath`/bridges/${bridgeId}/removeChannel`, { channel: channelIds }));
    } catch (err) {
      // 422: already out of it (its hang-up took it out first), which is what was asked.
      if ((err as { statusCode?: number }).statusCode !== 422) throw err;
    }
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
