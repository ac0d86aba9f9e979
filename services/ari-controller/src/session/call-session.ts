import { randomUUID } from 'node:crypto';
import { agentsWhoDidNotAnswer, type AgentEvent as AgentStateEvent, type OfferAttempt, type QueueDefinition } from '@hotline/acd';
import type { Ivr, WalkState } from '@hotline/callflow';
import { visitedNodes, outcomeOf } from '@hotline/callflow';
import type { Logger } from '@hotline/config';
import { newEvent, type EventFields, type HotlineEvent } from '@hotline/events';
import { CommandRefused, publishChange, type AgentRecord, type AgentUpdate, type CallCommand, type CallRecord, type CallStore, type RedisAgentStore } from '@hotline/state';
import type { Directory } from '../agents/directory.js';
import { isGone } from '../ari/guard.js';
import type { CallControl } from '../ports.js';
import type { Dispatcher, WaitingCaller } from '../queue/dispatcher.js';
import { IvrRunner, type IvrExit } from './ivr-runner.js';
import { HoldClock } from './hold.js';
import { SupervisorMonitor } from './monitor.js';
import { CallRecorder, type RecordedLeg } from './recording.js';
import { PostCallSurvey } from './survey.js';
import type { TransferTarget } from './transfer.js';
import { Transfers, type TransferRecord } from './transfers.js';

export interface SessionDeps {
  control: CallControl;
  store: CallStore;
  agents: RedisAgentStore;
  directory: Directory;
  dispatcher: Dispatcher;
  ivr: Ivr;
  /** The post-call survey menu (SURVEY_FILE), run when the agent hangs up first. */
  surveyIvr: Ivr;
  publish: (event: HotlineEvent) => Promise<void>;
  log: Logger;
  mohClass: string;
  /** Asterisk's recording directory as this host sees it (RECORDINGS_DIR). */
  recordingsDir: string;
  /** Dual-channel recording of every answered call (RECORD_CALLS). */
  recordCalls: boolean;
  callbackPrompt: readonly string[];
  /** Agent legs are registered so their ARI events reach this session. */
  trackAgentLeg: (channelId: string, session: CallSession | null) => void;
  /** This controller's Stasis app: its call records name it, so a restart finds its own calls. */
  app: string;
}

/** transferring: a blind transfer rings its target (the caller hears music); external: connected to an outside number. */
type Phase = 'ivr' | 'queued' | 'talking' | 'transferring' | 'external' | 'survey' | 'ending' | 'ended';

/** A supervisor monitoring at the last save: a successor ends it (the monitor's legs are not adopted). */
interface MonitorRecord {
  supervisorId: string;
  mode: SupervisorMonitor['mode'];
  channelId: string;
  answered: boolean;
}

interface Ringing {
  agentId: string;
  channelId: string;
  offeredAt: number;
  timer: NodeJS.Timeout;
}

const SOURCE = 'ari-controller';

/** The longest number (caller, dialled) the event contract carries. */
const NUMBER_MAX = 64;

/** A number as the events can carry it: a longer one (a broken or hostile trunk) is cut, and said. */
function fitNumber(number: string, field: 'caller' | 'dialed', log: Logger): string {
  if (number.length <= NUMBER_MAX) return number;
  log.warn({ field, length: number.length }, `number longer than ${NUMBER_MAX} characters cut`);
  return number.slice(0, NUMBER_MAX);
}

/**
 * One inbound trunk call, from the IVR through the queue to the agent and the end.
 * Every ARI event for the caller's or the agent's leg lands here; the caller may
 * hang up at any moment, so each step checks the phase it expects.
 */
export class CallSession implements WaitingCaller {
  private phase: Phase = 'ivr';
  private readonly log: Logger;
  /** Redis writes of this call (events, the mirrored record), in order, off the call's critical path. */
  private writes: Promise<void> = Promise.resolve();
  /** This call's music-on-hold requests, in the order they were made (musicOn, musicOff). */
  private music: Promise<void> = Promise.resolve();
  /** This call's agent state changes, applied in the order the call made them (answer before call_ended). */
  private agentChanges: Promise<void> = Promise.resolve();
  /** Each agent's record as this call last wrote it: the call's next change to it needs no read first. */
  private readonly agentRecords = new Map<string, AgentRecord>();
  /** The IVR or survey prompt last started: a controller taking the call over stops it first. */
  private ivrPlayback: string | undefined;
  /** A takeover in progress (resume): the call's end waits for it, so it ends the restored call. */
  private resumed: Promise<void> = Promise.resolve();
  private ivrRunner: IvrRunner | null = null;
  private queue: QueueDefinition | null = null;
  private firstQueueId = '';
  priority = 0;
  queuedAt = 0;
  private readonly offers: OfferAttempt[] = [];
  private ringing: Ringing | null = null;
  private maxWaitTimer: NodeJS.Timeout | null = null;
  private callbackOffer: { timer: NodeJS.Timeout } | null = null;
  private talk: { agentId: string; channelId: string; bridgeId: string; answeredAt: number } | null = null;
  private survey: PostCallSurvey | null = null;
  private recorder: CallRecorder | null = null;
  private readonly holdClock = new HoldClock();
  /** Agent legs answered so far (a blind transfer adds one): names each talk's bridge. */
  private legsAnswered = 0;
  /** The max-wait clock restarts when a transfer puts the caller back in a queue (queued_at does not). */
  private maxWaitFrom: number | null = null;
  private monitor: SupervisorMonitor | null = null;
  private monitorsStarted = 0;
  /** The agent of the last conversation (the recording's and the survey's agent). */
  private lastAgentId: string | null = null;
  /** Set when the agent hung up first (the caller then gets the survey). */
  private endedBy: 'agent' | null = null;
  /** Transfers that ring a target of their own (to an agent or a number, consultations). */
  private readonly transfers: Transfers;
  /** After a transfer to an outside number: its leg and the bridge it shares with the caller. */
  private external: { channelId: string; bridgeId: string } | null = null;

  /** The caller's number as the events carry it. */
  private readonly caller: string;

  constructor(
    readonly callId: string,
    caller: string,
    private readonly deps: SessionDeps,
  ) {
    this.log = deps.log.child({ callId });
    this.caller = fitNumber(caller, 'caller', this.log);
    this.transfers = new Transfers(this.transferHost());
  }

