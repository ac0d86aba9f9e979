// The platform measures its own availability (issue 8): every PROBE_EVERY_MS this controller
// checks what a caller needs, folds the checks into one sample per minute (minute-sampler.ts)
// and publishes each finished minute as a platform.availability event; the aggregator stores
// them and GET /kpis turns them into queue / IVR / seat / telephony availability.
// Each probe's result is also kept in Redis (the latest per controller), for /healthz and /metrics.
import type { Logger } from '@hotline/config';
import { newEvent, type HotlineEvent } from '@hotline/events';
import { PLATFORM_PROBE_EVERY_MS, writePlatformProbe } from '@hotline/state';
import type { Client } from 'ari-client';
import type { Redis } from 'ioredis';
import { componentsUp, MinuteSampler, type ProbeChecks } from './minute-sampler.js';

const PROBE_EVERY_MS = PLATFORM_PROBE_EVERY_MS;
/** A gap this long between probes (a blocked event loop, a frozen process) makes the minute down. */
const MAX_GAP_MS = 2.5 * PROBE_EVERY_MS;
const CHECK_TIMEOUT_MS = 3_000;
/** A matching pass running this long is stuck (a normal one takes milliseconds). */
const DISPATCHER_STUCK_MS = 10_000;

export interface AvailabilityProbeDeps {
  /** Names this process in the samples (several controllers may report the same minute). */
  readonly instance: string;
  readonly prefix: string;
  readonly client: () => Client | null;
  readonly stasisConnected: () => boolean;
  readonly redis: Redis;
  readonly dispatcherBusyMs: () => number;
  /** Failed ARI handlers so far (reported with each probe, for /metrics). */
  readonly handlerFailures: () => number;
  /** A seat endpoint to look up in Asterisk (the first agent's), or none: then any PJSIP endpoint. */
  readonly seat: string | undefined;
  readonly publish: (e: HotlineEvent) => Promise<void>;
  readonly log: Logger;
}

/** Starts probing now; returns the stop function. */
export function startAvailabilityProbe(deps: AvailabilityProbeDeps): () => void {
  const sampler = new MinuteSampler(Date.now(), MAX_GAP_MS);
  let busy = false;
  const tick = async (): Promise<void> => {
    if (busy) return; // checks time out well within a period; never two probes at once
    busy = true;
    const at = Date.now();
    try {
      const checks = await probe(deps);
      const up = componentsUp(checks);
      for (const s of sampler.probe(at, up)) {
        const event = newEvent('ari-controller', { type: 'platform.availability', instance: deps.instance, minute: new Date(s.minute).toISOString(), up: s.up, probes: s.probes });
        if (Object.values(s.up).some((u) => !u)) deps.log.warn({ minute: event.minute, up: s.up, probes: s.probes }, 'platform minute with a component down');
        deps.publish(event).catch((err: unknown) => deps.log.warn({ err, minute: event.minute }, 'availability sample not published'));
      }
      writePlatformProbe(deps.redis, deps.prefix, { instance: deps.instance, at, checks: { ...checks }, up: { ...up }, handlerFailures: deps.handlerFailures() }).catch(() => undefined);
    } catch (err) {
      deps.log.error({ err }, 'availability probe failed');
    } finally {
      busy = false;
    }
  };
  void tick();
  const timer = setInterval(() => void tick(), PROBE_EVERY_MS);
  return () => clearInterval(timer);
}

async function probe(deps: AvailabilityProbeDeps): Promise<ProbeChecks> {
  const client = deps.client();
  const [asterisk, redis, seatEndpoints] = await Promise.all([
    answers(client ? client.asterisk.ping() : Promise.reject(new Error('no ARI client'))),
    answers(deps.redis.ping()),
    answers(
      !client
        ? Promise.reject(new Error('no ARI client'))
        : deps.seat
          ? client.endpoints.get({ tech: 'PJSIP', resource: deps.seat })
          : client.endpoints.listByTech({ tech: 'PJSIP' }).then((list) => (list.length > 0 ? list : Promise.reject(new Error('no PJSIP endpoint')))),
    ),
  ]);
  return { asterisk, stasisApp: deps.stasisConnected(), redis, dispatcher: deps.dispatcherBusyMs() < DISPATCHER_STUCK_MS, seatEndpoints };
}

/** Whether the request answered in time (a hung dependency is down, not a probe that waits forever). */
async function answers(request: Promise<unknown>): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([request, new Promise((_, reject) => (timer = setTimeout(() => reject(new Error('timeout')), CHECK_TIMEOUT_MS)))]);
    return true;
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}
