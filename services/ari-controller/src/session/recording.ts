import { randomUUID } from 'node:crypto';
import type { Logger } from '@hotline/config';
import type { CallControl } from '../ports.js';
import { mergeLegFiles, type LegFile, type StoredFile } from '../recording/leg-files.js';

export interface RecordingResult extends StoredFile {
  recordingId: string;
}

/** A leg being recorded: its file and the snoop that carries it (mirrored in the call record). */
export type RecordedLeg = LegFile & { snoopId: string };

/**
 * Dual-channel recording of one call: each leg is recorded on its own through a snoop channel
 * that carries only what that leg sends (spy 'in'), so the caller and the agent never mix;
 * at the end the legs are merged into one stereo WAV (left caller, right agent). The caller
 * is recorded from the first agent's answer to the end of the conversation, across hold and
 * transfers; each agent leg from its answer to its hang-up.
 */
export class CallRecorder {
  private readonly legs: RecordedLeg[];
  /** Legs still being set up: finish() waits for them, so none is left recording. */
  private readonly starting = new Set<Promise<void>>();
  private finished = false;

  constructor(
    private readonly callId: string,
    private readonly control: CallControl,
    private readonly dir: string,
    private readonly log: Logger,
    /** Legs a previous controller started (from the call record): Asterisk kept recording them. */
    legs: readonly RecordedLeg[] = [],
  ) {
    this.legs = [...legs];
  }

  get recording(): boolean {
    return this.legs.length > 0;
  }

  /** The legs recording now, for the call record (a successor finishes and merges them). */
  get recordedLegs(): readonly RecordedLeg[] {
    return this.legs;
  }

  /** Starts recording what `channelId` sends, as the caller's or an agent's side. */
  addLeg(side: 'caller' | 'agent', channelId: string): Promise<void> {
    const started = this.startLeg(side, channelId, this.legs.length + this.starting.size + 1);
    // finish() only waits for it; a failure is the caller's to handle (held here, it was unhandled).
    const settled = started.catch(() => undefined);
    this.starting.add(settled);
    return started.finally(() => this.starting.delete(settled));
  }

  private async startLeg(side: 'caller' | 'agent', channelId: string, n: number): Promise<void> {
    if (this.finished) return;
    const snoopId = `${channelId}-spy-rec`;
    const name = `${this.callId}-${side}-${n}`;
    await this.control.snoop({ snoopId, channelId, spy: 'in', appArgs: `snoop,${this.callId}` });
    // Only a channel already in Stasis can be recorded: snoop() waited for its StasisStart.
    await this.control.record(snoopId, name);
    this.legs.push({ side, name, snoopId, startedAt: Date.now() });
    this.log.debug({ side, channelId, name }, 'recording leg');
  }

  /**
   * Stops every leg and merges them; null when nothing was recorded. Runs once: a second call
   * (the call ending while the agent's hang-up still waits for a leg being set up) gets null
   * instead of merging the same files again, and no leg starts once it began.
   */
  async finish(): Promise<RecordingResult | null> {
    if (this.finished) return null;
    this.finished = true;
    await Promise.allSettled([...this.starting]);
    if (this.legs.length === 0) return null;
    for (const leg of this.legs) {
      // A leg that already hung up took its snoop and recording with it: nothing to stop is fine.
      await this.control.stopRecording(leg.name).catch((err: unknown) => this.log.warn({ err, name: leg.name }, 'recording not stopped'));
      await this.control.hangup(leg.snoopId).catch((err: unknown) => this.log.warn({ err, snoopId: leg.snoopId }, 'snoop not hung up'));
    }
    const stored = await mergeLegFiles(this.dir, this.callId, this.legs);
    if (!stored) {
      this.log.warn({ legs: this.legs.map((l) => l.name) }, 'no leg recording found to merge');
      return null;
    }
    return { recordingId: randomUUID(), ...stored };
  }
}
