import type { AgentEvent as AgentStateEvent, QueueDefinition } from '@hotline/acd';
import type { Logger } from '@hotline/config';
import type { EventFields } from '@hotline/events';
import { CommandRefused, type AgentUpdate, type RedisAgentStore } from '@hotline/state';
import type { Directory } from '../agents/directory.js';
import type { CallControl } from '../ports.js';
import type { Dispatcher } from '../queue/dispatcher.js';
import { ringingTargetAgent, transferStep, type TransferEffect, type TransferInput, type TransferOutcome, type TransferState, type TransferTarget } from './transfer.js';

/** How long an external number may ring before the transfer counts as not answered. */
const EXTERNAL_RING_SEC = 30;

/** What the transfers need from the call they belong to (CallSession implements it). */
export interface TransferHost {
  readonly callId: string;
  readonly callerNumber: string;
  readonly log: Logger;
  readonly control: CallControl;
  readonly directory: Directory;
  readonly agents: RedisAgentStore;
  readonly dispatcher: Dispatcher;
  /** The conversation now; refuses (409) when the caller is not talking with an agent. */
  conversation(): { agentId: string; channelId: string; bridgeId: string };
  /** The queue the call is in: ring timeout, wrap-up, where a failed blind transfer goes back. */
  queue(): QueueDefinition;
  /** Routes (or stops routing) a leg's ARI events to this call. */
  trackLeg(channelId: string, owned: boolean): void;
  emit(fields: EventFields): Promise<void>;
  agentEvent(agentId: string, event: AgentStateEvent): Promise<void>;
  /** Announces an agent's reservation (agent.state_changed ready -> reserved). */
  announceReservation(agentId: string, reservation: Extract<AgentUpdate, { ok: true }>): Promise<void>;
  /** The caller leaves the conversation for music on hold (a hold on the call). */
  holdCaller(): Promise<void>;
  /** The caller back in the conversation, off hold. */
  returnCaller(): Promise<void>;
  /** Blind: the agent leaves now (wrap-up); the caller hears music while the target rings. */
  releaseAgentForTransfer(): Promise<void>;
  /** The answered target takes the caller over (attended: the agent, if still there, leaves). */
  handOver(leg: { channelId: string; agentId: string | null; target: TransferTarget; mode: 'blind' | 'attended' }): Promise<void>;
  /** Blind, nobody answered: the caller waits in the call's queue again. */
  requeue(): Promise<void>;
  /** Mirrors the call (with this transfer's record) to Redis. */
  persist(): Promise<void>;
}

/** A transfer as mirrored in the call record: what a controller taking the call over continues from. */
export interface TransferRecord {
  readonly state: TransferState;
  readonly fromAgentId: string;
  /** Target legs rung so far (names the next one). */
  readonly legs: number;
  /** While ringing: when the target counts as not answered (epoch ms). */
  readonly ringUntil: number | null;
}

/**
 * The transfers of one call that ring a target of their own: blind to an agent or a number,
 * attended (consult) to a queue, an agent or a number. The state machine (transfer.ts) decides;
 * this carries its effects out over ARI and emits the events. A target is reserved and rung
 * before anything changes for the caller, so a target that cannot be rung is a 409 and the
 * conversation goes on untouched.
 */
export class Transfers {
  private state: TransferState = { phase: 'idle' };
  private ringTimer: NodeJS.Timeout | null = null;
  private ringUntil: number | null = null;
  private legs = 0;
  /** The transferring agent (the events name them). */
  private fromAgentId = '';
  /** Inputs are applied one at a time: ARI events and commands may arrive together. */
  private steps: Promise<unknown> = Promise.resolve();

  constructor(private readonly host: TransferHost) {}

  get active(): boolean {
    return this.state.phase !== 'idle';
  }

  /** Whether `channelId` is the leg of the target being rung or consulted. */
  owns(channelId: string): boolean {
    return this.state.phase !== 'idle' && this.state.channelId === channelId;
  }

  get ringingAgentId(): string | null {
    return ringingTargetAgent(this.state);
  }

  snapshot(): TransferRecord {
    return { state: this.state, fromAgentId: this.fromAgentId, legs: this.legs, ringUntil: this.ringUntil };
  }

  /** The transfer as the previous controller last saved it (no ARI action; see resume). */
  restore(record: TransferRecord | undefined): void {
    if (!record?.state) return;
    this.state = record.state;
    this.fromAgentId = record.fromAgentId;
    this.legs = record.legs;
    this.ringUntil = record.ringUntil;
  }

