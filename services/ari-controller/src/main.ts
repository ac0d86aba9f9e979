// The ARI controller: takes every inbound call in the Stasis app and drives it
// through the IVR, the queues and the agents.
import { hostname } from 'node:os';
import { join } from 'node:path';
import { loadIvr } from '@hotline/callflow';
import { applyProcessNice, createLogger, loadConfig } from '@hotline/config';
import { BullmqEventPublisher, SpoolingPublisher, type HotlineEvent } from '@hotline/events';
import { keys, loadQueueConfig, parseReadyAnnouncement, RedisAgentStore, RedisCallStore, applyAgentEvent } from '@hotline/state';
import type { Channel, Client, StasisStart } from 'ari-client';
import { Redis } from 'ioredis';
import { Directory, seatOfChannelName } from './agents/directory.js';
import { featureEvent } from './agents/feature-codes.js';
import { startAvailabilityProbe } from './availability/probe.js';
import { sweepAgents } from './agents/sweeper.js';
import { AriCallControl } from './ari/call-control.js';
import { AppLeases, watchApps } from './ari/app-leases.js';
import { ARI_SOCKET_SETUPS_AT_ONCE, ARI_SOCKETS, ariAgent, AriConnection } from './ari/connection.js';
import { AriRest } from './ari/rest.js';
import { listenForCallCommands } from './commands/command-listener.js';
import { guarded, handlerFailures } from './ari/guard.js';
import { ControllerMetrics } from './metrics.js';
import { Dispatcher } from './queue/dispatcher.js';
import { CallSession, type SessionDeps } from './session/call-session.js';

const config = loadConfig(['log', 'redis', 'ari', 'controller', 'recordings']);
const log = createLogger('ari-controller', config.log.LOG_LEVEL);
applyProcessNice(config.controller.CONTROLLER_NICE, log);
const { ivr, warnings } = await loadIvr(config.controller.IVR_FILE);
for (const w of warnings) log.warn({ file: config.controller.IVR_FILE, path: w.path }, w.message);
const survey = await loadIvr(config.controller.SURVEY_FILE);
for (const w of survey.warnings) log.warn({ file: config.controller.SURVEY_FILE, path: w.path }, w.message);
const directory = new Directory(loadQueueConfig(config.controller.QUEUES_FILE));

const prefix = config.redis.REDIS_PREFIX;
// Reconnect within 2 s of Redis coming back (BullMQ's own default backs off to 20 s).
const reconnectSoon = (attempt: number) => Math.min(attempt * 200, 2000);
const bus = new BullmqEventPublisher({ url: config.redis.REDIS_URL, retryStrategy: reconnectSoon }, prefix);
bus.queue.on('error', (err) => log.warn({ err: err.message }, 'event bus connection error'));
// While Redis is unreachable, events wait on local disk and are replayed in order when it answers.
const publisher = await SpoolingPublisher.open(bus, {
  dir: join(config.controller.EVENT_SPOOL_DIR, `${prefix}-${config.ari.ARI_APP}`),
  publishTimeoutMs: config.controller.EVENT_PUBLISH_TIMEOUT_MS,
  log,
});
const metrics = new ControllerMetrics((seat) => directory.agentAtSeat(seat)?.id); // METRICS_PORT (load tests)
const publish = (e: HotlineEvent) => {
  metrics.event(e);
  log.debug({ eventId: e.eventId, type: e.type, callId: 'callId' in e ? e.callId : undefined }, 'event emitted'); // the fault tests count these
  return publisher.publish(e);
};
// Commands wait through a Redis restart (offline queue) instead of failing a call step.
const redis = new Redis(config.redis.REDIS_URL, { maxRetriesPerRequest: null, retryStrategy: reconnectSoon });
redis.on('error', (err) => log.warn({ err: err.message }, 'redis connection error'));
const agents = new RedisAgentStore(redis, prefix);
const store = new RedisCallStore(redis, prefix);
const dispatcher = new Dispatcher(directory, agents, log);

const sessions = new Map<string, CallSession>();
const agentLegs = new Map<string, CallSession>();
const hangupCauses = new Map<string, string>();
/** Calls ending now (their last events on the way): a shutdown lets them finish before closing the bus. */
const ending = new Set<Promise<void>>();

