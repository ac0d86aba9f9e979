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

  private scheduleReconnect(): void {
    if (this.stopped) return;
    const delay = Math.min(200 * 2 ** this.attempt, 5000);
    this.attempt++;
    this.log.info({ delayMs: delay }, 'reconnecting to ARI');
    setTimeout(() => void this.connect(), delay).unref?.();
  }
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