  get queueId(): string {
    return this.queue?.id ?? '';
  }

  // ---- arrival and IVR ----------------------------------------------------

  async arrive(dialedAsSent: string): Promise<void> {
    const dialed = fitNumber(dialedAsSent, 'dialed', this.log);
    this.log.info({ caller: this.caller, dialed }, 'call arrived');
    await this.emit({ type: 'call.arrived', callId: this.callId, caller: this.caller, dialed, channelId: this.callId });
    await this.persist();
    try {
      await this.deps.control.answer(this.callId);
    } catch (err) {
      // Left unanswered, the caller would ring in the app until they gave up (an overloaded
      // Asterisk dropping the request): they are let go instead, and the call ends as usual.
      await this.deps.control.hangup(this.callId).catch((hangupErr: unknown) => this.log.error({ err: hangupErr }, 'caller neither answered nor hung up'));
      throw err;
    }
    if (this.phase !== 'ivr') return;
    await this.emit({ type: 'call.answered', callId: this.callId, party: 'ivr' });
    this.startIvr();
  }

  private startIvr(): void {
    this.ivrRunner = new IvrRunner(
      this.deps.ivr,
      this.callId,
      this.deps.control,
      (exit, state) => void this.ivrExited(exit, state).catch((err: unknown) => this.fail('ivr exit', err)),
      (err) => this.fail('ivr', err),
      this.callId,
      (playbackId) => {
        this.ivrPlayback = playbackId;
        void this.persist();
      },
    );
    this.ivrRunner.start();
  }

  dtmf(digit: string): void {
    this.log.debug({ digit, phase: this.phase }, 'dtmf');
    if (this.phase === 'ivr') this.ivrRunner?.dtmf(digit);
    else if (this.phase === 'survey') this.survey?.dtmf(digit);
    else if (this.phase === 'queued' && this.callbackOffer && digit === '1') void this.acceptCallback().catch((err: unknown) => this.fail('callback', err));
  }

  private async ivrExited(exit: IvrExit, state: WalkState): Promise<void> {
    if (this.phase !== 'ivr') return;
    await this.emit({
      type: 'call.ivr_finished',
      callId: this.callId,
      outcome: outcomeOf(state)?.type ?? 'hung_up',
      path: visitedNodes(state).slice(0, 200),
    });
    switch (exit.kind) {
      case 'enqueue':
        await this.enqueue(exit.queueId, exit.priority, Date.now());
        return;
      case 'transfer':
        this.phase = 'ending';
        await this.emit({ type: 'call.transferred', callId: this.callId, kind: 'ivr', target: { type: 'external', number: exit.number } });
        await this.deps.control.continueInDialplan(this.callId, 'transfer-out', exit.number);
        return;
      case 'hangup':
        this.phase = 'ending';
        await this.deps.control.hangup(this.callId);
        return;
    }
  }

  /**
   * A call found in Stasis after a controller restart, continued from its mirrored record:
   * kept in its bridge (with its hold, recording and a transfer in progress; a supervisor's monitoring is ended),
   * back into its queue with its original queued_at, its survey from the start, or the IVR anew.
   * A prompt still playing is stopped first, because ARI queues a new one behind it.
   * `live` holds the channels Asterisk has now: an agent leg missing there hung up unseen.
   */
  resume(load: Promise<CallRecord | null>, live: ReadonlySet<string>): Promise<void> {
    this.resumed = this.continueFrom(load, live).catch((err: unknown) => this.fail('resume', err));
    return this.resumed;
  }

  private async continueFrom(load: Promise<CallRecord | null>, live: ReadonlySet<string>): Promise<void> {
    const record = await load;
    this.log.warn({ step: record?.step ?? 'unknown' }, 'resuming a call left by a previous controller');
    this.restore(record);
    const stale = [record?.playbackId, `${this.callId}:callback`, `${this.callId}:bye`].filter((id): id is string => typeof id === 'string');
    if (this.phase !== 'talking') for (const id of stale) await this.deps.control.stopPlayback(id);
    await this.endRecordedMonitor(record?.monitor as MonitorRecord | null | undefined);
    switch (this.phase) {
      case 'talking': {
        const talk = this.talk!;
        this.deps.trackAgentLeg(talk.channelId, this);
        // A consultation first: the agent's leg gone too then hands the caller over, as it would have.
        await this.transfers.resume(live);
        if (!live.has(talk.channelId)) await this.agentLegEnded(talk.channelId);
        else if (!this.recorder) this.recordAgentLeg(talk.channelId);
        return;
      }
      case 'survey':
        // The survey starts over: the caller only hears its question again.
        if (this.lastAgentId) await this.startSurvey(this.lastAgentId);
        else await this.deps.control.hangup(this.callId);
        return;
      case 'ending':
        await this.deps.control.hangup(this.callId);
        return;
      case 'transferring':
        // A blind transfer's target: answers (hand over), or its leg is gone or times out (requeue).
        await this.transfers.resume(live);
        return;
      case 'queued':
        await this.cancelStaleOffers();
        await this.enqueue(String(record!.queueId), this.priority, this.queuedAt);
        return;
      default:
        await this.deps.control.answer(this.callId);
        this.startIvr();
    }
  }

  /** A call of this app whose caller hung up while no controller was connected: its end, from its record. */
  async endedUnseen(record: CallRecord): Promise<void> {
    this.restore(record);
    await this.endRecordedMonitor(record.monitor as MonitorRecord | null | undefined);
    await this.cancelStaleOffers();
    await this.ended('hung up while no controller was connected');
  }

