// The ARI controller: takes every inbound call in the Stasis app and drives it.
import { createLogger, loadConfig } from '@hotline/config';
import { BullmqEventPublisher } from '@hotline/events';
import type { Channel, Client, StasisStart } from 'ari-client';
import { Redis } from 'ioredis';
import { AriCallControl } from './ari/call-control.js';
import { AriConnection } from './ari/connection.js';
import { guarded } from './ari/guard.js';
import { CallSession } from './session/call-session.js';
import { RedisCallStore } from './state/call-store.js';

const config = loadConfig(['log', 'redis', 'ari', 'controller']);
const log = createLogger('ari-controller', config.log.LOG_LEVEL);
const publisher = new BullmqEventPublisher({ url: config.redis.REDIS_URL }, config.redis.REDIS_PREFIX);
const redis = new Redis(config.redis.REDIS_URL, { maxRetriesPerRequest: null });
redis.on('error', (err) => log.warn({ err: err.message }, 'redis connection error'));
const store = new RedisCallStore(redis, config.redis.REDIS_PREFIX);
const sessions = new Map<string, CallSession>();
const hangupCauses = new Map<string, string>();

const connection: AriConnection = new AriConnection(
  { url: config.ari.ARI_URL, user: config.ari.ARI_USER, password: config.ari.ARI_PASSWORD, app: config.ari.ARI_APP },
  log,
  bind,
  reconcile,
);
const control = new AriCallControl(() => connection.current);

function newSession(channelId: string): CallSession {
  const session = new CallSession(channelId, {
    control,
    store,
    publish: (e) => publisher.publish(e),
    log,
    greeting: config.controller.GREETING_SOUND,
  });
  sessions.set(channelId, session);
  return session;
}

function bind(client: Client): void {
  client.on(
    'StasisStart',
    guarded(log, 'StasisStart', async (event: StasisStart, channel: Channel) => {
      const [role, dialed = ''] = event.args;
      if (role !== 'trunk') {
        log.warn({ channelId: channel.id, args: event.args }, 'StasisStart with unknown role; hanging up');
        await control.hangup(channel.id);
        return;
      }
      await newSession(channel.id).arrive(channel.caller.number, dialed);
    }),
  );
  client.on(
    'ChannelHangupRequest',
    guarded(log, 'ChannelHangupRequest', (event: { cause?: number; channel: Channel }) => {
      if (sessions.has(event.channel.id)) hangupCauses.set(event.channel.id, `cause ${event.cause ?? 16}`);
    }),
  );
  client.on(
    'StasisEnd',
    guarded(log, 'StasisEnd', (_event: unknown, channel: Channel) => {
      control.channelGone(channel.id);
      const session = sessions.get(channel.id);
      if (!session) return;
      sessions.delete(channel.id);
      session.ended(hangupCauses.get(channel.id) ?? 'Normal Clearing');
      hangupCauses.delete(channel.id);
    }),
  );
  client.on(
    'PlaybackFinished',
    guarded(log, 'PlaybackFinished', (_event: unknown, playback: { id: string }) => control.playbackFinished(playback.id)),
  );
}

/** Asterisk does not replay events missed while the socket was down: adopt calls we do not know. */
async function reconcile(client: Client): Promise<void> {
  const channels = await client.channels.list();
  for (const ch of channels) {
    const inApp = ch.dialplan?.app_name === 'Stasis' && ch.dialplan.app_data.startsWith(`${config.ari.ARI_APP},trunk`);
    if (inApp && !sessions.has(ch.id)) {
      guarded(log, 'resume', () => newSession(ch.id).resume())();
    }
  }
}

connection.start();
log.info({ app: config.ari.ARI_APP, ari: config.ari.ARI_URL }, 'controller starting');

process.on('unhandledRejection', (err) => log.error({ err }, 'unhandled rejection (bug: a missing error boundary)'));

async function shutdown(signal: string): Promise<void> {
  log.info({ signal }, 'shutting down');
  await connection.stop();
  await publisher.close();
  redis.disconnect();
  process.exit(0);
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));
