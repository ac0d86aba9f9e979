import type { Logger } from '@hotline/config';
import { newEvent, type CallEvent, type EventFields } from '@hotline/events';
import type { CallControl } from '../ports.js';

export interface SessionDeps {
  control: CallControl;
  publish: (event: CallEvent) => Promise<void>;
  log: Logger;
  greeting: string;
}

/**
 * One inbound trunk call: answer, greet, hang up. The caller may hang up at any
 * moment; `ended()` is then called once and the flow stops at its next step.
 */
export class CallSession {
  private done = false;
  private readonly log: Logger;

  constructor(
    readonly callId: string,
    private readonly deps: SessionDeps,
  ) {
    this.log = deps.log.child({ callId });
  }

  async arrive(caller: string, dialed: string): Promise<void> {
    this.log.info({ caller, dialed }, 'call arrived');
    await this.emit({ type: 'call.arrived', callId: this.callId, caller, dialed, channelId: this.callId });
    await this.run();
  }

  /** A call found in Stasis after a controller restart: the step it was in is unknown, so greet again. */
  async resume(): Promise<void> {
    this.log.warn('resuming a call left by a previous controller');
    await this.run();
  }

  private async run(): Promise<void> {
    const { control } = this.deps;
    await control.answer(this.callId);
    if (this.done) return;
    await this.emit({ type: 'call.answered', callId: this.callId, party: 'ivr' });
    const played = await control.play(this.callId, [this.deps.greeting]);
    if (played === 'gone' || this.done) return;
    await control.hangup(this.callId);
  }

  ended(cause: string): void {
    if (this.done) return;
    this.done = true;
    this.log.info({ cause }, 'call ended');
    void this.emit({ type: 'call.ended', callId: this.callId, cause });
  }

  private async emit(fields: EventFields): Promise<void> {
    try {
      await this.deps.publish(newEvent('ari-controller', fields));
    } catch (err) {
      this.log.error({ err, type: fields.type }, 'event not published');
    }
  }
}
