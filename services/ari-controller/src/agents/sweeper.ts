import type { Logger } from '@hotline/config';
import type { HotlineEvent } from '@hotline/events';
import { publishChange, type RedisAgentStore } from '@hotline/state';
import type { Directory } from './directory.js';

/**
 * Ends what a crashed controller left behind: a wrap-up whose timer died with it,
 * or a reservation whose ring nobody is watching any more. Every controller runs it;
 * the compare-and-set makes concurrent sweeps harmless.
 */
export async function sweepAgents(
  directory: Directory,
  agents: RedisAgentStore,
  publish: (e: HotlineEvent) => Promise<void>,
  isRingingHere: (agentId: string) => boolean,
  log: Logger,
  now = Date.now(),
): Promise<void> {
  const staleReservationMs = (directory.maxRingSec + 30) * 1000;
  const records = await agents.getMany(directory.config.agents.map((a) => a.id), now);
  for (const record of records) {
    const { state } = record;
    let event: Parameters<RedisAgentStore['applyTo']>[1] | null = null;
    // The wrap-up timer lives in the controller that handled the call; one second of grace for it.
    if (state.status === 'wrap_up' && state.until + 1000 < now) event = { type: 'wrap_up_done' };
    if (state.status === 'reserved' && state.since + staleReservationMs < now && !isRingingHere(record.agentId)) {
      event = { type: 'offer_cancelled' };
    }
    if (!event) continue;
    const result = await agents.applyTo(record, event, now);
    if (result !== 'conflict' && result.ok) {
      log.warn({ agentId: record.agentId, from: state.status, to: result.to.status }, 'swept a stale agent state');
      await publishChange(publish, 'ari-controller', record.agentId, result);
    }
  }
}
