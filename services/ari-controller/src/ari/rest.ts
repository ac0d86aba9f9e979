import http from 'node:http';

/** A query parameter: ARI takes a list (allowMultiple) comma-separated. */
export type AriQuery = Record<string, string | number | boolean | readonly string[]>;

/** A refused ARI request: Asterisk's status code and its message (`{"message": ...}`). */
export class AriRestError extends Error {
  override name = 'AriRestError';
  constructor(
    readonly statusCode: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * ARI's REST calls straight over node:http, for the call steps (ari/call-control.ts): ari-client's
 * REST layer (swagger-client and shred) was the largest block of the controller's CPU profile at
 * 40 calls/s and costs 0.11-0.28 ms of CPU per request against 0.04-0.06 ms here (BENCHMARKS.md
 * run 20). ari-client keeps the websocket and its events. A reply body is read only for an error:
 * no call step uses what Asterisk returns.
 */
export class AriRest {
  private readonly host: string;
  private readonly port: number;
  private readonly base: string;
  private readonly authorization: string;
  /** The socket top-up in progress (openSockets), if any. */
  private opening: Promise<number> | null = null;

  constructor(
    url: string,
    user: string,
    password: string,
    private readonly agent: http.Agent,
  ) {
    const u = new URL(url);
    this.host = u.hostname;
    this.port = Number(u.port || 80);
    this.base = `${u.pathname.replace(/\/$/, '')}/ari`;
    this.authorization = `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
  }

  post(path: string, query: AriQuery = {}): Promise<void> {
    return this.request('POST', path, query);
  }

  delete(path: string, query: AriQuery = {}): Promise<void> {
    return this.request('DELETE', path, query);
  }

  /**
   * Opens keep-alive sockets until the agent holds `count` (in use or free), at most `perWave`
   * connection set-ups at a time: each wave's replies are held unread, which keeps their sockets
   * busy so the next wave must open new ones, and all go to the agent's free pool at the end. Call
   * steps then reuse them instead of opening connections by the dozen under load, which Asterisk's
   * accept backlog of 10 drops (see ari/connection.ts). Free sockets are taken first, so only the
   * missing ones are opened. Resolves with the number opened. One top-up at a time: two, each
   * holding replies until it has its count, would wait for each other's sockets forever.
   */
  openSockets(count: number, perWave: number): Promise<number> {
    this.opening ??= this.topUp(Math.min(count, this.agent.maxSockets), perWave).finally(() => (this.opening = null));
    return this.opening;
  }

  private async topUp(count: number, perWave: number): Promise<number> {
    const before = this.socketsHeld();
    const held: http.IncomingMessage[] = [];
    try {
      while (held.length < count) held.push(...(await Promise.all(Array.from({ length: Math.min(perWave, count - held.length) }, () => this.ping()))));
    } finally {
      // Read to the end (and let the agent take the socket back): only then is it free for the call steps.
      await Promise.all(held.map((res) => new Promise((done) => res.once('end', done).once('error', done).resume())));
      await new Promise((r) => setImmediate(r));
    }
    return this.socketsHeld() - before;
  }

  /** Sockets the agent holds to Asterisk, in use or free. */
  private socketsHeld(): number {
    let n = 0;
    for (const list of [...Object.values(this.agent.sockets), ...Object.values(this.agent.freeSockets)]) n += list?.length ?? 0;
    return n;
  }

  /** GET /asterisk/ping, its reply left unread (the socket stays taken until it is read). */
  private ping(): Promise<http.IncomingMessage> {
    return new Promise((resolve, reject) => {
      const req = http.request(this.options('GET', '/asterisk/ping'), (res) => {
        if (res.statusCode === 200) return resolve(res);
        res.resume();
        reject(new AriRestError(res.statusCode ?? 0, `ARI GET /asterisk/ping: HTTP ${res.statusCode}`));
      });
      req.once('error', reject);
      req.end();
    });
  }

  private async request(method: string, path: string, query: AriQuery): Promise<void> {
    try {
      await this.send(method, path, query);
    } catch (err) {
      // Asterisk closed an idle keep-alive socket just as this request went out on it: the request
      // was never read, so it is sent again once, on a new socket (Node's documented pattern).
      // A DELETE is sent again after any reset: repeated, it finds its target gone (404), which
      // every caller takes as done; an overloaded Asterisk resets connections by the hundred
      // (BENCHMARKS.md run 32), and a hang-up lost that way left an agent's leg up.
      if (!(err instanceof StaleSocketError) && !(method === 'DELETE' && isReset(err))) throw err;
      await this.send(method, path, query);
    }
  }

  /** A request under /ari through the agent, with the basic auth. */
  private options(method: string, pathAndQuery: string): http.RequestOptions {
    return { agent: this.agent, host: this.host, port: this.port, method, path: this.base + pathAndQuery, headers: { authorization: this.authorization } };
  }

  private send(method: string, path: string, query: AriQuery): Promise<void> {
    return new Promise((resolve, reject) => {
      const req = http.request(this.options(method, path + queryString(query)), (res) => {
        const status = res.statusCode ?? 0;
        if (status >= 200 && status < 300) {
          res.resume();
          res.once('end', resolve);
          res.once('error', reject);
          return;
        }
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.once('error', reject);
        res.once('end', () => reject(new AriRestError(status, errorMessage(Buffer.concat(chunks).toString('utf8'), status, method, path))));
      });
      req.once('error', (err: NodeJS.ErrnoException) => reject(req.reusedSocket && err.code === 'ECONNRESET' ? new StaleSocketError(err) : err));
      req.end();
    });
  }
}

/** The connection was reset or closed before a reply ('socket hang up' is ECONNRESET too). */
function isReset(err: unknown): boolean {
  return (err as NodeJS.ErrnoException).code === 'ECONNRESET';
}

/** A request reset on a reused keep-alive socket before any reply. */
class StaleSocketError extends Error {
  constructor(override readonly cause: Error) {
    super(cause.message);
  }
}

/** `/channels/{id}/answer` with each id escaped. */
export function ariPath(strings: TemplateStringsArray, ...ids: string[]): string {
  return strings.reduce((path, s, i) => path + s + (i < ids.length ? encodeURIComponent(ids[i]!) : ''), '');
}

function queryString(query: AriQuery): string {
  const parts: string[] = [];
  for (const [k, v] of Object.entries(query)) {
    // The commas between a list's items stay unescaped: Asterisk splits the decoded value on them.
    const value = typeof v === 'object' ? v.map(encodeURIComponent).join(',') : encodeURIComponent(String(v));
    parts.push(`${k}=${value}`);
  }
  return parts.length ? `?${parts.join('&')}` : '';
}

function errorMessage(body: string, status: number, method: string, path: string): string {
  try {
    const parsed = JSON.parse(body) as { message?: unknown };
    if (typeof parsed.message === 'string') return parsed.message;
  } catch {
    // not JSON: the body itself, or the status when there is none
  }
  return body.trim() || `ARI ${method} ${path}: HTTP ${status}`;
}
