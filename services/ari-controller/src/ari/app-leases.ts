import type { Logger } from '@hotline/config';
import type { Redis } from 'ioredis';

/**
 * Which controller serves which Stasis app, for high availability (ARI_APPS: one app per
 * controller). Asterisk gives an app's calls to one websocket only, the last one connected,
 * so two controllers must never both connect to an app: each holds a lease on the apps it
 * serves, renewed every second. A lease that lapses is a dead controller: a live one claims
 * its app (only an app some controller served before: a peer not started yet is not taken),
 * connects to it and resumes its calls from their records, as after a restart. A controller
 * coming back to find its own app taken over stays out of it until the app is free again.
 */
export class AppLeases {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    /** This process, as the lease names it. */
    readonly instance: string,
    readonly ttlMs = 3000,
  ) {}

  private lease(app: string): string {
    return `${this.prefix}:app-lease:${app}`;
  }

  private served(app: string): string {
    return `${this.prefix}:app-served:${app}`;
  }

  /**
   * Takes the app's lease (or renews ours). `onlyIfServed`: only an app a controller served
   * before, whose lease lapsed. True when the app is ours now.
   */
  async claim(app: string, onlyIfServed = false): Promise<boolean> {
    const ok = await this.redis.eval(
      `local holder = redis.call('GET', KEYS[1])
       if holder and holder ~= ARGV[1] then return 0 end
       if not holder and ARGV[3] == '1' and redis.call('EXISTS', KEYS[2]) == 0 then return 0 end
       redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
       redis.call('SET', KEYS[2], '1')
       return 1`,
      2,
      this.lease(app),
      this.served(app),
      this.instance,
      String(this.ttlMs),
      onlyIfServed ? '1' : '0',
    );
    return ok === 1;
  }

  /** Who serves the app now (an instance name), or null. */
  holder(app: string): Promise<string | null> {
    return this.redis.get(this.lease(app));
  }

  /** Lets the app go at once (a clean shutdown): a peer takes it over without waiting for the lease to lapse. */
  async release(app: string): Promise<void> {
    await this.redis.eval(
      `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`,
      1,
      this.lease(app),
      this.instance,
    );
  }
}

export interface AppWatch {
  leases: AppLeases;
  /** This controller's own app (ARI_APP): served whenever its lease is free. */
  own: string;
  /** The other controllers' apps: taken over when their lease lapses. */
  peers: readonly string[];
  /** Connect to the app: it is ours now. */
  gained: (app: string) => void;
  /** Another controller holds an app we served (our lease lapsed): we must stop serving it. */
  lost: (app: string) => void;
  log: Logger;
  everyMs?: number;
}

/** Renews the apps this controller serves and claims the free ones, every second; returns a stop function. */
export function watchApps(watch: AppWatch): { stop: () => void; serving: () => readonly string[] } {
  const serving = new Set<string>();
  /** Rounds in a row a peer's app was seen without a lease: two are needed (its owner renews every round). */
  const lapsed = new Map<string, number>();
  let running = false;
  const tick = async () => {
    if (running) return; // a slow Redis round: never two ticks at once
    running = true;
    try {
      for (const app of [watch.own, ...watch.peers]) {
        if (app !== watch.own && !serving.has(app)) {
          // Just after a Redis outage every lease has lapsed: the live owner renews within a round.
          const rounds = (await watch.leases.holder(app)) === null ? (lapsed.get(app) ?? 0) + 1 : 0;
          lapsed.set(app, rounds);
          if (rounds < 2) continue;
        }
        const ours = await watch.leases.claim(app, app !== watch.own && !serving.has(app));
        if (ours && !serving.has(app)) {
          serving.add(app);
          if (app !== watch.own) watch.log.warn({ app, by: watch.leases.instance }, 'taking over the calls of a controller that stopped');
          watch.gained(app);
        } else if (!ours && serving.has(app)) {
          serving.delete(app);
          watch.log.error({ app, holder: await watch.leases.holder(app) }, 'lease of a served app lost to another controller');
          watch.lost(app);
        }
      }
    } catch (err) {
      lapsed.clear();
      watch.log.warn({ err: (err as Error).message }, 'app leases not renewed (Redis)');
    } finally {
      running = false;
    }
  };
  void tick();
  const timer = setInterval(() => void tick(), watch.everyMs ?? 1000);
  return {
    stop: () => clearInterval(timer),
    serving: () => [...serving],
  };
}