  /** The session's state as the previous controller last saved it (no ARI action). */
  private restore(record: CallRecord | null): void {
    if (!record) return;
    this.lastAgentId = typeof record.lastAgentId === 'string' ? record.lastAgentId : null;
    this.endedBy = record.endedBy === 'agent' ? 'agent' : null;
    this.legsAnswered = Number(record.legsAnswered ?? 0);
    this.monitorsStarted = Number(record.monitorsStarted ?? 0);
    this.maxWaitFrom = typeof record.maxWaitFrom === 'number' ? record.maxWaitFrom : null;
    if (typeof record.firstQueueId === 'string' && record.firstQueueId) {
      // Already queued once: entering a queue again does not announce call.queued a second time.
      this.queue = this.deps.directory.queue(record.firstQueueId) ?? null;
      this.firstQueueId = record.firstQueueId;
      this.queuedAt = Number(record.queuedAt);
      this.priority = Number(record.priority ?? 0);
    }
    this.offers.push(...((record.offers as OfferAttempt[] | undefined) ?? []));
    const talk = record.talk as CallSession['talk'] | undefined;
    if (record.step === 'talking' && talk) {
      this.phase = 'talking';
      this.talk = talk;
      this.queue = this.deps.directory.queue(String(record.queueId)) ?? this.queue;
      if (typeof record.heldAt === 'number') this.holdClock.hold(record.heldAt);
    } else if (record.step === 'queued' && typeof record.queueId === 'string' && this.queue) {
      this.phase = 'queued';
    } else if (record.step === 'transferring' && this.queue) {
      this.phase = 'transferring';
      this.queue = this.deps.directory.queue(String(record.queueId)) ?? this.queue;
    } else if (record.step === 'survey' || record.step === 'ending') {
      this.phase = record.step;
    }
    this.transfers.restore(record.transfer as TransferRecord | undefined);
    const legs = (record.recording as RecordedLeg[] | undefined) ?? [];
    // Asterisk kept recording the legs: this controller stops and merges them when the talk ends.
    if (legs.length > 0) this.recorder = new CallRecorder(this.callId, this.deps.control, this.deps.recordingsDir, this.log, legs);
  }

  /**
   * Rings the previous controller started and nobody watches now: hung up, and their agent freed
   * (reserved, or on this call if it answered just before the crash); the dispatcher offers again.
   */
  private async cancelStaleOffers(): Promise<void> {
    for (const [i, offer] of this.offers.entries()) {
      if (offer.outcome) continue;
      this.offers[i] = { ...offer, outcome: 'cancelled' };
      // Agent legs are named by attempt: `${callId}-${n}` (see ring()).
      await this.deps.control.hangup(`${this.callId}-${i + 1}`);
      const { state } = await this.deps.agents.get(offer.agentId);
      if (!('callId' in state) || state.callId !== this.callId) continue;
      if (state.status === 'reserved') await this.agentEvent(offer.agentId, { type: 'offer_cancelled', callId: this.callId });
      else if (state.status === 'on_call') {
        await this.agentEvent(offer.agentId, { type: 'call_ended', callId: this.callId, wrapUpMs: (this.queue?.wrapUpSec ?? 0) * 1000 });
      }
    }
  }

  /** Monitoring is not carried over a takeover: the supervisor's leg, snoop and side bridge go. */
  private async endRecordedMonitor(monitor: MonitorRecord | null | undefined): Promise<void> {
    if (!monitor) return;
    await new SupervisorMonitor(monitor.supervisorId, monitor.mode, monitor.channelId, this.deps.control, this.callId).stop();
    if (!monitor.answered) return;
    this.log.info({ supervisorId: monitor.supervisorId, mode: monitor.mode }, 'supervisor monitoring ended by a takeover');
    await this.emit({ type: 'supervisor.monitor_ended', callId: this.callId, supervisorId: monitor.supervisorId, mode: monitor.mode, agentId: this.lastAgentId });
  }

  // ---- queue --------------------------------------------------------------

  /** Enters a queue; `queuedAt` is kept across overflows, so the wait covers every queue. */
  private async enqueue(queueId: string, priority: number, queuedAt: number): Promise<void> {
    const queue = this.deps.directory.queue(queueId);
    if (!queue) {
      this.log.error({ queueId }, 'IVR routes to an unknown queue; hanging up');
      this.phase = 'ending';
      await this.deps.control.hangup(this.callId);
      return;
    }
    const first = this.queue === null;
    this.queue = queue;
    this.priority = priority;
    if (first) {
      this.firstQueueId = queueId;
      this.queuedAt = queuedAt;
      await this.emit({ type: 'call.queued', callId: this.callId, queueId, skill: queue.skill, priority });
    }
    if (this.deps.dispatcher.count(queueId) >= queue.capacity) {
      this.log.warn({ queueId, capacity: queue.capacity }, 'queue full');
      await this.overflow();
      return;
    }
    this.phase = 'queued';
    // The caller joins the queue at once and the music follows: an agent's answer stops it only
    // after it started (musicOff waits for musicOn), so no offer waits for Asterisk's reply.
    this.musicOn().catch((err: unknown) => this.log.warn({ err }, 'music on hold not started'));
    this.armMaxWait();
    await this.persist();
    // Hung up meanwhile: ended() already ran, the caller must not join the queue.
    if (this.phase !== 'queued') return;
    this.deps.dispatcher.add(this);
  }

  private armMaxWait(): void {
    if (this.maxWaitTimer) clearTimeout(this.maxWaitTimer);
    const queue = this.queue!;
    const due = (this.maxWaitFrom ?? this.queuedAt) + queue.maxWaitSec * 1000;
    this.maxWaitTimer = setTimeout(() => {
      this.maxWaitTimer = null;
      // A ring in progress is never cut short: the overflow waits for its outcome.
      if (this.phase === 'queued' && !this.ringing) void this.overflow().catch((err: unknown) => this.fail('overflow', err));
    }, Math.max(0, due - Date.now()));
  }

  private async overflow(): Promise<void> {
    const queue = this.queue!;
    this.deps.dispatcher.remove(this);
    const action = queue.overflow;
    await this.emit({
      type: 'call.overflowed',
      callId: this.callId,
      queueId: queue.id,
      action: action.action,
      ...(action.action === 'queue' ? { toQueueId: action.queueId } : {}),
    });
    this.log.info({ queueId: queue.id, action: action.action }, 'overflow');
    if (action.action === 'queue') {
      await this.enqueue(action.queueId, this.priority, this.queuedAt);
    } else if (action.action === 'callback') {
      await this.offerCallback();
    } else {
      await this.leaveQueueAndHangUp(['vm-goodbye']);
    }
  }

  /** "Press 1 to be called back"; without a key in time the caller keeps waiting. */
  private async offerCallback(): Promise<void> {
    this.phase = 'queued';
    await this.musicOff();
    this.callbackOffer = {
      timer: setTimeout(() => {
        this.callbackOffer = null;
        if (this.phase !== 'queued') return;
        this.musicOn().catch((err: unknown) => this.log.warn({ err }, 'music on hold not started'));
        this.deps.dispatcher.add(this);
      }, 8000),
    };
    void this.deps.control.play(this.callId, `${this.callId}:callback`, this.deps.callbackPrompt);
  }