/** The Stasis apps this controller serves: its own, and those of stopped peers it took over (ari/app-leases.ts). */
const connections = new Map<string, AriConnection>();
/** Per app, until its first reconcile is done: the calls this process took itself (see reconcile). */
const callsStartedHere = new Map<string, Set<string>>();
function serve(app: string): void {
  if (connections.has(app)) return;
  const connection = new AriConnection(
    { url: config.ari.ARI_URL, user: config.ari.ARI_USER, password: config.ari.ARI_PASSWORD, app },
    log,
    bind,
    (client) => {
      openAriSockets();
      return reconcile(app, client);
    },
  );
  connections.set(app, connection);
  callsStartedHere.set(app, new Set());
  connection.start();
}
const anyClient = () => [...connections.values()].find((c) => c.current)?.current ?? null;
// New legs (agents, snoops) enter an app this controller serves: its own unless a peer holds that one.
const servedApp = () => (connections.has(config.ari.ARI_APP) ? config.ari.ARI_APP : ([...connections.keys()][0] ?? config.ari.ARI_APP));
const rest = new AriRest(config.ari.ARI_URL, config.ari.ARI_USER, config.ari.ARI_PASSWORD, ariAgent);
/** Tops up the REST sockets after each connect (an Asterisk restart closed them all). */
function openAriSockets(): void {
  rest.openSockets(ARI_SOCKETS, ARI_SOCKET_SETUPS_AT_ONCE).then(
    (opened) => log.info({ opened }, 'ARI sockets opened'),
    (err: unknown) => log.warn({ err: (err as Error).message }, 'ARI sockets not opened ahead; calls open them as they need them'),
  );
}
const control = metrics.instrument(new AriCallControl(() => (anyClient() ? rest : null), servedApp));

const deps: SessionDeps = {
  control,
  store,
  agents,
  directory,
  dispatcher,
  ivr,
  surveyIvr: survey.ivr,
  publish,
  log,
  mohClass: config.controller.MOH_CLASS,
  recordingsDir: config.recordings.RECORDINGS_DIR,
  recordCalls: config.recordings.RECORD_CALLS === 'on',
  callbackPrompt: ['im-sorry', 'vm-tocallback', 'vm-press', 'digits/1'],
  trackAgentLeg: (channelId, session) => (session ? agentLegs.set(channelId, session) : agentLegs.delete(channelId)),
  app: config.ari.ARI_APP,
};
/** A call's session knows its Stasis app: its record names it, so whoever serves that app next finds it. */
const depsFor = (app: string): SessionDeps => (app === deps.app ? deps : { ...deps, app });

function bind(client: Client): void {
  client.on('StasisStart', guarded(log, 'StasisStart', (event: StasisStart, channel: Channel) => stasisStart(event, channel)));
  client.on(
    'ChannelHangupRequest',
    guarded(log, 'ChannelHangupRequest', (event: { cause?: number; channel: Channel }) => {
      if (sessions.has(event.channel.id)) hangupCauses.set(event.channel.id, `cause ${event.cause ?? 16}`);
    }),
  );
  client.on(
    'StasisEnd',
    guarded(log, 'StasisEnd', async (_event: unknown, channel: Channel) => {
      control.channelGone(channel.id);
      const session = sessions.get(channel.id);
      if (session) {
        sessions.delete(channel.id);
        const cause = hangupCauses.get(channel.id) ?? 'Normal Clearing';
        hangupCauses.delete(channel.id);
        const done = session.ended(cause).then(() => session.settled());
        ending.add(done);
        await done.finally(() => ending.delete(done));
        return;
      }
      await agentLegs.get(channel.id)?.agentLegEnded(channel.id);
    }),
  );
  // An agent leg that never answered never enters the app: its end comes as ChannelDestroyed.
  client.on(
    'ChannelDestroyed',
    guarded(log, 'ChannelDestroyed', async (_event: unknown, channel: Channel) => {
      await agentLegs.get(channel.id)?.agentLegEnded(channel.id);
    }),
  );
  client.on(
    'ChannelDtmfReceived',
    guarded(log, 'ChannelDtmfReceived', (event: { digit: string }, channel: Channel) => sessions.get(channel.id)?.dtmf(event.digit)),
  );
  client.on(
    'PlaybackFinished',
    guarded(log, 'PlaybackFinished', (_event: unknown, playback: { id: string }) => control.playbackFinished(playback.id)),
  );
}

