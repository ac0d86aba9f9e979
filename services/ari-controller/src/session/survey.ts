import { lastAcceptedKey, NO_ANSWER, surveyResultFromDigit, type Ivr, type SurveyAnswer, type WalkState } from '@hotline/callflow';
import type { CallControl } from '../ports.js';
import { IvrRunner } from './ivr-runner.js';

export type SurveyResult = SurveyAnswer | typeof NO_ANSWER;

/**
 * The post-call satisfaction survey (1 satisfied, 2 basically satisfied, 3 dissatisfied):
 * the survey IVR file runs on the caller's leg once the agent has hung up. The answer is
 * the key its start menu accepted; no key, or the caller hanging up first, is `no_answer`.
 * Reported exactly once, then the caller is hung up.
 */
export class PostCallSurvey {
  private readonly runner: IvrRunner;
  private reported = false;

  constructor(
    private readonly ivr: Ivr,
    private readonly channelId: string,
    private readonly control: CallControl,
    private readonly report: (result: SurveyResult) => Promise<void>,
    onError: (err: unknown) => void,
    /** Told each prompt's playback id (the call record names it, so a successor can stop it). */
    onPlay: (playbackId: string) => void = () => undefined,
  ) {
    this.runner = new IvrRunner(
      ivr,
      channelId,
      control,
      (_exit, state) => void this.finished(state).catch(onError),
      onError,
      `${channelId}:survey`,
      onPlay,
    );
  }

  start(): void {
    this.runner.start();
  }

  dtmf(digit: string): void {
    this.runner.dtmf(digit);
  }

  /** The caller hung up during the survey: whatever they pressed so far counts. */
  async callerLeft(): Promise<void> {
    this.runner.stop();
    await this.reportOnce(this.runner.walkState);
  }

  private async finished(state: WalkState): Promise<void> {
    await this.reportOnce(state);
    await this.control.hangup(this.channelId);
  }

  private async reportOnce(state: WalkState | null): Promise<void> {
    if (this.reported) return;
    this.reported = true;
    await this.report(surveyResultFromDigit(state ? lastAcceptedKey(state, this.ivr.start) : undefined));
  }
}