  private async acceptCallback(): Promise<void> {
    if (!this.callbackOffer) return;
    clearTimeout(this.callbackOffer.timer);
    this.callbackOffer = null;
    await this.deps.control.stopPlayback(`${this.callId}:callback`);
    await this.emit({ type: 'callback.requested', callId: this.callId, queueId: this.queue!.id, number: this.caller });
    await this.leaveQueueAndHangUp(['auth-thankyou', 'vm-goodbye']);
  }

  private async leaveQueueAndHangUp(prompts: readonly string[]): Promise<void> {
    this.phase = 'ending';
    this.clearQueueTimers();
    this.deps.dispatcher.remove(this);
    await this.musicOff();
    const played = await this.deps.control.play(this.callId, `${this.callId}:bye`, prompts);
    if (played === 'finished') await this.deps.control.hangup(this.callId);
  }

  // ---- offering to agents (WaitingCaller) ---------------------------------

  isRinging(): boolean {
    return this.ringing !== null;
  }

  /** The agent this caller is ringing now, if any. */
  get ringingAgentId(): string | null {
    return this.ringing?.agentId ?? this.transfers.ringingAgentId;
  }

  excludedAgents(): readonly string[] {
    return agentsWhoDidNotAnswer(this.offers);
  }

  offer(agentId: string, reservation: Extract<AgentUpdate, { ok: true }>): void {
    this.agentRecords.set(agentId, reservation.record);
    this.publishAgentChange(agentId, reservation);
    // ring() marks the caller ringing before its first await: the dispatcher never reserves a second agent for it.
    void this.ring(agentId).catch((err: unknown) => this.fail('offer', err));
  }

  private async ring(agentId: string): Promise<void> {
    const agent = this.deps.directory.agent(agentId)!;
    if (this.phase !== 'queued' || this.ringing) {
      // The caller left (or is already ringing someone) between the match and now.
      await this.agentEvent(agentId, { type: 'offer_cancelled', callId: this.callId });
      return;
    }
    const queue = this.queue!;
    const channelId = `${this.callId}-${this.offers.length + 1}`;
    const offeredAt = Date.now();
    this.ringing = {
      agentId,
      channelId,
      offeredAt,
      timer: setTimeout(() => void this.ringEnded('no_answer').catch((err: unknown) => this.fail('rona', err)), queue.ringTimeoutSec * 1000),
    };
    this.offers.push({ agentId, offeredAt });
    this.deps.trackAgentLeg(channelId, this);
    await this.emit({ type: 'call.offered', callId: this.callId, queueId: queue.id, agentId, attempt: this.offers.length });
    this.log.info({ agentId, seat: agent.seat, attempt: this.offers.length }, 'offering');
    await this.persist();
    try {
      await this.deps.control.originate({
        channelId,
        endpoint: `PJSIP/${agent.seat}`,
        appArgs: `agent,${this.callId}`,
        callerId: this.caller,
        // Asterisk's own limit is a backstop; the ring timer above decides RONA.
        timeoutSec: queue.ringTimeoutSec + 5,
      });
    } catch (err) {
      this.log.warn({ agentId, err: (err as Error).message }, 'cannot ring the agent');
      await this.ringEnded('rejected');
    }
  }

  /** The agent's leg ended without answering (RONA, rejected, unreachable) or the ring timed out. */
  async ringEnded(outcome: 'no_answer' | 'rejected', channelId?: string): Promise<void> {
    const ringing = this.ringing;
    if (!ringing || (channelId && channelId !== ringing.channelId)) return;
    clearTimeout(ringing.timer);
    this.ringing = null;
    this.deps.trackAgentLeg(ringing.channelId, null);
    const attempt = this.offers.findIndex((o) => o.agentId === ringing.agentId && o.offeredAt === ringing.offeredAt);
    if (attempt >= 0) this.offers[attempt] = { ...this.offers[attempt]!, outcome };
    await this.hangUpAgentLeg(ringing.channelId);
    const ringMs = Date.now() - ringing.offeredAt;
    this.log.info({ agentId: ringing.agentId, ringMs, outcome }, 'RONA');
    await this.emit({ type: 'call.rona', callId: this.callId, queueId: this.queue!.id, agentId: ringing.agentId, ringMs });
    await this.agentEvent(ringing.agentId, { type: 'ring_no_answer', callId: this.callId });
    if (this.phase !== 'queued') return;
    if (!this.maxWaitTimer) {
      // The max wait passed while ringing: overflow now.
      await this.overflow();
      return;
    }
    this.deps.dispatcher.trigger();
  }

  /** The agent answered: their leg entered the app. */
  async agentAnswered(channelId: string): Promise<void> {
    if (this.transfers.owns(channelId)) {
      await this.transfers.targetAnswered(channelId);
      return;
    }
    const ringing = this.ringing;
    if (!ringing || ringing.channelId !== channelId || this.phase !== 'queued') {
      await this.deps.control.hangup(channelId);
      return;
    }
    clearTimeout(ringing.timer);
    this.ringing = null;
    this.clearQueueTimers();
    this.deps.dispatcher.remove(this);
    this.phase = 'talking';
    const answeredAt = Date.now();
    this.legsAnswered++;
    const bridgeId = this.legsAnswered === 1 ? `${this.callId}-bridge` : `${this.callId}-bridge-${this.legsAnswered}`;
    this.talk = { agentId: ringing.agentId, channelId, bridgeId, answeredAt };
    const i = this.offers.findIndex((o) => o.agentId === ringing.agentId && o.offeredAt === ringing.offeredAt);
    if (i >= 0) this.offers[i] = { ...this.offers[i]!, outcome: 'answered' };
    this.lastAgentId = ringing.agentId;
    const waitMs = answeredAt - this.queuedAt;
    this.log.info({ agentId: ringing.agentId, waitMs }, 'answered by agent');
    // The answer counts from here, before the ARI steps below: an agent may hang up within them.
    await this.emit({ type: 'call.answered', callId: this.callId, party: 'agent', agentId: ringing.agentId, queueId: this.queue!.id, waitMs });
    // Queued first too: a hang-up during the bridging releases an agent already on_call.
    const onCall = this.agentEvent(ringing.agentId, { type: 'answer', callId: this.callId });
    onCall.catch(() => undefined); // awaited in the finally below
    await this.persist();
    try {
      await this.musicOff();
      await this.deps.control.bridge(bridgeId, [this.callId, channelId]);
    } catch (err) {
      if (this.talk?.bridgeId === bridgeId && !isGone(err)) throw err;
      // A leg hung up while it was being bridged (a very short answer): the release ran, or runs
      // now for the leg still here; a bridge created after the release must not outlive it.
      this.log.debug({ err: (err as Error).message }, 'a leg left while being bridged');
      await this.deps.control.destroyBridge(bridgeId);
      return;
    } finally {
      await onCall;
    }
    this.recordAgentLeg(channelId);
  }

