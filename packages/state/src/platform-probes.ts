import type { Redis } from 'ioredis';
import { keys } from './keys.js';

/** A controller's latest availability probe (services/ari-controller/src/availability). */
export interface PlatformProbe {
  /** The controller process that probed. */
  instance: string;
  /** When the probe started (epoch ms). */
  at: number;
  /** Each check: asterisk, stasisApp, redis, dispatcher, seatEndpoints. */
  checks: Record<string, boolean>;
  /** The components the checks make up: telephony, ivr, queue, seats. */
  up: Record<string, boolean>;
  /** Failed ARI event handlers since the controller started (a counter; it restarts with the process). */
  handlerFailures: number;
}

/** How often each controller probes. */
export const PLATFORM_PROBE_EVERY_MS = 15_000;
/** A controller whose latest probe is older than this is not running (three probes missed). */
export const PLATFORM_PROBE_FRESH_MS = 3 * PLATFORM_PROBE_EVERY_MS;

/** Entries of controllers gone this long are removed by the next probe of any controller. */
const FORGET_AFTER_MS = 3_600_000;

/** Records a probe (and forgets controllers that stopped probing long ago). */
export async function writePlatformProbe(redis: Redis, prefix: string, probe: PlatformProbe): Promise<void> {
  const key = keys.platformProbes(prefix);
  await redis.hset(key, probe.instance, JSON.stringify(probe));
  const gone = (await readAll(redis, key)).filter((p) => probe.at - p.at > FORGET_AFTER_MS).map((p) => p.instance);
  if (gone.length > 0) await redis.hdel(key, ...gone);
}

/** The latest probe of each controller running now (probed within PLATFORM_PROBE_FRESH_MS). */
export async function readPlatformProbes(redis: Redis, prefix: string, now = Date.now()): Promise<PlatformProbe[]> {
  return (await readAll(redis, keys.platformProbes(prefix))).filter((p) => now - p.at <= PLATFORM_PROBE_FRESH_MS).sort((a, b) => a.instance.localeCompare(b.instance));
}

async function readAll(redis: Redis, key: string): Promise<PlatformProbe[]> {
  return Object.values(await redis.hgetall(key)).map((v) => JSON.parse(v) as PlatformProbe);
}