  /**
   * Continues a restored transfer: its target leg is routed here again; a leg that ended while no
   * controller watched counts as the target leaving (a consultation returns the caller to the agent,
   * a blind transfer puts the caller back in the queue); a target still ringing keeps its deadline.
   */
  async resume(live: ReadonlySet<string>): Promise<void> {
    const s = this.state;
    if (s.phase === 'idle') return;
    this.host.trackLeg(s.channelId, true);
    if (!live.has(s.channelId)) await this.targetLeft(s.channelId);
    else if (s.phase === 'ringing') this.armRingTimer(s.channelId, (this.ringUntil ?? Date.now()) - Date.now());
  }

  async start(mode: 'blind' | 'attended', target: TransferTarget): Promise<Record<string, unknown>> {
    const h = this.host;
    const talk = h.conversation();
    if (this.active) throw new CommandRefused(409, 'a transfer is already in progress');
    const ring = await this.reserveTarget(target, talk.agentId);
    const channelId = `${h.callId}-x${++this.legs}`;
    h.trackLeg(channelId, true);
    try {
      await h.control.originate({ channelId, endpoint: ring.endpoint, appArgs: `agent,${h.callId}`, callerId: h.callerNumber, timeoutSec: ring.timeoutSec + 5 });
    } catch (err) {
      h.trackLeg(channelId, false);
      if (ring.agentId) await h.agentEvent(ring.agentId, { type: 'offer_cancelled', callId: h.callId });
      throw new CommandRefused(409, `cannot ring ${describe(target)}: ${(err as Error).message}`);
    }
    this.fromAgentId = talk.agentId;
    this.ringUntil = Date.now() + ring.timeoutSec * 1000;
    await this.apply({ type: 'start', mode, target, channelId, targetAgentId: ring.agentId });
    this.armRingTimer(channelId, ring.timeoutSec * 1000);
    h.log.info({ mode, target, targetAgentId: ring.agentId, channelId }, mode === 'attended' ? 'consulting' : 'blind transfer: ringing the target');
    return { mode, target, targetChannelId: channelId, ...(ring.agentId ? { targetAgentId: ring.agentId } : {}) };
  }

  async complete(): Promise<Record<string, unknown>> {
    await this.apply({ type: 'complete' });
    return { completed: true };
  }

  async cancel(): Promise<Record<string, unknown>> {
    await this.apply({ type: 'cancel' });
    return { cancelled: true };
  }

  targetAnswered(channelId: string): Promise<void> {
    return this.apply({ type: 'target_answered', channelId }).then(() => undefined);
  }

  targetLeft(channelId: string): Promise<void> {
    return this.apply({ type: 'target_left', channelId }).then(() => undefined);
  }

  /** The transferring agent hung up; true when that handed the caller over (no survey then). */
  async agentLeft(): Promise<boolean> {
    if (!this.active) return false;
    return (await this.apply({ type: 'agent_left' })) === 'completed';
  }

  async callerLeft(): Promise<void> {
    if (this.active) await this.apply({ type: 'caller_left' });
  }

  private armRingTimer(channelId: string, ms: number): void {
    const h = this.host;
    this.ringTimer = setTimeout(() => void this.targetLeft(channelId).catch((err: unknown) => h.log.error({ err }, 'transfer ring timeout failed')), Math.max(0, ms));
  }

  /** Feeds one input through the machine and carries out its effects; refusals become 409s. */
  private apply(input: TransferInput): Promise<string | undefined> {
    const run = this.steps.then(() => this.applyNow(input));
    this.steps = run.catch(() => undefined);
    return run;
  }

  private async applyNow(input: TransferInput): Promise<string | undefined> {
    const before = this.state;
    const step = transferStep(before, input);
    if (!step.ok) throw new CommandRefused(step.status, step.reason);
    this.state = step.next;
    if (step.next.phase !== 'ringing') {
      if (this.ringTimer) clearTimeout(this.ringTimer);
      this.ringTimer = null;
      this.ringUntil = null;
    }
    const current = before.phase === 'idle' ? step.next : before;
    if (input.type === 'start' && current.phase !== 'idle') await this.announceStart(current.mode, current.target);
    for (const effect of step.effects) await this.carryOut(effect, current);
    if (step.outcome && current.phase !== 'idle') await this.announceEnd(current.mode, current.target, step.outcome);
    // A successor after a crash continues from here (a consultation's legs and bridge, a target ringing).
    await this.host.persist();
    return step.outcome;
  }