async function stasisStart(event: StasisStart, channel: Channel): Promise<void> {
  const [role, arg = ''] = event.args;
  switch (role) {
    case 'trunk': {
      callsStartedHere.get(event.application)?.add(channel.id);
      metrics.stasisStart(channel.id, event.timestamp);
      const session = new CallSession(channel.id, channel.caller.number, depsFor(event.application));
      sessions.set(channel.id, session);
      await session.arrive(arg);
      return;
    }
    case 'agent': {
      const session = agentLegs.get(channel.id);
      if (session) await session.agentAnswered(channel.id);
      else await control.hangup(channel.id);
      return;
    }
    case 'supervisor': {
      const session = agentLegs.get(channel.id);
      if (session) await session.supervisorAnswered(channel.id);
      else await control.hangup(channel.id);
      return;
    }
    case 'snoop':
      // A recording or monitoring snoop: whoever created it is waiting for it to be in the app.
      if (!control.snoopEntered(channel.id)) await control.hangup(channel.id);
      return;
    case 'feature':
      await featureCode(channel, arg);
      return;
    default:
      log.warn({ channelId: channel.id, args: event.args }, 'StasisStart with unknown role; hanging up');
      await control.hangup(channel.id);
  }
}

/** A seat dialled *N: change its agent's state, confirm with a beep (or an error tone), hang up. */
async function featureCode(channel: Channel, code: string): Promise<void> {
  const seat = seatOfChannelName(channel.name);
  const agent = seat ? directory.agentAtSeat(seat) : undefined;
  const event = featureEvent(code);
  let ok = false;
  if (agent && event) {
    const result = await applyAgentEvent(agents, publish, 'ari-controller', agent.id, event);
    ok = result.ok;
    log.info({ agentId: agent.id, code, ok, ...(result.ok ? { to: result.to.status } : { error: result.error }) }, 'feature code');
    if (result.ok && result.to.status === 'ready') dispatcher.trigger();
  } else {
    log.warn({ seat, code }, 'feature code from an unknown seat or an unknown code');
  }
  await control.answer(channel.id);
  await control.play(channel.id, `${channel.id}:feature`, [ok ? 'beep' : 'beeperr']);
  await control.hangup(channel.id);
}

/**
 * Asterisk does not replay events missed while the socket was down: adopt the calls in the app
 * this process does not know (after a restart or a takeover: all of them), and end those that hung up unseen.
 */
async function reconcile(app: string, client: Client): Promise<void> {
  const known = [...sessions.entries()];
  const channels = await client.channels.list();
  const live = new Set(channels.map((ch) => ch.id));
  for (const ch of channels) {
    const data = ch.dialplan?.app_data ?? '';
    const inApp = ch.dialplan?.app_name === 'Stasis' && data.startsWith(`${app},trunk`);
    if (!inApp || sessions.has(ch.id)) continue;
    const session = new CallSession(ch.id, ch.caller.number, depsFor(app));
    sessions.set(ch.id, session);
    void session.resume(store.get(ch.id), live);
  }
  // Socket lost and back in the same process: sessions whose caller left meanwhile.
  for (const [callId, session] of known) {
    if (live.has(callId) || sessions.get(callId) !== session) continue;
    sessions.delete(callId);
    hangupCauses.delete(callId);
    await session.ended('hung up while ARI was disconnected').catch((err: unknown) => log.warn({ err, callId }, 'call not ended'));
  }
  // A restart or a takeover: the app's calls that ended while no controller was connected still get
  // their end (a record of this app without a channel), unless this process took the call itself.
  const startedHere = callsStartedHere.get(app);
  if (!startedHere) return;
  for (const callId of await store.ids()) {
    if (live.has(callId) || sessions.has(callId) || startedHere.has(callId)) continue;
    const record = await store.get(callId);
    if (record?.app !== app) continue;
    await new CallSession(callId, String(record.caller ?? ''), depsFor(app))
      .endedUnseen(record)
      .catch((err: unknown) => log.warn({ err, callId }, 'call not ended'));
  }
  callsStartedHere.delete(app);
}

