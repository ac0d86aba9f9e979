/**
 * Postgres not reachable now (stopped, restarting, the network), as opposed to refusing the data:
 * connection exceptions (08xxx), shutdown / not accepting connections (57P01-57P03), socket errors,
 * and node-postgres' own messages for a connection that died under a query.
 */
export function isDatabaseUnreachable(err: unknown): boolean {
  const e = err as { code?: unknown; message?: unknown } | null;
  const code = typeof e?.code === 'string' ? e.code : '';
  if (/^(08|57P0[123])/.test(code)) return true;
  if (['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'EPIPE'].includes(code)) return true;
  return typeof e?.message === 'string' && /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error/i.test(e.message);
}

/**
 * How long the consumer pauses while Postgres is unreachable: the first failure pauses `firstMs`,
 * each failure after a pause ended doubles it up to `maxMs` (so events are written within
 * `maxMs` of Postgres coming back); failures during a pause (the other jobs of the same batch)
 * add nothing. A successful write ends the outage.
 */
export class OutageBackoff {
  private failures = 0;
  private startedAt = 0;
  private pausedUntil = 0;

  constructor(
    private readonly firstMs = 250,
    private readonly maxMs = 2000,
  ) {}

  /** The pause to start now, or 0 when one is already running. */
  failed(now: number): number {
    if (now < this.pausedUntil) return 0;
    if (this.failures === 0) this.startedAt = now;
    const pause = Math.min(this.firstMs * 2 ** this.failures, this.maxMs);
    this.failures++;
    this.pausedUntil = now + pause;
    return pause;
  }

  /** A write went through: the outage's length in ms if there was one, else null. */
  succeeded(now: number): number | null {
    if (this.failures === 0) return null;
    this.failures = 0;
    this.pausedUntil = 0;
    return now - this.startedAt;
  }
}
