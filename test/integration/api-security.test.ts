// Issue 8, security: API keys expire, the API is rate limited per user or client address, and the
// request log masks caller numbers and query-string tokens.
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addKey, ensureBootstrapAdmin, keyExpiry, newToken, upsertUser } from '../../services/api/src/repositories/users-repository.js';
import { buildInProcessApi, type InProcessApi } from '../support/api-app.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';

const ADMIN_TOKEN = 'api-security-admin-token-0123456789';
const DAY_MS = 86_400_000;
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

describe('API security', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => database?.drop());

  describe('keys expire', () => {
    let api: InProcessApi;
    beforeAll(async () => {
      api = await buildInProcessApi(database, { adminToken: ADMIN_TOKEN, keyTtlDays: 30 });
      await upsertUser(database.db, { id: 'sup1', name: 'sup1', role: 'supervisor', department: null, active: true });
    });
    afterAll(async () => api?.close());

    it('a key is issued for API_KEY_TTL_DAYS unless asked for fewer days, never more', async () => {
      const issue = (body: object) => api.app.inject({ method: 'POST', url: '/admin/users/sup1/keys', headers: bearer(ADMIN_TOKEN), payload: body });
      const standard = await issue({});
      expect(standard.statusCode).toBe(201);
      expect(Date.parse(standard.json().expiresAt) - Date.now()).toBeGreaterThan(30 * DAY_MS - 60_000);
      expect(Date.parse(standard.json().expiresAt) - Date.now()).toBeLessThanOrEqual(30 * DAY_MS);
      const short = await issue({ ttlDays: 1, label: 'wallboard' });
      expect(Date.parse(short.json().expiresAt) - Date.now()).toBeLessThanOrEqual(DAY_MS);
      const long = await issue({ ttlDays: 31 });
      expect(long.statusCode).toBe(400);
      expect(long.json().message).toContain('body.ttlDays');
      const listed = await api.app.inject({ url: '/admin/users/sup1/keys', headers: bearer(ADMIN_TOKEN) });
      expect(listed.json().keys.map((k: { label: string | null; expiresAt: string }) => [k.label, k.expiresAt])).toEqual([
        [null, standard.json().expiresAt],
        ['wallboard', short.json().expiresAt],
      ]);
    });

    it('an expired key gets 401 "token expired"', async () => {
      const token = newToken();
      const keyId = await addKey(database.db, 'sup1', token, null, keyExpiry(1));
      expect((await api.app.inject({ url: '/calls', headers: bearer(token) })).statusCode).toBe(200);
      await database.db.updateTable('api_keys').set({ expires_at: new Date(Date.now() - 1) }).where('id', '=', keyId).execute();
      const refused = await api.app.inject({ url: '/calls', headers: bearer(token) });
      expect(refused.statusCode).toBe(401);
      expect(refused.json().message).toBe('token expired');
      expect(refused.headers['www-authenticate']).toBe('Bearer error="invalid_token"');
    });

    it('ADMIN_TOKEN\'s key is renewed for the lifetime at each start, so the variable stays the way back in', async () => {
      await database.db.updateTable('api_keys').set({ expires_at: new Date(Date.now() - 1) }).where('label', '=', 'ADMIN_TOKEN').execute();
      expect((await api.app.inject({ url: '/admin/users', headers: bearer(ADMIN_TOKEN) })).json().message).toBe('token expired');
      await ensureBootstrapAdmin(database.db, ADMIN_TOKEN, 30);
      expect((await api.app.inject({ url: '/admin/users', headers: bearer(ADMIN_TOKEN) })).statusCode).toBe(200);
    });
  });

  describe('rate limit', () => {
    const MAX = 5;
    let api: InProcessApi;
    let alice: string;
    let bob: string;
    beforeAll(async () => {
      api = await buildInProcessApi(database, { rateLimit: { max: MAX, windowMs: 60_000 } });
      for (const id of ['alice', 'bob']) await upsertUser(database.db, { id, name: id, role: 'agent', department: null, active: true });
      alice = newToken();
      bob = newToken();
      await addKey(database.db, 'alice', alice, null, keyExpiry(1));
      await addKey(database.db, 'bob', bob, null, keyExpiry(1));
    });
    afterAll(async () => api?.close());

    it('refuses a user beyond RATE_LIMIT_MAX per window with 429, the reason and Retry-After; other users keep their budget', async () => {
      for (let i = 0; i < MAX; i++) expect((await api.app.inject({ url: '/calls', headers: bearer(alice) })).statusCode).toBe(200);
      const refused = await api.app.inject({ url: '/calls', headers: bearer(alice) });
      expect(refused.statusCode).toBe(429);
      expect(refused.json().message).toMatch(/^rate limit exceeded: at most 5 requests per 60000 ms for user alice; retry in \d+ (seconds?|minutes?)$/);
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
      // The same user from another address is the same budget; another user is not.
      expect((await api.app.inject({ url: '/calls', headers: bearer(alice), remoteAddress: '10.0.0.9' })).statusCode).toBe(429);
      expect((await api.app.inject({ url: '/calls', headers: bearer(bob) })).statusCode).toBe(200);
    });

    it('counts requests without a valid key per client address, so guessing tokens is throttled too', async () => {
      const from = (remoteAddress: string) => api.app.inject({ url: '/calls', headers: bearer(newToken()), remoteAddress });
      for (let i = 0; i < MAX; i++) expect((await from('10.0.0.1')).statusCode).toBe(401);
      const refused = await from('10.0.0.1');
      expect(refused.statusCode).toBe(429);
      expect(refused.json().message).toContain('for address 10.0.0.1');
      expect((await from('10.0.0.2')).statusCode).toBe(401);
    });
  });

  describe('the request log', () => {
    let api: InProcessApi;
    const lines: Record<string, any>[] = [];
    beforeAll(async () => {
      const sink = new Writable({
        write(chunk: Buffer, _enc, done) {
          for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) lines.push(JSON.parse(line) as Record<string, any>);
          done();
        },
      });
      api = await buildInProcessApi(database, { adminToken: ADMIN_TOKEN }, sink);
    });
    afterAll(async () => api?.close());

    it('masks the caller number of GET /callers/:number/history and the SSE stream\'s access_token', async () => {
      await api.app.inject({ url: '/callers/13800000001/history', headers: bearer(ADMIN_TOKEN) });
      await api.app.inject({ url: `/realtime?access_token=${ADMIN_TOKEN}x` });
      const urls = lines.filter((l) => l.req?.url).map((l) => l.req.url as string);
      expect(urls).toEqual(['/callers/138****0001/history', '/realtime?access_token=[redacted]']);
      const text = JSON.stringify(lines);
      expect(text).not.toContain('13800000001');
      expect(text).not.toContain(ADMIN_TOKEN);
    });
  });
});