// Any process (a controller, the API) making an agent ready publishes here: match callers again.
const subscriber = redis.duplicate();
subscriber.on('error', (err) => log.warn({ err: err.message }, 'redis subscriber error'));
await subscriber.subscribe(keys.agentReady(prefix));
subscriber.on('message', (_channel: string, message: string) => {
  const record = parseReadyAnnouncement(message);
  if (!record) {
    // Not from this version's agent store (an older process mid-upgrade?): read every agent instead.
    log.warn({ message: message.slice(0, 200) }, 'agent-ready announcement not understood; reading all agents');
    dispatcher.resync();
    dispatcher.trigger();
    return;
  }
  metrics.agentReady(record.agentId);
  dispatcher.agentReady(record);
});

// Hold, transfer and monitor requests from the API for calls this controller holds.
const stopCommands = await listenForCallCommands(redis, prefix, (callId) => sessions.get(callId), log);

const sweep = setInterval(
  guarded(log, 'sweep', async () => {
    await sweepAgents(directory, agents, publish, (agentId) => [...agentLegs.values()].some((s) => s.ringingAgentId === agentId), log);
    // Also the dispatcher's safety net for a missed agent-ready announcement.
    dispatcher.resync();
    dispatcher.trigger();
  }),
  2000,
);

// One controller: its app. Several (ARI_APPS): app leases decide who serves which app, and take over a stopped peer's.
const peerApps = (config.ari.ARI_APPS?.split(',') ?? []).filter((app) => app !== config.ari.ARI_APP);
const leases = peerApps.length > 0 ? new AppLeases(redis, prefix, `${config.ari.ARI_APP}@${hostname()}:${process.pid}`) : null;
const appWatch = leases
  ? watchApps({ leases, own: config.ari.ARI_APP, peers: peerApps, gained: serve, lost: (app) => void shutdown(`lease of ${app} lost`), log })
  : null;
if (!appWatch) serve(config.ari.ARI_APP);
// The availability KPIs: a probe every 15 s, one platform.availability event per finished minute.
const stopProbe = startAvailabilityProbe({
  instance: `${config.ari.ARI_APP}@${hostname()}:${process.pid}`,
  prefix,
  client: anyClient,
  stasisConnected: () => connections.get(config.ari.ARI_APP)?.connected ?? false,
  redis,
  dispatcherBusyMs: () => dispatcher.busyMs(),
  handlerFailures: () => handlerFailures.count,
  seat: directory.config.agents[0]?.seat,
  publish,
  log,
});
log.info({ app: config.ari.ARI_APP, ari: config.ari.ARI_URL, queues: directory.config.queues.length, agents: directory.config.agents.length }, 'controller starting');

process.on('unhandledRejection', (err) => log.error({ err }, 'unhandled rejection (bug: a missing error boundary)'));

async function shutdown(signal: string): Promise<void> {
  log.info({ signal }, 'shutting down');
  clearInterval(sweep);
  stopProbe();
  stopCommands();
  appWatch?.stop();
  // No ARI event is handled from here on: a call ending now is ended from its record by the next controller.
  // (ari-client's types only know the one-event form; the EventEmitter one removes them all.)
  for (const connection of connections.values()) {
    (connection.current as unknown as NodeJS.EventEmitter | null)?.removeAllListeners();
    await connection.stop();
  }
  // What the calls already emitted reaches the bus (or the spool) before it closes: an event left
  // behind would be lost while the call's record, deleted after it, could not bring it back.
  const emitted = Promise.allSettled([...ending, ...[...sessions.values()].map((s) => s.settled())]);
  await Promise.race([emitted, new Promise((resolve) => setTimeout(resolve, 5000))]);
  // A peer takes the apps over now, without waiting for the leases to lapse.
  for (const app of appWatch?.serving() ?? []) await leases!.release(app).catch(() => undefined);
  await publisher.close();
  subscriber.disconnect();
  redis.disconnect();
  process.exit(0);
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGUSR2', () => log.info({ metrics: metrics.summary() }, 'metrics'));
