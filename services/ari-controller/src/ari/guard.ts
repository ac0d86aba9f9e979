import type { Logger } from '@hotline/config';

/**
 * True for an ARI error that only says the channel or bridge is already gone (a normal race);
 * "Bridge not in Stasis application" is a bridge being destroyed (e.g. by the other leg's end).
 */
export function isGone(err: unknown): boolean {
  const e = err as { message?: string; statusCode?: number; status?: number } | undefined;
  const status = e?.statusCode ?? e?.status;
  return status === 404 || /not found|Channel not in Stasis|Bridge not in Stasis/i.test(e?.message ?? '');
}

/**
 * The error boundary around every ARI event handler: a rejected ari-client call left
 * uncaught in a handler kills the Node process, so each handler logs its own failure.
 */
export function guarded<A extends unknown[]>(
  log: Logger,
  what: string,
  handler: (...args: A) => unknown,
): (...args: A) => void {
  return (...args: A) => {
    try {
      const result = handler(...args);
      if (result instanceof Promise) {
        result.catch((err: unknown) => report(log, what, err));
      }
    } catch (err) {
      report(log, what, err);
    }
  };
}

/** Handler failures since the process started (not the normal "already gone" races); /metrics shows them. */
export const handlerFailures = { count: 0 };

function report(log: Logger, what: string, err: unknown): void {
  if (isGone(err)) {
    log.debug({ what, err: (err as Error).message }, 'target already gone');
    return;
  }
  handlerFailures.count++;
  log.error({ what, err }, 'handler failed');
}