  /** Dual-channel recording: the caller's side once (first answer), each agent leg as it answers. */
  private recordAgentLeg(agentChannelId: string): void {
    if (!this.deps.recordCalls) return;
    const first = this.recorder === null;
    this.recorder ??= new CallRecorder(this.callId, this.deps.control, this.deps.recordingsDir, this.log);
    const recorder = this.recorder;
    const start = async () => {
      if (first) await recorder.addLeg('caller', this.callId);
      await recorder.addLeg('agent', agentChannelId);
      // The legs in the call record: a successor after a crash stops and merges them.
      await this.persist();
    };
    void start().catch((err: unknown) =>
      // A leg that hung up while its snoop was being set up is a normal race, not a fault.
      isGone(err) ? this.log.debug({ err: (err as Error).message }, 'recording not started: leg gone') : this.log.warn({ err }, 'recording not started'),
    );
  }

  /** The conversation is over: merge the legs into the stereo file and announce it. */
  private storeRecording(): void {
    const recorder = this.recorder;
    if (!recorder) return;
    const agentId = this.lastAgentId;
    void recorder
      .finish()
      .then(async (stored) => {
        if (!stored) return;
        this.log.info({ recordingId: stored.recordingId, path: stored.path, durationMs: stored.durationMs }, 'recording stored');
        await this.emit({ type: 'recording.stored', callId: this.callId, agentId, ...stored });
      })
      .catch((err: unknown) => this.fail('recording', err));
  }

  /** The agent's leg left (agent hung up). */
  async agentLegEnded(channelId: string): Promise<void> {
    if (this.monitor?.channelId === channelId) {
      await this.stopMonitor();
      return;
    }
    if (this.ringing?.channelId === channelId) {
      await this.ringEnded('rejected', channelId);
      return;
    }
    if (this.transfers.owns(channelId)) {
      await this.transfers.targetLeft(channelId);
      return;
    }
    if (this.external?.channelId === channelId) {
      await this.externalPartyLeft();
      return;
    }
    const talk = this.talk;
    if (talk?.channelId === channelId && this.phase === 'talking') {
      // Hanging up during a consultation the target answered hands the caller over (no survey).
      if (await this.transfers.agentLeft()) return;
      // The leg's end comes twice (StasisEnd, then ChannelDestroyed): the first one handles it.
      if (this.talk !== talk) return;
      this.endedBy = 'agent';
      const agentId = talk.agentId;
      // Whatever fails in releasing the agent, the caller must still get the survey (or be let go),
      // never be left in the app with nothing playing.
      try {
        await this.releaseAgent({ legGone: true, callerStays: true });
      } catch (err) {
        this.fail('release agent', err);
      }
      this.storeRecording();
      await this.startSurvey(agentId);
    }
  }

  /** The agent hung up: the caller leaves the bridge (staying in Stasis) and hears the survey. */
  private async startSurvey(agentId: string): Promise<void> {
    this.phase = 'survey';
    await this.persist();
    this.survey = new PostCallSurvey(
      this.deps.surveyIvr,
      this.callId,
      this.deps.control,
      async (result) => {
        this.log.info({ agentId, result }, 'survey answered');
        await this.emit({ type: 'survey.answered', callId: this.callId, agentId, result });
      },
      (err) => {
        this.fail('survey', err);
        void this.deps.control.hangup(this.callId).catch(() => undefined);
      },
      (playbackId) => {
        this.ivrPlayback = playbackId;
        void this.persist();
      },
    );
    this.survey.start();
  }

  /**
   * The conversation is over (either side hung up): the agent's leg and the bridge go,
   * and the agent moves to wrap-up. Runs once per talk. `legGone`: the agent hung up, so
   * their phone is free already. `callerStays`: the caller's channel stays in the app.
   */
  private async releaseAgent({ legGone = false, callerStays = false } = {}): Promise<void> {
    const talk = this.talk;
    if (!talk) return;
    this.talk = null;
    await this.stopMonitor();
    // Held when the conversation ends: the hold ends with it, and its music too (survey, next queue).
    const held = (await this.endHold(talk.agentId)) !== null;
    if (held) await this.musicOff();
    this.deps.trackAgentLeg(talk.channelId, null);
    // The agent is given back as soon as their phone is free, not after the bridge's cleanup:
    // each ARI request waits its turn at a busy Asterisk (p50 0.1 s, p99 1-2 s at 25 calls/s).
    if (!legGone) await this.hangUpAgentLeg(talk.channelId);
    const wrapUpMs = (this.queue?.wrapUpSec ?? 0) * 1000;
    const freed = this.agentEvent(talk.agentId, { type: 'call_ended', callId: this.callId, wrapUpMs });
    freed.catch(() => undefined); // awaited below, after the bridge
    // A caller who stays (survey, another queue, a transfer) leaves the bridge before anything is
    // played to them: removing waits until the channel is out, destroying does not, and a prompt
    // Asterisk accepts for a channel still leaving its bridge never plays and never finishes
    // (a survey then waited until the caller hung up). The bridge is destroyed whatever the
    // removal did: Asterisk keeps an ARI bridge, even an empty one, until it is.
    const leaving = callerStays && !held ? this.deps.control.removeFromBridge(talk.bridgeId, [this.callId]) : Promise.resolve();
    await leaving.finally(() => this.deps.control.destroyBridge(talk.bridgeId)).finally(() => freed);
  }

