import type { AgentDefinition, QueueConfig, QueueDefinition } from '@hotline/acd';

/** The site's agents and queues from the queues file, looked up by id, seat and skill. */
export class Directory {
  private readonly bySeat = new Map<string, AgentDefinition>();
  private readonly byId = new Map<string, AgentDefinition>();
  private readonly queues = new Map<string, QueueDefinition>();

  constructor(readonly config: QueueConfig) {
    for (const a of config.agents) {
      this.byId.set(a.id, a);
      this.bySeat.set(a.seat, a);
    }
    for (const q of config.queues) this.queues.set(q.id, q);
  }

  agent(id: string): AgentDefinition | undefined {
    return this.byId.get(id);
  }

  agentAtSeat(seat: string): AgentDefinition | undefined {
    return this.bySeat.get(seat);
  }

  queue(id: string): QueueDefinition | undefined {
    return this.queues.get(id);
  }

  agentsWithSkill(skill: string): AgentDefinition[] {
    return this.config.agents.filter((a) => (a.skills[skill] ?? 0) > 0);
  }

  /** The longest ring any queue allows: a reservation older than this (plus margin) was left by a crash. */
  get maxRingSec(): number {
    return Math.max(...this.config.queues.map((q) => q.ringTimeoutSec));
  }
}

/** `PJSIP/agent0001-0000002a` -> `agent0001`. */
export function seatOfChannelName(name: string): string | null {
  const m = /^PJSIP\/(.+)-[0-9a-f]+$/.exec(name);
  return m ? m[1]! : null;
}
