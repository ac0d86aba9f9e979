import type { CallControl } from '../ports.js';

export type MonitorMode = 'listen' | 'whisper' | 'barge';

export interface MonitorTarget {
  callId: string;
  agentChannelId: string;
  /** The call's mixing bridge (caller + agent), joined by a barging supervisor. */
  callBridgeId: string;
}

/**
 * A supervisor on a call, by ARI standard moves once the supervisor's phone answered:
 * listen = a snoop on the agent's leg hearing both directions (spy both, whisper none), in a
 * bridge with the supervisor, so the supervisor hears the call and nobody hears them;
 * whisper = the same snoop also whispering out to the agent's leg: the agent hears the
 * supervisor, the caller does not; barge = the supervisor joins the call's own bridge.
 * Asterisk mixes a whisper into the frames it writes to the agent's leg, i.e. the caller's
 * audio: a trunk or phone sends RTP all the time (silence too), so that always flows; a caller
 * sending no RTP at all would leave nothing for the whisper to ride on (test/e2e/supervisor).
 */
export class SupervisorMonitor {
  private answered = false;
  private ended = false;
  private readonly snoopId: string;
  private readonly bridgeId: string;

  constructor(
    readonly supervisorId: string,
    readonly mode: MonitorMode,
    /** The supervisor's leg (originated to their seat). */
    readonly channelId: string,
    private readonly control: CallControl,
    private readonly callId: string,
  ) {
    this.snoopId = `${channelId}-spy`;
    this.bridgeId = `${channelId}-bridge`;
  }

  async ring(seat: string, callerId: string): Promise<void> {
    await this.control.originate({ channelId: this.channelId, endpoint: `PJSIP/${seat}`, appArgs: `supervisor,${this.callId}`, callerId, timeoutSec: 30 });
  }

  /** The supervisor picked up: connect them to the call as the mode says. */
  async connect(target: MonitorTarget): Promise<void> {
    this.answered = true;
    if (this.mode === 'barge') {
      await this.control.addToBridge(target.callBridgeId, [this.channelId]);
      return;
    }
    await this.control.snoop({
      snoopId: this.snoopId,
      channelId: target.agentChannelId,
      spy: 'both',
      whisper: this.mode === 'whisper' ? 'out' : 'none',
      appArgs: `snoop,${this.callId}`,
    });
    await this.control.createBridge(this.bridgeId);
    await this.control.addToBridge(this.bridgeId, [this.snoopId, this.channelId]);
  }

  get isAnswered(): boolean {
    return this.answered;
  }

  /** Ends the monitoring: the supervisor's leg, the snoop and the side bridge go. Once. */
  async stop(): Promise<boolean> {
    if (this.ended) return false;
    this.ended = true;
    await this.control.hangup(this.channelId);
    if (this.mode !== 'barge') {
      await this.control.hangup(this.snoopId);
      await this.control.destroyBridge(this.bridgeId);
    }
    return true;
  }
}
