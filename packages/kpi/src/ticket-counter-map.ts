import type { ChannelCounters, TicketCounters } from './ticket-counters.js';
import { EMPTY_TICKET_COUNTERS } from './ticket-counters.js';

/**
 * TicketCounters as one flat {name: number} map (`channels.<name>.received|replied` for the
 * channels), so storage can add two rollups key by key without knowing the shape.
 */
export function ticketCountersToMap(c: TicketCounters): Record<string, number> {
  const { channels, ...scalars } = c;
  const out: Record<string, number> = { ...scalars };
  for (const [name, ch] of Object.entries(channels)) {
    out[`channels.${name}.received`] = ch.received;
    out[`channels.${name}.replied`] = ch.replied;
  }
  return out;
}

/** The inverse of `ticketCountersToMap`; unknown scalar keys are ignored, missing ones are 0. */
export function ticketCountersFromMap(m: Readonly<Record<string, number>>): TicketCounters {
  const channels: Record<string, ChannelCounters> = {};
  const scalars: Record<string, number> = {};
  for (const key of Object.keys(EMPTY_TICKET_COUNTERS)) if (key !== 'channels') scalars[key] = m[key] ?? 0;
  for (const [key, n] of Object.entries(m)) {
    const match = /^channels\.(.+)\.(received|replied)$/.exec(key);
    if (!match?.[1] || !match[2]) continue;
    const ch = (channels[match[1]] ??= { received: 0, replied: 0 });
    channels[match[1]] = { ...ch, [match[2]]: n };
  }
  return { ...(scalars as Omit<TicketCounters, 'channels'>), channels };
}
