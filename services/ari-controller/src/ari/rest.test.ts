import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isGone } from './guard.js';
import { ariPath, AriRest, AriRestError } from './rest.js';

describe('AriRest', () => {
  const seen: { method: string; url: string; authorization: string | undefined }[] = [];
  let server: http.Server;
  let rest: AriRest;
  const agent = new http.Agent({ keepAlive: true });

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      seen.push({ method: req.method!, url: req.url!, authorization: req.headers.authorization });
      if (req.url!.includes('gone')) res.writeHead(404, { 'content-type': 'application/json' }).end('{"message":"Channel not found"}');
      else if (req.url!.includes('plain')) res.writeHead(409).end('Recording not in session');
      else if (req.url!.includes('empty')) res.writeHead(500).end();
      else res.writeHead(200, { 'content-type': 'application/json' }).end('{"id":"x"}');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    rest = new AriRest(`http://127.0.0.1:${(server.address() as AddressInfo).port}`, 'hotline', 'pw', agent);
  });
  afterAll(async () => {
    agent.destroy();
    await new Promise((r) => server.close(r));
  });

  it('sends the method, the escaped path under /ari, the query (lists comma-separated) and basic auth', async () => {
    await rest.post(ariPath`/channels/${'a b/1'}/play`, { media: ['sound:hello world', 'sound:beep'], playbackId: 'p:1', mute: true, timeout: 15 });
    await rest.delete(ariPath`/channels/${'c1'}`);
    expect(seen.slice(-2)).toEqual([
      { method: 'POST', url: '/ari/channels/a%20b%2F1/play?media=sound%3Ahello%20world,sound%3Abeep&playbackId=p%3A1&mute=true&timeout=15', authorization: `Basic ${Buffer.from('hotline:pw').toString('base64')}` },
      { method: 'DELETE', url: '/ari/channels/c1', authorization: `Basic ${Buffer.from('hotline:pw').toString('base64')}` },
    ]);
  });

  it("fails with Asterisk's status and message: a 404 reads as gone", async () => {
    const gone = await rest.post('/channels/gone/answer').catch((e: unknown) => e);
    expect(gone).toBeInstanceOf(AriRestError);
    expect(gone).toMatchObject({ statusCode: 404, message: 'Channel not found' });
    expect(isGone(gone)).toBe(true);
    await expect(rest.post('/recordings/live/plain/stop')).rejects.toMatchObject({ statusCode: 409, message: 'Recording not in session' });
    await expect(rest.delete('/bridges/empty')).rejects.toMatchObject({ statusCode: 500, message: 'ARI DELETE /bridges/empty: HTTP 500' });
  });

  it('sends a request again once when the server reset the reused keep-alive socket it went out on', async () => {
    let requests = 0;
    const resetting = http.createServer((req, res) => {
      requests += 1;
      // The second request arrives on the first one's socket: drop it unanswered, as a server
      // closing an idle connection does.
      if (requests === 2) req.socket.destroy();
      else res.writeHead(204).end();
    });
    await new Promise<void>((r) => resetting.listen(0, '127.0.0.1', r));
    const ownAgent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const client = new AriRest(`http://127.0.0.1:${(resetting.address() as AddressInfo).port}`, 'u', 'p', ownAgent);
    try {
      await client.post('/channels/c1/answer');
      await client.post('/channels/c1/answer');
      expect(requests).toBe(3);
    } finally {
      ownAgent.destroy();
      await new Promise((r) => resetting.close(r));
    }
  });

  it('sends a DELETE again once after any reset (repeated, it only finds its target gone), a POST not', async () => {
    const seenHere: string[] = [];
    const resetting = http.createServer((req, res) => {
      seenHere.push(req.method!);
      // Every first request of a method is dropped unanswered on a new connection.
      if (seenHere.filter((m) => m === req.method).length === 1) req.socket.destroy();
      else res.writeHead(204).end();
    });
    await new Promise<void>((r) => resetting.listen(0, '127.0.0.1', r));
    // A new socket per request: no reset here is the stale keep-alive case.
    const ownAgent = new http.Agent({ keepAlive: false });
    const client = new AriRest(`http://127.0.0.1:${(resetting.address() as AddressInfo).port}`, 'u', 'p', ownAgent);
    try {
      await client.delete('/channels/c1');
      await expect(client.post('/channels/c1/answer')).rejects.toMatchObject({ code: 'ECONNRESET' });
      expect(seenHere).toEqual(['DELETE', 'DELETE', 'POST']);
    } finally {
      ownAgent.destroy();
      await new Promise((r) => resetting.close(r));
    }
  });

  it('fails when Asterisk cannot be reached', async () => {
    const closed = new AriRest('http://127.0.0.1:1', 'u', 'p', agent);
    await expect(closed.post('/channels/c1/answer')).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });

  it('opens the sockets asked for, a wave of set-ups at a time, and later requests reuse them without opening any', async () => {
    let connections = 0;
    let pending = 0;
    let mostPending = 0;
    const pinged = http.createServer((req, res) => {
      pending += 1;
      mostPending = Math.max(mostPending, pending);
      // A reply a little later: the wave's sockets are all taken at once.
      setTimeout(() => {
        pending -= 1;
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"ping":"pong"}');
      }, 5);
    });
    pinged.on('connection', () => (connections += 1));
    await new Promise<void>((r) => pinged.listen(0, '127.0.0.1', r));
    const pool = new http.Agent({ keepAlive: true, maxSockets: 50, maxFreeSockets: 50 });
    const client = new AriRest(`http://127.0.0.1:${(pinged.address() as AddressInfo).port}`, 'u', 'p', pool);
    try {
      expect(await client.openSockets(20, 4)).toBe(20);
      expect(connections).toBe(20);
      // Never more than a wave of requests (and so of connection set-ups) at the server at once.
      expect(mostPending).toBeLessThanOrEqual(4);
      await Promise.all(Array.from({ length: 20 }, (_, i) => client.post(`/channels/c${i}/answer`)));
      expect(connections).toBe(20);
      // Topped up, not added to: 25 asked with 20 held opens 5.
      expect(await client.openSockets(25, 4)).toBe(5);
      expect(connections).toBe(25);
    } finally {
      pool.destroy();
      await new Promise((r) => pinged.close(r));
    }
  });

  it('runs one top-up at a time: two asked together (two apps reconnecting) share it instead of waiting for each other', async () => {
    let connections = 0;
    const pinged = http.createServer((_req, res) => setTimeout(() => res.writeHead(200).end('{"ping":"pong"}'), 5));
    pinged.on('connection', () => (connections += 1));
    await new Promise<void>((r) => pinged.listen(0, '127.0.0.1', r));
    // Each top-up alone would hold all 10 sockets' replies until it had 10: two at once never would.
    const pool = new http.Agent({ keepAlive: true, maxSockets: 10, maxFreeSockets: 10 });
    const client = new AriRest(`http://127.0.0.1:${(pinged.address() as AddressInfo).port}`, 'u', 'p', pool);
    try {
      expect(await Promise.all([client.openSockets(10, 4), client.openSockets(10, 4)])).toEqual([10, 10]);
      expect(connections).toBe(10);
    } finally {
      pool.destroy();
      await new Promise((r) => pinged.close(r));
    }
  });
});