  /** Best effort: the agent's state change that follows must happen whatever this request did (a reset one left agents reserved). */
  private hangUpAgentLeg(channelId: string): Promise<void> {
    return this.deps.control.hangup(channelId).catch((err: unknown) => this.log.warn({ err, channelId }, 'agent leg not hung up'));
  }

  // ---- commands from the API (hold, transfer, monitor) --------------------

  async command(cmd: CallCommand): Promise<Record<string, unknown>> {
    switch (cmd.command) {
      case 'hold':
        return this.hold();
      case 'unhold':
        return this.unhold();
      case 'transfer':
        if (cmd.target.type === 'queue') return this.blindTransferToQueue(cmd.target.queueId);
        this.talking();
        return this.transfers.start('blind', cmd.target);
      case 'consult':
        this.talking();
        return this.transfers.start('attended', cmd.target);
      case 'consult_complete':
        return this.transfers.complete();
      case 'consult_cancel':
        return this.transfers.cancel();
      case 'monitor':
        return this.startMonitor(cmd.mode, cmd.supervisorId, cmd.seat);
      case 'monitor_stop':
        if (!this.monitor) throw new CommandRefused(409, 'nobody is monitoring this call');
        await this.stopMonitor();
        return { monitoring: false };
    }
  }

  /** The conversation, for a command that changes it: refused outside one, or while a transfer runs. */
  private talking(): NonNullable<CallSession['talk']> {
    const talk = this.conversation();
    if (this.transfers.active) throw new CommandRefused(409, 'a transfer is in progress');
    return talk;
  }

  private conversation(): NonNullable<CallSession['talk']> {
    if (this.phase !== 'talking' || !this.talk) throw new CommandRefused(409, `the call is not in conversation (${this.phase})`);
    return this.talk;
  }

  private async hold(): Promise<Record<string, unknown>> {
    const talk = this.talking();
    if (this.holdClock.held) throw new CommandRefused(409, 'the call is already on hold');
    await this.putOnHold(talk);
    return { held: true };
  }

  /** The caller leaves the bridge for music on hold; the agent stays in it (and is still recorded). */
  private async putOnHold(talk: NonNullable<CallSession['talk']>): Promise<void> {
    if (!this.holdClock.hold()) return;
    await this.deps.control.removeFromBridge(talk.bridgeId, [this.callId]);
    await this.musicOn();
    this.log.info({ agentId: talk.agentId }, 'on hold');
    await this.emit({ type: 'call.held', callId: this.callId, agentId: talk.agentId });
    await this.persist();
  }

  private async unhold(): Promise<Record<string, unknown>> {
    const talk = this.talking();
    if (!this.holdClock.held) throw new CommandRefused(409, 'the call is not on hold');
    return { held: false, holdMs: await this.takeOffHold(talk) };
  }

  /** The caller back in the conversation's bridge; the hold's length. */
  private async takeOffHold(talk: NonNullable<CallSession['talk']>): Promise<number | null> {
    await this.musicOff();
    await this.deps.control.addToBridge(talk.bridgeId, [this.callId]);
    const holdMs = await this.endHold(talk.agentId);
    await this.persist();
    return holdMs;
  }

  /** Ends a hold in progress (unhold, or the call moving on while held) and reports its length. */
  private async endHold(agentId: string): Promise<number | null> {
    const holdMs = this.holdClock.unhold();
    if (holdMs === null) return null;
    this.log.info({ agentId, holdMs }, 'off hold');
    await this.emit({ type: 'call.unheld', callId: this.callId, agentId, holdMs });
    return holdMs;
  }

  /**
   * Blind transfer to another queue: the agent's leg ends (the agent goes to wrap-up) and the
   * caller waits in the target queue as the same call, keeping its first queued_at, so the
   * original answer stays the call's answer and the next agent is its second agent leg.
   */
  private async blindTransferToQueue(queueId: string): Promise<Record<string, unknown>> {
    const talk = this.talking();
    const target = this.deps.directory.queue(queueId);
    if (!target) throw new CommandRefused(404, `no queue ${queueId}`);
    this.phase = 'queued';
    this.maxWaitFrom = Date.now();
    this.log.info({ agentId: talk.agentId, queueId }, 'blind transfer to a queue');
    await this.emit({ type: 'call.transferred', callId: this.callId, kind: 'blind', target: { type: 'queue', queueId }, agentId: talk.agentId });
    await this.releaseAgent({ callerStays: true });
    await this.enqueue(queueId, this.priority, this.queuedAt);
    return { queueId };
  }

  // ---- transfers to an agent or a number, consultations (transfers.ts) ------

  private transferHost(): ConstructorParameters<typeof Transfers>[0] {
    const { control, directory, agents, dispatcher } = this.deps;
    return {
      callId: this.callId,
      callerNumber: this.caller,
      log: this.log,
      control,
      directory,
      agents,
      dispatcher,
      conversation: () => this.conversation(),
      queue: () => this.queue!,
      trackLeg: (channelId, owned) => this.deps.trackAgentLeg(channelId, owned ? this : null),
      emit: (fields) => this.emit(fields),
      agentEvent: (agentId, event) => this.agentEvent(agentId, event),
      announceReservation: (agentId, reservation) => publishChange(this.deps.publish, SOURCE, agentId, reservation),
      holdCaller: async () => {
        if (this.talk) await this.putOnHold(this.talk);
      },
      returnCaller: async () => {
        if (this.talk && this.phase === 'talking') await this.takeOffHold(this.talk);
      },
      releaseAgentForTransfer: async () => {
        this.phase = 'transferring';
        await this.releaseAgent({ callerStays: true });
        await this.musicOn();
        await this.persist();
      },
      handOver: (leg) => this.handOver(leg),
      requeue: async () => {
        if (this.phase !== 'transferring') return;
        this.maxWaitFrom = Date.now();
        await this.enqueue(this.queue!.id, this.priority, this.queuedAt);
      },
      persist: () => this.persist(),
    };
  }

