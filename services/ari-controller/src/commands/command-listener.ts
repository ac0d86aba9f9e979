import type { Logger } from '@hotline/config';
import { CallCommandMessage, callCommandChannels, CommandRefused, type CallCommand, type CallCommandReply } from '@hotline/state';
import type { Redis } from 'ioredis';

export interface CommandTarget {
  command(cmd: CallCommand): Promise<Record<string, unknown>>;
  /** Resolves once the call's record and events queued so far are written. */
  settled(): Promise<void>;
}

/**
 * Listens for the API's call commands; acts on those for calls this controller holds and
 * answers each on the replies channel. Calls held by another controller are left to it.
 */
export async function listenForCallCommands(
  redis: Redis,
  prefix: string,
  sessionOf: (callId: string) => CommandTarget | undefined,
  log: Logger,
): Promise<() => void> {
  const channels = callCommandChannels(prefix);
  const subscriber = redis.duplicate();
  subscriber.on('error', (err) => log.warn({ err: err.message }, 'redis command subscriber error'));
  await subscriber.subscribe(channels.commands);
  subscriber.on('message', (_channel: string, raw: string) => {
    let msg: CallCommandMessage;
    try {
      msg = CallCommandMessage.parse(JSON.parse(raw));
    } catch (err) {
      log.warn({ err: (err as Error).message }, 'malformed call command ignored');
      return;
    }
    const session = sessionOf(msg.callId);
    if (!session) return;
    const reply = (r: Omit<CallCommandReply, 'commandId'>) =>
      redis.publish(channels.replies, JSON.stringify({ commandId: msg.commandId, ...r })).catch((err: unknown) => log.warn({ err }, 'command reply not sent'));
    log.info({ callId: msg.callId, command: msg.body.command }, 'call command');
    // The reply waits for the call's saved record: a controller killed right after a 200 leaves
    // its successor the state the API reported (on hold, transferring...).
    session.command(msg.body).then(
      (data) => session.settled().then(() => reply({ ok: true, status: 200, data })),
      (err: unknown) => {
        if (err instanceof CommandRefused) return reply({ ok: false, status: err.status, message: err.message });
        log.error({ err, callId: msg.callId, command: msg.body.command }, 'call command failed');
        return reply({ ok: false, status: 500, message: (err as Error).message?.slice(0, 500) ?? 'failed' });
      },
    );
  });
  return () => subscriber.disconnect();
}
