import type { Logger } from '@hotline/config';
import { newEvent, type EventFields, type HotlineEvent } from '@hotline/events';
import { randomUUID } from 'node:crypto';
import type { CallControl } from '../ports.js';
import type { CallStore } from '../state/call-store.js';

export interface SessionDeps {
  control: CallControl;
  store: CallStore;
  publish: (event: HotlineEvent) => Promise<void>;
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
    await this.deps.store.save({ callId: this.callId, step: 'arrived', arrivedAt: Date.now() });
    await this.emit({ type: 'call.arrived', callId: this.callId, caller, dialed, channelId: this.callId });
    await this.deps.control.answer(this.callId);
    if (this.done) return;
    await this.emit({ type: 'call.answered', callId: this.callId, party: 'ivr' });
    await this.greet();
  }

  /**
   * A call found in Stasis after a controller restart. Its mirrored record says where it was;
   * a prompt still playing is stopped first, because ARI would queue ours behind it.
   */
  async resume(): Promise<void> {
    const record = await this.deps.store.get(this.callId);
    this.log.warn({ step: record?.step ?? 'unknown' }, 'resuming a call left by a previous controller');
    if (record?.playbackId) await this.deps.control.stopPlayback(record.playbackId);
    if (!record || record.step === 'arrived') await this.deps.control.answer(this.callId);
    await this.greet();
  }

  private async greet(): Promise<void> {
    const playbackId = randomUUID();
    await this.deps.store.save({ callId: this.callId, step: 'greeting', playbackId, arrivedAt: Date.now() });
    const played = await this.deps.control.play(this.callId, playbackId, [this.deps.greeting]);
    if (played === 'gone' || this.done) return;
    await this.deps.control.hangup(this.callId);
  }

  ended(cause: string): void {
    if (this.done) return;
    this.done = true;
    this.log.info({ cause }, 'call ended');
    void this.emit({ type: 'call.ended', callId: this.callId, cause });
    this.deps.store.delete(this.callId).catch((err: unknown) => this.log.warn({ err }, 'call record not removed'));
  }

  private async emit(fields: EventFields): Promise<void> {
    try {
      await this.deps.publish(newEvent('ari-controller', fields) as HotlineEvent);
    } catch (err) {
      this.log.error({ err, type: fields.type }, 'event not published');
    }
  }
}
