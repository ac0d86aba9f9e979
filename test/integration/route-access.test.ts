// Issue 8, security: every route of the API refuses an anonymous caller and every role it does not
// name; the routes open to anyone are exactly the public list below. The routes come from the app
// itself (its onRoute registry), so a route added later is checked without touching this file.
import { ROLES, type Role } from '@hotline/tickets';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addKey, keyExpiry, newToken, upsertUser } from '../../services/api/src/repositories/users-repository.js';
import { buildInProcessApi, type InProcessApi } from '../support/api-app.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';

/** Open to anyone, each for a reason its route states (config.public). */
const PUBLIC_ROUTES = ['GET /healthz', 'GET /wallboard', 'GET /wallboard.css', 'GET /wallboard.js'];

const ADMIN_TOKEN = 'route-access-admin-token-0123456789';

/** The route's URL with every :param filled in. */
const concrete = (url: string) => url.replace(/:[A-Za-z]+/g, 'x1');

describe('role checks on every route', () => {
  let database: TestDatabase;
  let api: InProcessApi;
  const tokens = {} as Record<Role, string>;
  const bad: Record<string, { token: string; reason: string }> = {};

  beforeAll(async () => {
    database = await createTestDatabase();
    api = await buildInProcessApi(database, { adminToken: ADMIN_TOKEN });
    const db = database.db;
    await db.insertInto('departments').values({ id: 'roads', name: '市政管理局' }).execute();
    for (const role of ROLES) {
      await upsertUser(db, { id: `u-${role}`, name: role, role, department: role === 'department' ? 'roads' : null, active: true });
      tokens[role] = newToken();
      await addKey(db, `u-${role}`, tokens[role], null, keyExpiry(1));
    }
    const expired = newToken();
    await addKey(db, 'u-admin', expired, 'expired', new Date(Date.now() - 1000));
    const revoked = newToken();
    const revokedId = await addKey(db, 'u-admin', revoked, 'revoked', keyExpiry(1));
    await db.updateTable('api_keys').set({ revoked_at: new Date() }).where('id', '=', revokedId).execute();
    await upsertUser(db, { id: 'gone', name: 'left the hotline', role: 'admin', department: null, active: false });
    const inactive = newToken();
    await addKey(db, 'gone', inactive, null, keyExpiry(1));
    bad.expired = { token: expired, reason: 'token expired' };
    bad.revoked = { token: revoked, reason: 'unknown or revoked token' };
    bad.inactiveUser = { token: inactive, reason: 'unknown or revoked token' };
    bad.unknown = { token: newToken(), reason: 'unknown or revoked token' };
  });
  afterAll(async () => {
    await api?.close();
    await database?.drop();
  });

  /** Every (method, url) the app serves, from its registry, HEAD (Fastify's copies of GET routes) included. */
  const routes = () => api.app.routeAccess.flatMap((r) => r.method.split(',').map((method) => ({ method, url: r.url, access: r.access })));
  const guarded = () => routes().flatMap((r) => (r.access === 'public' ? [] : [{ ...r, roles: r.access }]));
  /** The refusal's reason; a HEAD answer has no body. */
  const reason = (method: string, message: string) => (method === 'HEAD' ? undefined : message);
  const messageOf = (res: LightMyRequestResponse): unknown => (res.body ? res.json().message : undefined);

  const call = (method: string, url: string, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> =>
    api.app.inject({ method: method as 'GET', url: concrete(url), headers });

  it('knows the routes, and the ones open to anyone are exactly the public list', () => {
    expect(routes().length).toBeGreaterThan(50);
    // Wired like services/api/src/main.ts: the optional parts are there too.
    const served = routes().map((r) => `${r.method} ${r.url}`);
    for (const route of ['GET /metrics', 'GET /admin/dead-letters', 'POST /tickets', 'GET /realtime', 'POST /calls/:id/hold']) expect(served).toContain(route);
    const open = routes().filter((r) => r.access === 'public' && r.method !== 'HEAD').map((r) => `${r.method} ${r.url}`);
    expect(open.sort()).toEqual(PUBLIC_ROUTES);
  });

  it('a route that names neither roles nor public makes the app refuse to start', async () => {
    const { default: Fastify } = await import('fastify');
    const { installAuth } = await import('../../services/api/src/plugins/auth.js');
    const app = Fastify();
    await installAuth(app, database.db, { keyTtlDays: 1, rateLimit: { max: 10, windowMs: 1000 } });
    expect(() => app.get('/forgotten', async () => 'open')).toThrow('route GET /forgotten must declare exactly one of config.roles or config.public');
    await app.close();
  });

  it('refuses an anonymous caller with 401 on every other route', async () => {
    for (const { method, url } of guarded()) {
      const res = await call(method, url);
      expect({ route: `${method} ${url}`, status: res.statusCode, message: messageOf(res) }).toEqual({
        route: `${method} ${url}`,
        status: 401,
        message: reason(method, 'missing credentials: send "Authorization: Bearer <token>"'),
      });
    }
  });

  it('refuses unknown, revoked, expired and deactivated users\' keys and malformed headers with 401 and the reason', async () => {
    for (const { method, url } of guarded()) {
      for (const [what, { token, reason: why }] of Object.entries(bad)) {
        const res = await call(method, url, { authorization: `Bearer ${token}` });
        expect({ route: `${method} ${url}`, what, status: res.statusCode, message: messageOf(res) }).toEqual({
          route: `${method} ${url}`,
          what,
          status: 401,
          message: reason(method, why),
        });
      }
      for (const header of ['Basic YWRtaW46YWRtaW4=', 'Bearer', `Bearer ${'a'.repeat(600)}`, 'Bearer a b']) {
        const res = await call(method, url, { authorization: header });
        expect({ route: `${method} ${url}`, header: header.slice(0, 20), status: res.statusCode }).toEqual({ route: `${method} ${url}`, header: header.slice(0, 20), status: 401 });
      }
    }
  });

  it('refuses every role a route does not name with 403 naming the role and the roles allowed', async () => {
    let refusals = 0;
    for (const { method, url, roles } of guarded()) {
      for (const role of ROLES.filter((r) => !roles.includes(r))) {
        const res = await call(method, url, { authorization: `Bearer ${tokens[role]}` });
        expect({ route: `${method} ${url}`, role, status: res.statusCode, message: messageOf(res) }).toEqual({
          route: `${method} ${url}`,
          role,
          status: 403,
          message: reason(method, `role ${role} may not ${method} ${url} (roles allowed: ${roles.join(', ')})`),
        });
        refusals++;
      }
    }
    // Most routes are closed to some role; a route open to every role still refuses anonymous and bad keys (above).
    expect(refusals).toBeGreaterThan(100);
  });

  it('lets every role a route names through the role check', async () => {
    // Past the role check and no further: a body of an unknown media type is refused (415) before
    // any handler runs, so nothing is written. GET handlers run (they only read); the SSE stream
    // never ends, so it is left to the wallboard tests.
    for (const { method, url, roles } of guarded().filter((r) => r.url !== '/realtime' && r.method !== 'HEAD')) {
      for (const role of roles) {
        const headers: Record<string, string> = { authorization: `Bearer ${tokens[role]}` };
        const res = await api.app.inject({
          method: method as 'GET',
          url: concrete(url),
          headers: method === 'GET' ? headers : { ...headers, 'content-type': 'application/x-not-a-body' },
          ...(method === 'GET' ? {} : { payload: 'x' }),
        });
        const route = `${method} ${url}`;
        expect({ route, role, status: res.statusCode }).not.toMatchObject({ status: 401 });
        // A handler may still refuse (a recording played by an agent is audited, then refused), not the route's role check.
        if (res.statusCode === 403) expect(res.json().message, route).not.toContain(`may not ${route} (roles allowed`);
        if (method !== 'GET') expect({ route, role, status: res.statusCode }).toEqual({ route, role, status: 415 });
      }
    }
  });

  it('the public routes answer without a key, and /healthz shows its checks to supervisors and admins only', async () => {
    for (const route of PUBLIC_ROUTES) {
      const [method, url] = route.split(' ') as [string, string];
      expect((await call(method, url)).statusCode, route).toBe(200);
    }
    expect((await call('GET', '/healthz')).json()).toEqual({ status: 'ok' });
    expect((await call('GET', '/healthz', { authorization: `Bearer ${tokens.agent}` })).json()).toEqual({ status: 'ok' });
    expect((await call('GET', '/healthz', { authorization: `Bearer ${tokens.supervisor}` })).json()).toEqual({ status: 'ok', checks: { postgres: 'ok' } });
  });

  it('the SSE stream takes its key from ?access_token= (EventSource sends no headers); no other route does', async () => {
    expect((await call('GET', `/realtime?access_token=${tokens.department}`)).statusCode).toBe(403);
    expect((await call('GET', `/realtime?access_token=${bad.expired!.token}`)).json().message).toBe('token expired');
    expect((await call('GET', `/realtime/snapshot?access_token=${tokens.admin}`)).statusCode).toBe(401);
  });
});
