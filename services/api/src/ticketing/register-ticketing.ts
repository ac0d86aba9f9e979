import type { EventPublisher } from '@hotline/events';
import type { FastifyInstance } from 'fastify';
import { adminRoutes } from '../routes/admin.js';
import { callbackRoutes } from '../routes/callbacks.js';
import { callerRoutes } from '../routes/callers.js';
import { ticketRoutes } from '../routes/tickets.js';
import { CallbackService } from './callback-service.js';
import { syncMissedCalls } from './missed-call-sync.js';
import { OutboxRelay } from './outbox-relay.js';
import type { TicketingSettings } from './settings.js';
import { TicketService } from './ticket-service.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** Publishes what was just written to the event outbox (absent when ticketing is not served: the events wait). */
    kickEventOutbox?: () => void;
  }
}

export interface TicketingDeps {
  readonly settings: TicketingSettings;
  readonly publisher: EventPublisher;
  /** Retry period of unpublished ticket events. */
  readonly outboxRetryMs: number;
  /** Period of the missed-call sync; 0 turns the timer off (POST /callbacks/missed-calls/sync still works). */
  readonly missedCallSyncMs: number;
}

/**
 * Tickets, callbacks, caller history and admin routes, with their two timers: the event outbox
 * relay and the missed-call sync. Both start when the app is ready and stop when it closes.
 */
export async function registerTicketing(app: FastifyInstance, deps: TicketingDeps): Promise<void> {
  const { settings } = deps;
  const relay = new OutboxRelay(app.db, deps.publisher, app.log, deps.outboxRetryMs);
  // Other routes writing to the outbox (QA reviews) have it published at once too.
  app.decorate('kickEventOutbox', () => relay.kick());
  const tickets = new TicketService(app.db, settings, () => relay.kick());
  const callbacks = new CallbackService(app.db, tickets, () => relay.kick());

  await app.register(ticketRoutes, { prefix: '/tickets', tickets, settings });
  await app.register(callbackRoutes, { prefix: '/callbacks', callbacks, settings });
  await app.register(callerRoutes, { prefix: '/callers' });
  await app.register(adminRoutes, { prefix: '/admin' });

  let missedCallTimer: NodeJS.Timeout | undefined;
  app.addHook('onReady', async () => {
    relay.start();
    if (deps.missedCallSyncMs > 0) {
      missedCallTimer = setInterval(() => {
        syncMissedCalls(app.db, settings, Date.now()).catch((err: Error) =>
          app.log.warn({ err: err.message }, 'missed-call sync failed; retrying on the next tick'),
        );
      }, deps.missedCallSyncMs);
      missedCallTimer.unref();
    }
  });
  app.addHook('onClose', async () => {
    clearInterval(missedCallTimer);
    await relay.stop();
  });
}