  /**
   * The answered target takes the caller over. Attended: the caller joins the consultation's
   * bridge and the consulting agent leaves (wrap-up). Blind: caller and target get a bridge.
   * An agent target is the call's next agent leg (answered_at and the wait stay the first
   * answer's); an outside number keeps the caller in the app until either side hangs up.
   */
  private async handOver(leg: { channelId: string; agentId: string | null; target: TransferTarget; mode: 'blind' | 'attended' }): Promise<void> {
    if (this.phase === 'ended') return;
    const previous = this.talk;
    let bridgeId = `${leg.channelId}-bridge`;
    await this.musicOff();
    if (leg.mode === 'attended' && previous) {
      bridgeId = previous.bridgeId;
      await this.deps.control.addToBridge(bridgeId, [this.callId]);
      await this.endHold(previous.agentId);
      this.talk = null;
      await this.stopMonitor();
      this.deps.trackAgentLeg(previous.channelId, null);
      await this.deps.control.hangup(previous.channelId);
      await this.agentEvent(previous.agentId, { type: 'call_ended', callId: this.callId, wrapUpMs: (this.queue?.wrapUpSec ?? 0) * 1000 });
    } else {
      await this.deps.control.bridge(bridgeId, [this.callId, leg.channelId]);
    }
    const answeredAt = Date.now();
    if (leg.agentId) {
      this.phase = 'talking';
      this.legsAnswered++;
      this.talk = { agentId: leg.agentId, channelId: leg.channelId, bridgeId, answeredAt };
      this.lastAgentId = leg.agentId;
      this.log.info({ agentId: leg.agentId, mode: leg.mode }, 'transferred: answered by agent');
      await this.emit({ type: 'call.answered', callId: this.callId, party: 'agent', agentId: leg.agentId, queueId: this.queue!.id, waitMs: answeredAt - this.queuedAt });
    } else {
      this.phase = 'external';
      this.external = { channelId: leg.channelId, bridgeId };
      this.log.info({ target: leg.target, mode: leg.mode }, 'transferred: connected to an outside number');
    }
    await this.persist();
    this.recordAgentLeg(leg.channelId);
  }

  /** The outside party hung up: the call is over for the caller too. */
  private async externalPartyLeft(): Promise<void> {
    if (this.phase !== 'external') return;
    this.phase = 'ending';
    await this.deps.control.hangup(this.callId);
  }

  // ---- supervisor monitoring ---------------------------------------------

  /** Rings the supervisor's seat; they are connected (listen, whisper or barge) when they answer. */
  private async startMonitor(mode: SupervisorMonitor['mode'], supervisorId: string, seat: string): Promise<Record<string, unknown>> {
    this.talking();
    if (this.monitor) throw new CommandRefused(409, `already monitored by ${this.monitor.supervisorId}`);
    const channelId = `${this.callId}-sup-${++this.monitorsStarted}`;
    const monitor = new SupervisorMonitor(supervisorId, mode, channelId, this.deps.control, this.callId);
    this.monitor = monitor;
    this.deps.trackAgentLeg(channelId, this);
    await this.persist();
    this.log.info({ supervisorId, mode, seat }, 'ringing the supervisor');
    try {
      await monitor.ring(seat, this.caller);
    } catch (err) {
      this.monitor = null;
      this.deps.trackAgentLeg(channelId, null);
      throw new CommandRefused(404, `cannot ring seat ${seat}: ${(err as Error).message}`);
    }
    return { supervisorChannelId: channelId, mode };
  }

  /** The supervisor's phone answered (their leg entered the app). */
  async supervisorAnswered(channelId: string): Promise<void> {
    const monitor = this.monitor;
    if (!monitor || monitor.channelId !== channelId || !this.talk) {
      await this.deps.control.hangup(channelId);
      return;
    }
    await monitor.connect({ callId: this.callId, agentChannelId: this.talk.channelId, callBridgeId: this.talk.bridgeId });
    this.log.info({ supervisorId: monitor.supervisorId, mode: monitor.mode }, 'supervisor monitoring');
    await this.emit({ type: 'supervisor.monitor_started', callId: this.callId, supervisorId: monitor.supervisorId, mode: monitor.mode, agentId: this.talk.agentId });
    await this.persist();
  }

  /** Monitoring ends: the supervisor hung up or asked to stop, or the conversation ended. */
  private async stopMonitor(): Promise<void> {
    const monitor = this.monitor;
    if (!monitor) return;
    this.monitor = null;
    this.deps.trackAgentLeg(monitor.channelId, null);
    const wasConnected = monitor.isAnswered;
    await this.persist();
    await monitor.stop();
    if (wasConnected) {
      this.log.info({ supervisorId: monitor.supervisorId, mode: monitor.mode }, 'supervisor monitoring ended');
      await this.emit({ type: 'supervisor.monitor_ended', callId: this.callId, supervisorId: monitor.supervisorId, mode: monitor.mode, agentId: this.lastAgentId });
    }
  }

  // ---- the end ------------------------------------------------------------

  /** The caller's leg left Stasis: hung up, or transferred out. Called once. */
  async ended(cause: string): Promise<void> {
    await this.resumed;
    const before = this.phase;
    if (before === 'ended') return;
    this.phase = 'ended';
    this.ivrRunner?.stop();
    this.clearQueueTimers();
    this.deps.dispatcher.remove(this);
    const now = Date.now();
    if (this.ringing) {
      const r = this.ringing;
      clearTimeout(r.timer);
      this.ringing = null;
      this.deps.trackAgentLeg(r.channelId, null);
      await this.deps.control.hangup(r.channelId);
      await this.agentEvent(r.agentId, { type: 'offer_cancelled', callId: this.callId });
    }
    await this.transfers.callerLeft();
    if (this.external) {
      this.deps.trackAgentLeg(this.external.channelId, null);
      await this.deps.control.hangup(this.external.channelId);
      await this.deps.control.destroyBridge(this.external.bridgeId);
      this.external = null;
    }
    if (before === 'queued' && this.legsAnswered > 0) {
      // Hung up while waiting after a transfer: the call was answered already, so it is no abandon.
      this.log.info({ queueId: this.queue!.id }, 'caller hung up waiting after a transfer');
    } else if (before === 'queued') {
      const waitMs = now - this.queuedAt;
      this.log.info({ queueId: this.queue!.id, waitMs }, 'abandoned');
      await this.emit({ type: 'call.abandoned', callId: this.callId, queueId: this.firstQueueId, waitMs });
    }
    await this.releaseAgent();
    this.storeRecording();
    // Hung up during the survey: counted as no_answer unless a key was already accepted.
    if (before === 'survey') await this.survey?.callerLeft();
    this.log.info({ cause, phase: before }, 'call ended');
    const endedBy = this.endedBy ?? (before === 'ending' ? 'system' : 'caller');
    await this.emit({ type: 'call.ended', callId: this.callId, cause, endedBy });
    // After every queued save of this call, so a late save cannot bring the record back.
    this.writes = this.writes
      .then(() => this.deps.store.delete(this.callId))
      .catch((err: unknown) => this.log.warn({ err }, 'call record not removed'));
  }

