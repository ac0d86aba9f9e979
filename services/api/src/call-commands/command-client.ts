import { randomUUID } from 'node:crypto';
import { loadConfig } from '@hotline/config';
import { CallCommandReply, callCommandChannels, type CallCommand } from '@hotline/state';
import { Redis } from 'ioredis';

export interface CommandClientSettings {
  redisUrl: string;
  redisPrefix: string;
  /** How long the owning controller has to answer; silence means no controller holds the call. */
  timeoutMs: number;
}

export function commandSettingsFromEnv(env: NodeJS.ProcessEnv = process.env): CommandClientSettings {
  const { redis } = loadConfig(['redis'], env);
  return { redisUrl: redis.REDIS_URL, redisPrefix: redis.REDIS_PREFIX, timeoutMs: 5000 };
}

/** Sends call commands to the controllers (Redis pub/sub, see @hotline/state call-commands) and awaits the owner's reply. */
export class CallCommandClient {
  private readonly pub: Redis;
  private readonly sub: Redis;
  private readonly pending = new Map<string, (reply: CallCommandReply) => void>();
  private subscribed: Promise<unknown> | null = null;
  private readonly channels: ReturnType<typeof callCommandChannels>;

  constructor(private readonly settings: CommandClientSettings) {
    // Lazy: an API that never sends a command never opens these connections.
    this.pub = new Redis(settings.redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
    this.sub = new Redis(settings.redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
    this.channels = callCommandChannels(settings.redisPrefix);
    this.sub.on('message', (_channel: string, raw: string) => {
      const parsed = CallCommandReply.safeParse(safeJson(raw));
      if (!parsed.success) return;
      this.pending.get(parsed.data.commandId)?.(parsed.data);
    });
  }

  /** The owner's reply, or a 404 reply when no controller answered in time. */
  async send(callId: string, body: CallCommand): Promise<CallCommandReply> {
    this.subscribed ??= this.sub.subscribe(this.channels.replies);
    await this.subscribed;
    const commandId = randomUUID();
    const reply = new Promise<CallCommandReply>((resolve) => {
      const timer = setTimeout(() => {
        this.pending.delete(commandId);
        resolve({ commandId, ok: false, status: 404, message: `no call ${callId} in progress` });
      }, this.settings.timeoutMs);
      this.pending.set(commandId, (r) => {
        clearTimeout(timer);
        this.pending.delete(commandId);
        resolve(r);
      });
    });
    await this.pub.publish(this.channels.commands, JSON.stringify({ commandId, callId, body }));
    return reply;
  }

  close(): void {
    this.pub.disconnect();
    this.sub.disconnect();
  }
}

function safeJson(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return undefined;
  }
}
