import { next, start, type Action, type Input, type Ivr, type WalkState } from '@hotline/callflow';
import type { CallControl } from '../ports.js';

/** Where the IVR led the caller; the session takes over from there. */
export type IvrExit =
  | { kind: 'enqueue'; queueId: string; priority: number; skill?: string }
  | { kind: 'transfer'; number: string }
  | { kind: 'hangup'; reason: string };

/**
 * Drives the pure IVR walker over ARI: plays prompts, runs timers, feeds back
 * prompt ends, DTMF and timeouts, one input at a time, until the walker ends.
 */
export class IvrRunner {
  private state: WalkState | null = null;
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private queue: Promise<void> = Promise.resolve();
  private stopped = false;

  constructor(
    private readonly ivr: Ivr,
    private readonly channelId: string,
    private readonly control: CallControl,
    private readonly onExit: (exit: IvrExit, state: WalkState) => void,
    private readonly onError: (err: unknown) => void,
    /** Playback ids are `${prefix}:${walker id}`; the survey uses its own prefix so its ids never meet the IVR's. */
    private readonly playbackPrefix: string = channelId,
    /** Told each prompt's playback id, so the call record can name it for a successor to stop. */
    private readonly onPlay: (playbackId: string) => void = () => undefined,
  ) {}

  get walkState(): WalkState | null {
    return this.state;
  }

  start(now = Date.now()): void {
    this.enqueue(async () => {
      const step = start(this.ivr, now);
      this.state = step.state;
      await this.execute(step.actions);
    });
  }

  dtmf(digit: string): void {
    this.feed({ type: 'dtmf', digit });
  }

  /** The caller hung up or the call moved on: timers stop, nothing more is played. */
  stop(): void {
    this.stopped = true;
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
  }

  private feed(input: Input): void {
    this.enqueue(async () => {
      if (!this.state || this.stopped) return;
      const step = next(this.ivr, this.state, input, Date.now());
      if (step.state === this.state && step.actions.length === 0) return; // ignored input
      this.state = step.state;
      await this.execute(step.actions);
    });
  }

  // Inputs are processed strictly in order: the walker is a state machine, not re-entrant.
  private enqueue(work: () => Promise<void>): void {
    this.queue = this.queue.then(work).catch(this.onError);
  }

  private async execute(actions: readonly Action[]): Promise<void> {
    for (const action of actions) {
      if (this.stopped) return;
      switch (action.type) {
        case 'play': {
          const playbackId = `${this.playbackPrefix}:${action.id}`;
          this.onPlay(playbackId);
          // Not awaited: DTMF must be processed while the prompt plays.
          void this.control.play(this.channelId, playbackId, action.prompts).then(
            (outcome) => outcome === 'finished' && this.feed({ type: 'prompt_done', playbackId: action.id }),
            this.onError,
          );
          break;
        }
        case 'stop_playback':
          await this.control.stopPlayback(`${this.playbackPrefix}:${action.id}`);
          break;
        case 'start_timer':
          this.timers.set(action.id, setTimeout(() => {
            this.timers.delete(action.id);
            this.feed({ type: 'timeout', timerId: action.id });
          }, action.ms));
          break;
        case 'cancel_timer':
          clearTimeout(this.timers.get(action.id));
          this.timers.delete(action.id);
          break;
        case 'enqueue':
          this.finish({ kind: 'enqueue', queueId: action.queueId, priority: action.priority, ...(action.skill ? { skill: action.skill } : {}) });
          return;
        case 'transfer':
          this.finish({ kind: 'transfer', number: action.number });
          return;
        case 'hangup':
          this.finish({ kind: 'hangup', reason: action.reason });
          return;
      }
    }
  }

  private finish(exit: IvrExit): void {
    this.stop();
    this.onExit(exit, this.state!);
  }
}
