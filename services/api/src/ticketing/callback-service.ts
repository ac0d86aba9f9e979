import type { Db } from '@hotline/db';
import { newEvent } from '@hotline/events';
import { isOnTime } from '@hotline/sla';
import type { Actor, Satisfaction, TicketActionInput } from '@hotline/tickets';
import { HttpError } from '../plugins/errors.js';
import { findTask, recordAttempt, type CallbackTaskRow } from '../repositories/callback-tasks-repository.js';
import { enqueueEvents } from '../repositories/outbox-repository.js';
import type { StoredTicket } from '../repositories/tickets-repository.js';
import { EVENT_SOURCE } from './ticket-event-builder.js';
import type { TicketService } from './ticket-service.js';

export interface CallbackResult {
  readonly reached: boolean;
  /** Asked of a reached caller of a ticket callback. */
  readonly satisfaction?: Satisfaction | undefined;
  readonly note?: string | undefined;
}

/**
 * Records the outcome of calling back. A ticket task goes through the ticket workflow
 * (start_callback when needed, then callback_result: satisfied closes, dissatisfied reopens);
 * a missed-call task records the attempt itself.
 */
export class CallbackService {
  constructor(
    private readonly db: Db,
    private readonly tickets: TicketService,
    private readonly committed: () => void,
  ) {}

  async record(taskId: string, result: CallbackResult, actor: Actor): Promise<{ task: CallbackTaskRow; ticket?: StoredTicket }> {
    const outcome = await this.db.transaction().execute(async (trx) => {
      const task = await findTask(trx, taskId);
      if (task === undefined) throw new HttpError(404, `no callback task ${taskId}`);
      if (task.status !== 'open') throw new HttpError(409, `the callback task is ${task.status}`, { reason: 'task_closed', status: task.status });
      if (task.kind === 'ticket' && task.ticketId !== null) {
        const current = await this.tickets.view(task.ticketId, actor);
        const actions: TicketActionInput[] = current.ticket.state === 'callback' ? [] : [{ type: 'start_callback' }];
        actions.push({ type: 'callback_result', ...result });
        return { ticket: await this.tickets.actAll(trx, task.ticketId, actions, actor) };
      }
      if (result.satisfaction !== undefined) throw new HttpError(400, 'satisfaction: only asked on ticket callbacks');
      const now = Date.now();
      await recordAttempt(trx, task.id, { ...result, by: actor.id, at: new Date(now) });
      await enqueueEvents(trx, [
        newEvent(
          EVENT_SOURCE,
          {
            type: 'ticket.callback_recorded',
            taskId: task.id,
            kind: 'missed_call',
            callIds: task.callIds,
            reached: result.reached,
            ...(task.dueAt === null ? {} : { onTime: isOnTime(task.dueAt.getTime(), now) }),
          },
          new Date(now),
        ),
      ]);
      return {};
    });
    this.committed();
    const task = await findTask(this.db, taskId);
    if (task === undefined) throw new HttpError(404, `no callback task ${taskId}`);
    return outcome.ticket === undefined ? { task } : { task, ticket: outcome.ticket };
  }
}