  private clearQueueTimers(): void {
    if (this.maxWaitTimer) clearTimeout(this.maxWaitTimer);
    this.maxWaitTimer = null;
    if (this.callbackOffer) clearTimeout(this.callbackOffer.timer);
    this.callbackOffer = null;
  }

  // ---- plumbing -----------------------------------------------------------

  /** Applies an agent state change after this call's earlier ones; resolves once it is in Redis. */
  private agentEvent(agentId: string, event: AgentStateEvent): Promise<void> {
    const applied = this.agentChanges.then(() => this.applyAgentEvent(agentId, event));
    this.agentChanges = applied.catch(() => undefined);
    return applied;
  }

  private async applyAgentEvent(agentId: string, event: AgentStateEvent): Promise<void> {
    // Nobody else changes an agent this call holds (reserved, on_call), so the record this call last
    // wrote is normally current: one compare-and-set instead of a read and then one (a Redis round
    // trip less before the agent is free again). Changed since, or refused on it: read and retry.
    const known = this.agentRecords.get(agentId);
    const first = known ? await this.deps.agents.applyTo(known, event) : 'conflict';
    const result = first !== 'conflict' && first.ok ? first : await this.deps.agents.apply(agentId, event);
    if (result.ok) {
      this.agentRecords.set(agentId, result.record);
      this.publishAgentChange(agentId, result);
      if (result.to.status === 'wrap_up') this.scheduleWrapUpEnd(agentId, result.to.until);
    } else {
      // A refusal leaves the agent where it is until the sweeper: say from which state, to which event.
      this.log.warn({ agentId, from: result.from.status, event: event.type, code: result.code, error: result.error }, 'agent state change refused');
    }
  }

  /** agent.state_changed, behind this call's earlier events, without making the call wait for the bus. */
  private publishAgentChange(agentId: string, change: Extract<AgentUpdate, { ok: true }>): void {
    this.writes = this.writes
      .then(() => publishChange(this.deps.publish, SOURCE, agentId, change))
      .catch((err: unknown) => this.log.error({ err, agentId, to: change.to.status }, 'agent state change not published'));
  }

  private scheduleWrapUpEnd(agentId: string, until: number): void {
    setTimeout(() => {
      void this.deps.agents
        .apply(agentId, { type: 'wrap_up_done', callId: this.callId })
        .then((r) => (r.ok ? publishChange(this.deps.publish, SOURCE, agentId, r) : undefined))
        .catch((err: unknown) => this.log.warn({ err, agentId }, 'wrap-up end failed'));
    }, Math.max(0, until - Date.now()));
  }

  /** Music on hold for the caller, after any earlier music request of this call. */
  private musicOn(): Promise<void> {
    const mohClass = this.queue?.mohClass || this.deps.mohClass;
    const started = this.music.then(() => this.deps.control.startMoh(this.callId, mohClass));
    this.music = started.catch(() => undefined);
    return started;
  }

  /** Stops the music; a start still on its way to Asterisk goes first, so it cannot restart it. */
  private musicOff(): Promise<void> {
    const stopped = this.music.then(() => this.deps.control.stopMoh(this.callId));
    this.music = stopped.catch(() => undefined);
    return stopped;
  }

  /**
   * Mirrors the call to Redis without holding up the call: saves run in order behind
   * each other (the last one wins), so ARI steps never wait on a Redis round trip.
   */
  private persist(): Promise<void> {
    // Ended: the record is being removed, and a late save would bring it back for a successor to end again.
    if (this.phase === 'ended') return Promise.resolve();
    const record = {
      callId: this.callId,
      step: this.phase,
      ...(this.ivrPlayback ? { playbackId: this.ivrPlayback } : {}),
      arrivedAt: Date.now(),
      caller: this.caller,
      queueId: this.queue?.id,
      firstQueueId: this.firstQueueId,
      priority: this.priority,
      queuedAt: this.queuedAt,
      offers: [...this.offers],
      talk: this.talk ? { ...this.talk } : null,
      // What a successor needs beyond the step (resume/restore): owner, hold, recording, monitoring.
      app: this.deps.app,
      lastAgentId: this.lastAgentId,
      endedBy: this.endedBy,
      legsAnswered: this.legsAnswered,
      monitorsStarted: this.monitorsStarted,
      maxWaitFrom: this.maxWaitFrom,
      heldAt: this.holdClock.heldSince,
      transfer: this.transfers.snapshot(),
      recording: this.recorder ? [...this.recorder.recordedLegs] : [],
      monitor: this.monitor
        ? ({ supervisorId: this.monitor.supervisorId, mode: this.monitor.mode, channelId: this.monitor.channelId, answered: this.monitor.isAnswered } satisfies MonitorRecord)
        : null,
    };
    this.writes = this.writes
      .then(() => this.deps.store.save(record))
      .catch((err: unknown) => this.log.warn({ err }, 'call record not saved'));
    return Promise.resolve();
  }


  /**
   * Stamps the event now and publishes it behind this call's earlier events (BullMQ keeps
   * their order), without making the call wait for Redis: the decision latency the load
   * test measures is ARI's, not the event bus's. A failure is logged with the event type.
   */
  private emit(fields: EventFields): Promise<void> {
    const event = newEvent(SOURCE, fields) as HotlineEvent;
    this.writes = this.writes
      .then(() => this.deps.publish(event))
      .catch((err: unknown) => this.log.error({ err, type: fields.type }, 'event not published'));
    return Promise.resolve();
  }


  /** Resolves once every event and record save this call queued so far is done (a shutdown waits for it). */
  settled(): Promise<void> {
    return this.writes;
  }

  private fail(what: string, err: unknown): void {
    this.log.error({ err, what, phase: this.phase }, 'call step failed');
  }
}