  private async carryOut(effect: TransferEffect, s: TransferState): Promise<void> {
    const h = this.host;
    if (effect.do === 'hangup_stray') {
      h.trackLeg(effect.channelId, false);
      await h.control.hangup(effect.channelId);
      return;
    }
    if (s.phase === 'idle') return;
    switch (effect.do) {
      case 'hold_caller':
        await h.holdCaller();
        return;
      case 'release_agent':
        await h.releaseAgentForTransfer();
        return;
      case 'connect_target':
        await h.control.addToBridge(h.conversation().bridgeId, [s.channelId]);
        if (s.targetAgentId) await h.agentEvent(s.targetAgentId, { type: 'answer', callId: h.callId });
        return;
      case 'hand_over':
        // A blind target agent answers straight into the call; an attended one answered the consultation.
        if (s.mode === 'blind' && s.targetAgentId) await h.agentEvent(s.targetAgentId, { type: 'answer', callId: h.callId });
        await h.handOver({ channelId: s.channelId, agentId: s.targetAgentId, target: s.target, mode: s.mode });
        return;
      case 'drop_target':
        h.trackLeg(s.channelId, false);
        await h.control.hangup(s.channelId);
        if (s.targetAgentId && effect.agentEvent) {
          const event: AgentStateEvent =
            effect.agentEvent === 'call_ended'
              ? { type: 'call_ended', callId: h.callId, wrapUpMs: h.queue().wrapUpSec * 1000 }
              : { type: effect.agentEvent, callId: h.callId };
          await h.agentEvent(s.targetAgentId, event);
        }
        return;
      case 'return_caller':
        await h.returnCaller();
        return;
      case 'requeue':
        await h.requeue();
        return;
    }
  }

  private async announceStart(mode: 'blind' | 'attended', target: TransferTarget): Promise<void> {
    const { callId } = this.host;
    if (mode === 'attended') await this.host.emit({ type: 'call.consult_started', callId, target, agentId: this.fromAgentId });
    else await this.host.emit({ type: 'call.transferred', callId, kind: 'blind', target, agentId: this.fromAgentId });
  }

  private async announceEnd(mode: 'blind' | 'attended', target: TransferTarget, outcome: TransferOutcome): Promise<void> {
    const { callId, log } = this.host;
    log.info({ mode, target, outcome }, 'transfer ended');
    if (mode === 'attended') {
      await this.host.emit({ type: 'call.consult_ended', callId, target, agentId: this.fromAgentId, outcome });
      if (outcome === 'completed') await this.host.emit({ type: 'call.transferred', callId, kind: 'attended', target, agentId: this.fromAgentId });
    } else if (outcome !== 'completed') {
      await this.host.emit({ type: 'call.transfer_failed', callId, target, agentId: this.fromAgentId, outcome });
    }
  }

  /** The endpoint to ring and who was reserved for it; refuses (404/409) a target that cannot take the call. */
  private async reserveTarget(target: TransferTarget, currentAgentId: string): Promise<{ endpoint: string; agentId: string | null; timeoutSec: number }> {
    const h = this.host;
    const ringSec = h.queue().ringTimeoutSec;
    if (target.type === 'external') return { endpoint: `PJSIP/${target.number}@trunk`, agentId: null, timeoutSec: EXTERNAL_RING_SEC };
    if (target.type === 'queue') {
      const queue = h.directory.queue(target.queueId);
      if (!queue) throw new CommandRefused(404, `no queue ${target.queueId}`);
      const picked = await h.dispatcher.reserveFree(queue.id, h.callId, [currentAgentId]);
      if (!picked) throw new CommandRefused(409, `nobody is free in queue ${queue.id}`);
      await h.announceReservation(picked.agentId, picked.reservation);
      return { endpoint: `PJSIP/${h.directory.agent(picked.agentId)!.seat}`, agentId: picked.agentId, timeoutSec: queue.ringTimeoutSec };
    }
    const agent = h.directory.agent(target.agentId);
    if (!agent) throw new CommandRefused(404, `no agent ${target.agentId}`);
    if (agent.id === currentAgentId) throw new CommandRefused(409, `the call is already with ${agent.id}`);
    const reserved = await h.agents.apply(agent.id, { type: 'reserve', callId: h.callId });
    if (!reserved.ok) throw new CommandRefused(409, `agent ${agent.id} is not free (${reserved.error})`);
    await h.announceReservation(agent.id, reserved);
    return { endpoint: `PJSIP/${agent.seat}`, agentId: agent.id, timeoutSec: ringSec };
  }
}

function describe(target: TransferTarget): string {
  return target.type === 'queue' ? `queue ${target.queueId}` : target.type === 'agent' ? `agent ${target.agentId}` : target.number;
}
