import http from 'node:http';
import ari, { type Client } from 'ari-client';
import type { Logger } from '@hotline/config';

export interface AriSettings {
  url: string;
  user: string;
  password: string;
  app: string;
}

/**
 * Keeps one ARI client connected for as long as the process lives.
 * ari-client retries a dropped websocket itself, but gives up after ten tries and
 * cannot connect at all while Asterisk is down; this loop covers both with a capped
 * exponential backoff, and hands every fresh client to `onClient` to bind handlers.
 */
export class AriConnection {
  private client: Client | null = null;
  private socketOpen = false;
  private stopped = false;
  private attempt = 0;

  constructor(
    private readonly settings: AriSettings,
    private readonly log: Logger,
    private readonly onClient: (client: Client) => void,
    private readonly onConnected: (client: Client) => Promise<void> = async () => undefined,
  ) {}

  get current(): Client | null {
    return this.client;
  }

  /** The websocket is open: Asterisk delivers the Stasis app's calls to this process. */
  get connected(): boolean {
    return this.client !== null && this.socketOpen;
  }

  start(): void {
    // ari-client's REST calls (swagger-client -> shred) go through Node's global agent: the one
    // the call steps use (ari/rest.ts).
    http.globalAgent = ariAgent;
    void this.connect();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    try {
      this.client?.stop();
    } catch {
      // already closed
    }
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    try {
      const client = await ari.connect(this.settings.url, this.settings.user, this.settings.password);
      this.attempt = 0;
      this.client = client;
      this.onClient(client);
      client.on('WebSocketConnected', () => {
        this.socketOpen = true;
        guardSocket(client, this.log);
        this.log.info({ app: this.settings.app }, 'ARI websocket connected');
        void this.filterEvents(client);
        this.onConnected(client).catch((err: unknown) => this.log.error({ err }, 'reconcile after connect failed'));
      });
      client.on('WebSocketReconnecting', (err?: Error) => {
        this.socketOpen = false;
        this.log.warn({ err: err?.message }, 'ARI websocket lost; ari-client is reconnecting');
      });
      client.on('WebSocketMaxRetries', () => {
        this.socketOpen = false;
        this.log.error('ARI websocket retries exhausted; starting a new connection');
        this.client = null;
        this.scheduleReconnect();
      });
      await client.start(this.settings.app);
    } catch (err) {
      this.client = null;
      this.socketOpen = false;
      this.log.warn({ err: (err as Error).message, attempt: this.attempt }, 'ARI connect failed');
      this.scheduleReconnect();
    }
  }

  /**
   * Asks Asterisk for the event types this process listens to, and no others: every other
   * event (ChannelVarset, ChannelStateChange, bridge and recording events...) costs Asterisk a
   * JSON dump and a websocket write, and ari-client a parse and resource objects, per channel.
   * The handlers are bound before the websocket opens (onClient), so their names are the list.
   */
  private async filterEvents(client: Client): Promise<void> {
    const allowed = (client as unknown as NodeJS.EventEmitter)
      .eventNames()
      .filter((name): name is string => typeof name === 'string' && ARI_EVENT_TYPE.test(name) && !CLIENT_EVENTS.has(name))
      .map((type) => ({ type }));
    try {
      await (client.applications as unknown as FilterApi).filter({ applicationName: this.settings.app, filter: { allowed } });
      this.log.debug({ allowed: allowed.map((a) => a.type) }, 'ARI event filter set');
    } catch (err) {
      // Without the filter every event still arrives: slower, not wrong.
      this.log.warn({ err: (err as Error).message }, 'ARI event filter not set');
    }
  }

  private scheduleReconnect(): void {
    if (this.stopped) return;
    const delay = Math.min(200 * 2 ** this.attempt, 5000);
    this.attempt++;
    this.log.info({ delayMs: delay }, 'reconnecting to ARI');
    setTimeout(() => void this.connect(), delay).unref?.();
  }
}

/**
 * Sockets to Asterisk's HTTP server for REST calls (see ariAgent), all opened as soon as Asterisk
 * answers (AriRest.openSockets, 8 set-ups at a time, under its accept backlog of 10) and never more:
 * a request beyond them waits here for one to free up (milliseconds) rather than on a new connection
 * that Asterisk's backlog drops under load (the kernel retries the handshake after 1, 3, 7 s...; runs
 * with a cap of 1024 opened on demand saw 1,096-2,516 dropped set-ups at 60 calls/s, BENCHMARKS.md
 * run 33, and 0 with these 512). 64 throttled the call steps at 25 calls/s (runs 14-15).
 */
export const ARI_SOCKETS = 512;
export const ARI_SOCKET_SETUPS_AT_ONCE = 8;

/**
 * The keep-alive sockets every ARI REST request goes through, at most ARI_SOCKETS, so a burst of
 * call steps queues here instead of opening one Asterisk HTTP session (a thread there) per request.
 * Opened sockets are kept, idle or not (maxFreeSockets; Node's default closes all but 256, and no
 * idle timeout): Asterisk keeps them a day (http.conf session_keep_alive), and one it closed while
 * a request went out on it is retried once (AriRest).
 */
export const ariAgent = new http.Agent({
  keepAlive: true,
  maxSockets: ARI_SOCKETS,
  maxFreeSockets: ARI_SOCKETS,
});

/** An ARI event type ('StasisStart'), not ari-client's catch-all '*' or a per-instance 'StasisEnd-<id>'. */
const ARI_EVENT_TYPE = /^[A-Z][A-Za-z]+$/;

/** ari-client's own events (the websocket's life), not ARI event types. */
const CLIENT_EVENTS = new Set(['WebSocketConnected', 'WebSocketReconnecting', 'WebSocketMaxRetries', 'pong', 'APILoadError']);

/** `PUT /applications/{name}/eventFilter` (Asterisk 16.3+), missing from ari-client's types. */
interface FilterApi {
  filter(req: { applicationName: string; filter: { allowed: { type: string }[] } }): Promise<unknown>;
}

/**
 * ari-client parses each websocket message synchronously inside the socket's
 * listener: an event type missing from Asterisk's API docs (or a throwing handler)
 * would otherwise be an uncaught exception that kills the process.
 */
function guardSocket(client: Client, log: Logger): void {
  const ws = (client as unknown as { _ws?: NodeJS.EventEmitter })._ws;
  if (!ws) return;
  const listeners = ws.listeners('message') as ((...args: unknown[]) => void)[];
  ws.removeAllListeners('message');
  for (const listener of listeners) {
    ws.on('message', (...args: unknown[]) => {
      try {
        listener(...args);
      } catch (err) {
        log.error({ err, message: String(args[0]).slice(0, 500) }, 'unprocessable ARI event ignored');
      }
    });
  }
}
