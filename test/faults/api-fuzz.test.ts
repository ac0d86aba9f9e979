// Issue 8, done-when 4: 10,000 malformed or hostile requests against the API process (fuzzed
// bodies on every route that takes one, wrong content types, oversized payloads, huge and broken
// headers, path traversal, unicode, bad query parameters, missing, garbage, expired and
// wrong-role keys, broken HTTP on a raw socket): no 5xx, the process stays up and healthy, and
// nothing is half-written (the row count of every table the API writes moves only by what the 2xx
// answers account for, and every ticket's history is whole). The routes come from the app's own
// registry. Reproducible: FUZZ_SEED picks the sequence (default 8); FUZZ_REQUESTS the count.
import { connect } from 'node:net';
import { ROLES, type Role } from '@hotline/tickets';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RouteAccess } from '../../services/api/src/plugins/auth.js';
import { Client, COMPLETE_FIELDS } from '../integration/tickets-fixtures.js';
import { buildInProcessApi } from '../support/api-app.js';
import { createTestDatabase } from '../support/database.js';
import { errorLines } from '../support/services.js';
import { startStack, type Stack } from '../support/stack.js';
import { waitFor } from '../support/wait.js';

const REQUESTS = Number(process.env.FUZZ_REQUESTS ?? 10_000);
const SEED = Number(process.env.FUZZ_SEED ?? 8);
const CONCURRENCY = 64;
/**
 * Each request's own deadline: an answer slower than this is a failure too (a hung handler).
 * Above the API's 15 s request timeout, which is what answers a client that stops mid-body.
 */
const REQUEST_TIMEOUT_MS = 25_000;

/** mulberry32: a small seeded PRNG, so a failing sequence can be replayed with its seed. */
function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)]!;
  return { next, int, pick, chance: (p: number) => next() < p };
}
type Rng = ReturnType<typeof prng>;

// ---- hostile material ------------------------------------------------------------------------

const HOSTILE_STRINGS = [
  '', ' ', '\u0000', 'a\u0000b', '\ud800', '\udfff\ud800', '🦄'.repeat(50), '\u202eevil', 'Ω≈ç√∫', '𝕳𝖔𝖙𝖑𝖎𝖓𝖊',
  "' or 1=1 --", '"; drop table tickets; --', '${jndi:ldap://x}', '<script>alert(1)</script>', '{{7*7}}', '%s%s%n',
  '../../etc/passwd', '..\\..\\windows', '/dev/zero', 'file:///etc/passwd', '\r\nX-Injected: 1', '\t\n\r', 'null', 'true',
  '-1', '1e309', 'NaN', '0x10', '2026-02-30T25:61:61Z', '275760-09-13T00:00:00.001Z', '-271821-04-20T00:00:00Z',
  'a'.repeat(5_000), 'x'.repeat(70_000), '13800000001', '+86 138-0013-8000', '__proto__', 'constructor', 'hasOwnProperty',
];
const HOSTILE_NUMBERS = [0, -0, -1, 1.5, 2 ** 31, 2 ** 53 + 1, -(2 ** 63), 1e308, -1e-308, 5e-324, 123456789012345678901234567890];

function hostileValue(r: Rng, depth = 0): unknown {
  switch (r.int(depth > 2 ? 5 : 9)) {
    case 0:
      return r.pick(HOSTILE_STRINGS);
    case 1:
      return r.pick(HOSTILE_NUMBERS);
    case 2:
      return r.pick([null, true, false]);
    case 3:
      return String.fromCodePoint(...Array.from({ length: 1 + r.int(40) }, () => r.int(0x10ffff + 1)).filter((c) => c < 0xd800 || c > 0xdfff));
    case 4:
      return r.pick(['', '1', 'x', 'agent', 'admin', 'closed', 'dispatch', 'phone']);
    case 5:
      return Array.from({ length: r.int(5) }, () => hostileValue(r, depth + 1));
    case 6:
      return Object.fromEntries(Array.from({ length: r.int(5) }, () => [r.pick(['a', 'type', 'id', 'role', '__proto__', 'constructor', 'prototype', '']), hostileValue(r, depth + 1)]));
    case 7:
      return Array.from({ length: 2_000 + r.int(20_000) }, () => r.int(10));
    default:
      return nested(r.pick(['[', '{"a":']), 50 + r.int(700));
  }
}

/** A deeply nested value (a JSON parser's or validator's recursion). */
function nested(open: string, depth: number): unknown {
  let v: unknown = 1;
  for (let i = 0; i < depth; i++) v = open === '[' ? [v] : { a: v };
  return v;
}

/** A valid body mutated: fields replaced, dropped, added, the whole thing swapped. */
function mutate(r: Rng, base: unknown): unknown {
  if (r.chance(0.1)) return hostileValue(r);
  if (base === null || typeof base !== 'object' || Array.isArray(base)) return r.chance(0.5) ? base : hostileValue(r);
  const out: Record<string, unknown> = { ...(base as Record<string, unknown>) };
  for (let i = 0, n = 1 + r.int(3); i < n; i++) {
    const keys = Object.keys(out);
    const op = r.int(4);
    if (op === 0 && keys.length) out[r.pick(keys)] = hostileValue(r);
    else if (op === 1 && keys.length) delete out[r.pick(keys)];
    else if (op === 2) out[r.pick(['extra', '__proto__', 'constructor', 'isAdmin', 'role', 'version', 'id'])] = hostileValue(r);
    else if (keys.length) out[r.pick(keys)] = r.pick(HOSTILE_STRINGS);
  }
  return out;
}

/** A JSON text that is not valid JSON, or valid JSON of a kind the parser should refuse. */
function brokenJson(r: Rng): string {
  const good = JSON.stringify(COMPLETE_FIELDS);
  return r.pick([
    good.slice(0, r.int(good.length)),
    good + ',',
    `\ufeff${good}`,
    '{"a":1,}',
    "{'single': 'quotes'}",
    '{"__proto__": {"admin": true}}',
    '{"constructor": {"prototype": {"admin": true}}}',
    'NaN',
    '['.repeat(100_000),
    '{"a":'.repeat(40_000),
    // Valid JSON, nested deeper than any validator should recurse.
    `${'['.repeat(50_000)}${']'.repeat(50_000)}`,
    `${'{"a":'.repeat(20_000)}1${'}'.repeat(20_000)}`,
    '"\\ud800"',
    '\u0000',
    '{"a":"\\u0000"}',
    '1'.repeat(100_000),
    '{"a":1e99999}',
    '',
  ]);
}

const CONTENT_TYPES = [
  'text/plain', 'application/xml', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=zzz', 'application/json; charset=utf-16',
  'application/json; charset=latin1', 'application/JSON', 'application/json, text/plain', 'application/vnd.api+json', ';;;',
  'image/png', '*/*', '',
];

const TRAVERSALS = [
  '/recordings/../../etc/passwd', '/recordings/..%2f..%2fetc%2fpasswd', '/recordings/%2e%2e/%2e%2e/etc/passwd', '/recordings/%252e%252e%252fetc%252fpasswd',
  '/recordings/....//....//etc/passwd', '/recordings/..%5c..%5cwindows%5cwin.ini', '/recordings/%00', '/recordings/x%00.wav', '/recordings/%c0%ae%c0%ae/',
  '/wallboard/../../package.json', '/wallboard.js/..', '/wallboard.js%00.html', '/../.env', '/%2e%2e/.env', '/public/../.env', '/docs/../../.env',
  '/tickets/%E0%A4%A', '/tickets/%', '/tickets/%ZZ', '/tickets/%F0%9F%92%A9', '/callers/%F0%9F%92%A9/history', '/calls/%ff%fe', '//calls', '/calls//x',
  '/admin/users/..%2f..%2f/keys', '/agents/%2e%2e%2f%2e%2e%2fadmin/state', '/tickets/?id=1', '/tickets/;x', '/healthz/../admin/users',
  `/tickets/${'a'.repeat(10_000)}`, `/${'%2F'.repeat(2_000)}`, '/calls?limit=1&limit=2&limit=3', '/calls?__proto__[admin]=1',
  '/calls?constructor[prototype][x]=1', '/calls?from[]=1', '/kpis?from=1&to=0', '/calls?from=%00', '/calls?limit=%F0%9F%92%A9',
];

const QUERY_VALUES = ['', '-1', '0', '1e309', 'NaN', 'Infinity', '999999999999999999999', '1.5', 'abc', '%00', '%FF', 'true', 'null', '[]', '{}',
  '2026-01-01T00:00:00Z', '2026-13-45T99:99:99Z', '275760-09-13T00:00:00.001Z', '0001-01-01T00:00:00Z', '2026-01-01', 'soon', 'overdue', 'x'.repeat(9_000)];
const QUERY_KEYS = ['limit', 'from', 'to', 'cursor', 'state', 'category', 'channel', 'department', 'q', 'due', 'granularity', 'queue', 'agent', 'access_token', '__proto__', 'x'];

// ---- the requests -----------------------------------------------------------------------------

interface FuzzRequest {
  kind: string;
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string | Buffer;
  /** Sent byte for byte on a socket of its own (what fetch refuses to send). */
  raw?: string | Buffer;
}

/** encodeURIComponent, but a lone surrogate (which it refuses) goes out as the bytes of one, which is not UTF-8. */
const encodeHostile = (s: string) => [...s].map((ch) => (/[\ud800-\udfff]/.test(ch) ? '%ED%A0%80' : encodeURIComponent(ch))).join('');

const tally = (xs: readonly (string | number)[]) => xs.reduce<Record<string, number>>((t, x) => ({ ...t, [x]: (t[x] ?? 0) + 1 }), {});

interface Answer {
  req: FuzzRequest;
  /** The HTTP status; 0: no HTTP answer (connection closed, or fetch would not send it); -1: none within the deadline. */
  status: number;
  body: string;
  /** When it was sent, ms after the first request. */
  at?: number;
}

describe('10,000 hostile API requests', () => {
  let stack: Stack;
  let routes: RouteAccess[];
  const tokens = {} as Record<Role, string>;
  let expired: string;
  let revoked: string;
  let ticketId: string;
  const answers: Answer[] = [];
  let countsBefore: Map<string, number>;
  let sumOfVersionsBefore: number;

  const countRows = async () => {
    const db = stack.database.db;
    const tables = await sql<{ name: string }>`
      select table_name as name from information_schema.tables
      where table_schema = 'public' and table_type = 'BASE TABLE' and table_name not like 'kysely_%'`.execute(db);
    const out = new Map<string, number>();
    for (const { name } of tables.rows) out.set(name, Number((await sql<{ n: string }>`select count(*) as n from ${sql.table(name)}`.execute(db)).rows[0]!.n));
    return out;
  };
  const sumOfVersions = async () =>
    Number((await sql<{ n: string | null }>`select coalesce(sum(version), 0) as n from tickets`.execute(stack.database.db)).rows[0]!.n);

  beforeAll(async () => {
    // The routes, from the app itself: every route, including ones added after this test was written.
    const scratch = await createTestDatabase();
    const api = await buildInProcessApi(scratch);
    routes = [...api.app.routeAccess];
    await api.close();
    await scratch.drop();

    // The whole stack, so /healthz can be "ok" (it checks ARI, the controller's probes and the aggregator).
    stack = await startStack({ env: { MISSED_CALL_SYNC_SEC: '0', RECORDING_SYNC_SEC: '0' } });
    const admin = new Client(stack, stack.env.ADMIN_TOKEN);
    const ok = (r: { status: number; body: unknown }, what: string) => {
      if (r.status >= 300) throw new Error(`${what}: ${r.status} ${JSON.stringify(r.body)}`);
      return r.body as Record<string, any>;
    };
    ok(await admin.put('/admin/departments/roads', { name: '市政管理局' }), 'department');
    for (const role of ROLES) {
      ok(await admin.put(`/admin/users/fuzz-${role}`, { name: role, role, ...(role === 'department' ? { department: 'roads' } : {}) }), `user ${role}`);
      tokens[role] = ok(await admin.post(`/admin/users/fuzz-${role}/keys`, {}), `key ${role}`).token;
    }
    const old = ok(await admin.post('/admin/users/fuzz-admin/keys', { label: 'expired' }), 'expired key');
    await stack.database.db.updateTable('api_keys').set({ expires_at: new Date(Date.now() - 1000) }).where('id', '=', old.keyId).execute();
    expired = old.token;
    const gone = ok(await admin.post('/admin/users/fuzz-admin/keys', { label: 'revoked' }), 'revoked key');
    ok(await admin.request('DELETE', `/admin/keys/${gone.keyId}`), 'revoke');
    revoked = gone.token;
    ticketId = ok(await new Client(stack, tokens.agent).post('/tickets', COMPLETE_FIELDS), 'ticket').id;
    await stack.database.db.insertInto('calls').values({ call_id: '1712345678.42', caller: '13800000001', arrived_at: new Date() }).execute();
    // Fuzz a healthy stack: the controller's first platform probe comes a few seconds after it starts.
    await waitFor(async () => ((await stack.api('/healthz')).status === 200 ? true : undefined), '/healthz ok before the fuzz', 60_000, 1000);
    countsBefore = await countRows();
    sumOfVersionsBefore = await sumOfVersions();
  }, 300_000);
  afterAll(async () => stack?.stop());

  /** The sequence of requests for this seed. */
  function generate(r: Rng): FuzzRequest[] {
    const concrete = routes.flatMap((route) => route.method.split(',').map((method) => ({ method, url: route.url, access: route.access })));
    const withBody = concrete.filter((c) => ['POST', 'PUT', 'PATCH', 'DELETE'].includes(c.method));
    const reads = concrete.filter((c) => c.method === 'GET');
    const allowed = (c: { access: RouteAccess['access'] }) => tokens[c.access === 'public' ? 'admin' : r.pick(c.access)];
    const param = (name: string) =>
      r.chance(0.5)
        ? encodeHostile(r.pick(HOSTILE_STRINGS).slice(0, 300)) || 'x'
        : r.pick(
            name === 'id' ? [ticketId, '1712345678.42', 'a1', 'fuzz-agent', '00000000-0000-0000-0000-000000000000', 'roads', 'x'] : name === 'month' ? ['2026-10', '2026-13', '0000-00'] : ['zhengzhou-12328', 'roads', 'general', 'fuzz-agent', 'x'],
          );
    const fill = (url: string) => url.replace(/:([A-Za-z]+)/g, (_m, name: string) => param(name));
    const baseBody = (url: string): unknown =>
      ({
        '/tickets': COMPLETE_FIELDS,
        '/tickets/:id/actions': { type: r.pick(['follow_up', 'dispatch', 'accept', 'reply', 'close', 'suspend']), note: '催办', department: 'roads', version: 1 },
        '/admin/departments/:id': { name: '部门' },
        '/admin/users/:id': { name: 'u', role: r.pick(ROLES) },
        '/admin/users/:id/keys': { label: 'k' },
        '/admin/skills/:name': { description: 'd' },
        '/admin/queues/:id': { name: 'q', skill: 'general', maxWaitSec: 60, overflow: { action: 'hangup' }, capacity: 5, wrapUpSec: 5, policy: 'longest_idle' },
        '/admin/agents/:id': { name: 'a', seat: 'agent0001', skills: { general: 5 } },
        '/agents/:id/state': { action: r.pick(['sign_in', 'ready', 'not_ready', 'break']) },
        '/calls/:id/transfer': { queueId: 'a' },
        '/calls/:id/monitor': { mode: 'listen', supervisorSeat: 'agent0001' },
        '/callbacks/:id/result': { reached: true, satisfaction: 'satisfied' },
        '/scorecards/:preset/:month/adjustments': { itemId: 'x', points: 1, reason: 'r', author: 'a' },
        '/recordings/:id/review': { score: 80 },
        '/recordings/:id/hold': { reason: 'complaint' },
      })[url] ?? {};
    const badAuth = (): Record<string, string> =>
      r.pick<() => Record<string, string>>([
        () => ({}),
        () => ({ authorization: `Bearer hl_${r.int(1e9)}` }),
        () => ({ authorization: `Bearer ${expired}` }),
        () => ({ authorization: `Bearer ${revoked}` }),
        () => ({ authorization: 'Basic YWRtaW46YWRtaW4=' }),
        () => ({ authorization: `Bearer ${'A'.repeat(3_000)}` }),
        () => ({ authorization: 'Bearer' }),
        () => ({ authorization: `bearer  ${tokens.admin} extra` }),
        () => ({ authorization: `Bearer ${tokens[r.pick(ROLES)]}` }),
        () => ({ authorization: `Bearer ${r.pick(HOSTILE_STRINGS).replace(/[^\x21-\x7e]/g, '') || 'x'}` }),
      ])();
    const json = { 'content-type': 'application/json' };

    const makers: [number, () => FuzzRequest][] = [
      // Fuzzed JSON bodies, with a key of a role the route admits, so they reach validation and handlers.
      [30, () => {
        const c = r.pick(withBody);
        return { kind: 'fuzzed body', method: c.method, path: fill(c.url), headers: { ...json, authorization: `Bearer ${allowed(c)}` }, body: JSON.stringify(mutate(r, baseBody(c.url))) ?? 'null' };
      }],
      // The same without a good key: refused before the body is read.
      [8, () => {
        const c = r.pick(withBody);
        return { kind: 'body, bad key', method: c.method, path: fill(c.url), headers: { ...json, ...badAuth() }, body: JSON.stringify(mutate(r, baseBody(c.url))) ?? 'null' };
      }],
      // Text that is not JSON, or JSON the parser must refuse, and content types the API does not take.
      [10, () => {
        const c = r.pick(withBody);
        const type = r.chance(0.5) ? json : { 'content-type': r.pick(CONTENT_TYPES) };
        return { kind: 'broken body', method: c.method, path: fill(c.url), headers: { ...type, authorization: `Bearer ${allowed(c)}` }, body: brokenJson(r) };
      }],
      // Bodies over the 256 KiB limit.
      [3, () => {
        const c = r.pick(withBody);
        const size = 256 * 1024 + 1 + (r.chance(0.1) ? 4 * 1024 * 1024 : r.int(64 * 1024));
        return { kind: 'oversized', method: c.method, path: fill(c.url), headers: { ...json, authorization: `Bearer ${allowed(c)}` }, body: `{"event":"${'x'.repeat(size)}"}` };
      }],
      // Reads with hostile path parameters and query strings.
      [15, () => {
        const c = r.pick(reads.filter((x) => x.url !== '/realtime'));
        const query = Array.from({ length: r.int(4) }, () => `${r.pick(QUERY_KEYS)}=${encodeURIComponent(r.pick(QUERY_VALUES))}`).join('&');
        return { kind: 'bad query', method: 'GET', path: fill(c.url) + (query ? `?${query}` : ''), headers: { authorization: `Bearer ${allowed(c)}` } };
      }],
      // Traversal, bad encodings, unicode, odd slashes.
      [10, () => ({ kind: 'path', method: r.pick(['GET', 'POST', 'DELETE']), path: r.pick(TRAVERSALS), headers: r.chance(0.5) ? { authorization: `Bearer ${tokens.admin}` } : badAuth() })],
      // Every route with no key, a bad one, an expired, revoked or wrong-role one.
      [12, () => {
        const c = r.pick(concrete.filter((x) => x.url !== '/realtime' || x.method !== 'GET'));
        return { kind: 'auth', method: c.method, path: fill(c.url), headers: badAuth() };
      }],
      // Odd but legal-to-send headers: many of them, long ones, conflicting ones.
      [5, () => {
        const c = r.pick(concrete.filter((x) => x.method === 'GET' && x.url !== '/realtime'));
        const headers: Record<string, string> = { authorization: `Bearer ${allowed(c)}` };
        for (let i = 0, n = r.int(60); i < n; i++) headers[`x-fuzz-${i}`] = 'v'.repeat(r.int(200));
        if (r.chance(0.5)) headers['x-long'] = 'y'.repeat(8_000);
        if (r.chance(0.3)) headers['x-forwarded-for'] = r.pick(['1.1.1.1, 2.2.2.2', 'garbage', '::ffff:127.0.0.1', '']);
        if (r.chance(0.3)) headers.accept = r.pick(['text/event-stream', 'application/xml', '*/*;q=abc', '']);
        if (r.chance(0.3)) headers.range = r.pick(['bytes=0-', 'bytes=-1', 'bytes=999999999-', 'bytes=5-1', 'lines=1-2', 'bytes=0-1,2-3,4-5']);
        return { kind: 'headers', method: 'GET', path: fill(c.url), headers };
      }],
      // The SSE stream with good and bad keys (the answer's headers are enough).
      [1, () => ({ kind: 'sse', method: 'GET', path: `/realtime?access_token=${r.pick([tokens.agent, tokens.department, expired, 'nope', ''])}`, headers: {} })],
      // Broken HTTP: huge headers, bad request lines, lying lengths, bad chunks, odd methods.
      [6, () => {
        const path = fill(r.pick(concrete).url);
        const raw = r.pick<() => string>([
          () => `GET ${path} HTTP/1.1\r\nHost: x\r\nX-Huge: ${'h'.repeat(20_000 + r.int(50_000))}\r\nConnection: close\r\n\r\n`,
          () => `GET ${path} HTTP/1.1\r\nHost: x\r\n${Array.from({ length: 3_000 }, (_, i) => `X-${i}: v`).join('\r\n')}\r\nConnection: close\r\n\r\n`,
          () => `POST ${path} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nAuthorization: Bearer ${tokens.admin}\r\nContent-Length: 100\r\nConnection: close\r\n\r\n{"a":1}`,
          () => `POST ${path} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nAuthorization: Bearer ${tokens.admin}\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\nzz\r\n{}\r\n0\r\n\r\n`,
          () => `POST ${path} HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n0\r\n\r\n`,
          () => `POST ${path} HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\nConnection: close\r\n\r\n`,
          () => `POST ${path} HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999999999999999\r\nConnection: close\r\n\r\n`,
          () => `GET ${path} HTTP/9.9\r\nHost: x\r\nConnection: close\r\n\r\n`,
          () => `GET\r\n\r\n`,
          () => `G\u0000T / HTTP/1.1\r\nHost: x\r\n\r\n`,
          () => `${r.pick(['PROPFIND', 'TRACE', 'CONNECT', 'BREW', 'get', 'M-SEARCH'])} ${path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`,
          () => `GET ${path} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${tokens.admin}\r\nX-Bad: a\u0000b\r\nConnection: close\r\n\r\n`,
          () => `GET ${path}\u00ff HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`,
          () => `GET ${path} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${tokens.admin}\r\nAuthorization: Bearer ${tokens.qa}\r\nConnection: close\r\n\r\n`,
          () => `GET ${path} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${tokens.admin}\n\nConnection: close\r\n\r\n`,
        ])();
        return { kind: 'raw http', method: 'RAW', path, headers: {}, raw };
      }],
    ];
    const total = makers.reduce((s, [w]) => s + w, 0);
    return Array.from({ length: REQUESTS }, () => {
      let x = r.int(total);
      for (const [w, make] of makers) {
        if (x < w) return make();
        x -= w;
      }
      throw new Error('unreachable');
    });
  }

  async function send(req: FuzzRequest): Promise<Answer> {
    if (req.raw !== undefined) return sendRaw(req);
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), REQUEST_TIMEOUT_MS);
    try {
      const res = await fetch(stack.apiUrl + req.path, { method: req.method, headers: req.headers, body: req.body, signal: controller.signal });
      // The event stream never ends: its status and headers are the answer.
      const body = res.headers.get('content-type')?.startsWith('text/event-stream') ? (await res.body?.cancel(), '') : await res.text();
      return { req, status: res.status, body: body.slice(0, 500) };
    } catch (err) {
      // fetch refuses some requests before sending them (a header value it will not encode): not the server's doing.
      const cause = (err as Error & { cause?: Error }).cause;
      if (controller.signal.aborted) return { req, status: -1, body: `no answer in ${REQUEST_TIMEOUT_MS} ms` };
      if (err instanceof TypeError && !/fetch failed/.test(err.message)) return { req, status: 0, body: `not sent: ${err.message}` };
      return { req, status: 0, body: `connection closed: ${cause?.message ?? (err as Error).message}` };
    } finally {
      clearTimeout(timer);
    }
  }

  function sendRaw(req: FuzzRequest): Promise<Answer> {
    const url = new URL(stack.apiUrl);
    return new Promise((resolve) => {
      const socket = connect(Number(url.port), url.hostname);
      let received = '';
      const done = (status: number, note = '') => {
        clearTimeout(timer);
        socket.destroy();
        resolve({ req, status, body: note || received.slice(0, 500) });
      };
      const statusOf = () => Number(/^HTTP\/1\.[01] (\d{3})/.exec(received)?.[1] ?? 0);
      // The server answering or closing the connection are both refusals; silence would be a hang.
      const timer = setTimeout(() => done(statusOf() || -1, statusOf() ? '' : 'no answer on the raw socket'), REQUEST_TIMEOUT_MS);
      socket.on('data', (chunk) => {
        received += chunk.toString('latin1');
        if (statusOf() && received.includes('\r\n\r\n')) done(statusOf());
      });
      socket.on('error', () => done(statusOf() || 0, 'connection reset'));
      socket.on('close', () => done(statusOf() || 0, 'closed without an answer'));
      socket.write(req.raw!);
    });
  }

  it('answers every one below 500, within its deadline, and stays up and healthy', async () => {
    const requests = generate(prng(SEED));
    let next = 0;
    const started = Date.now();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < requests.length) {
          const at = Date.now() - started;
          answers.push({ ...(await send(requests[next++]!)), at });
        }
      }),
    );
    const seconds = (Date.now() - started) / 1000;
    console.log(`api fuzz (seed ${SEED}): ${answers.length} requests in ${seconds.toFixed(1)} s; statuses ${JSON.stringify(tally(answers.map((a) => a.status)))}`);

    const describe = (a: Answer) =>
      `${a.at} ms: ${a.req.kind} ${a.req.method} ${a.req.path.slice(0, 120)}${a.req.raw ? ` [${String(a.req.raw).split('\r\n').filter((l) => !/^X-Huge|^X-\d/.test(l)).join(' | ').slice(0, 200)}]` : ''} -> ${a.status} ${a.body.slice(0, 200)}`;
    // A 503 from /healthz (a dependency reported down while the fuzz loads the shared machine) counts
    // too; its body names the dependency and `at` says when.
    const problems = answers.filter(
      (a) =>
        a.status >= 500 ||
        // No answer within the deadline: a hung handler or connection.
        a.status === -1 ||
        // No HTTP answer is a refusal only where HTTP allows it: the server dropping broken HTTP (a CONNECT
        // it does not serve), closing on an oversized body while it is still being sent (after its 413),
        // or fetch declining to send a header value.
        (a.status === 0 && a.req.raw === undefined && a.req.kind !== 'oversized' && !a.body.startsWith('not sent')),
    );
    expect(problems.map(describe)).toEqual([]);
    expect(answers).toHaveLength(REQUESTS);

    const api = stack.services.get('api')!;
    expect(api.child.exitCode).toBeNull();
    // Healthy once the load is gone (the controller probes every 15 s).
    const health = await waitFor(async () => {
      const h = await stack.api<{ status: string; checks: Record<string, string> }>('/healthz');
      return h.status === 200 ? h : undefined;
    }, '/healthz ok after the fuzz', 60_000);
    expect(health.body).toMatchObject({ status: 'ok', checks: { postgres: 'ok', redis: 'ok', ari: 'ok' } });
    expect(errorLines(api).map((l) => l.msg)).toEqual([]);
  }, 300_000);

  it('wrote nothing but what its 2xx answers account for, and left no ticket half-written', async () => {
    expect(answers).toHaveLength(REQUESTS);
    const ok = answers.filter((a) => a.status >= 200 && a.status < 300 && !['GET', 'HEAD', 'RAW'].includes(a.req.method));
    const routeOf = (a: Answer) => {
      const path = new URL(a.req.path, 'http://x').pathname;
      return routes.find((r) => r.method.split(',').includes(a.req.method) && new RegExp(`^${r.url.replace(/:[A-Za-z]+/g, '[^/]+')}/?$`).test(path))?.url ?? '?';
    };
    const successes = (method: string, url: string) => ok.filter((a) => a.req.method === method && routeOf(a) === url).length;
    console.log(`writes that succeeded: ${JSON.stringify(tally(ok.map((a) => `${a.req.method} ${routeOf(a)}`)))}`);

    const after = await countRows();
    const delta = (table: string) => (after.get(table) ?? 0) - (countsBefore.get(table) ?? 0);
    // Every table the API writes has its rule; the controller and the aggregator write the others as they run.
    const ticketWrites = ok.filter((a) => /^\/(tickets|callbacks)/.test(routeOf(a))).length;
    /** How far each table may have moved: exactly (inserts) or at most (upserts) the successes of its routes. */
    const expected: Record<string, { exactly: number } | { atMost: number }> = {
      tickets: { exactly: successes('POST', '/tickets') },
      ticket_history: { exactly: (await sumOfVersions()) - sumOfVersionsBefore },
      ticket_event_outbox: ticketWrites === 0 ? { exactly: 0 } : { atMost: 10 * ticketWrites },
      callback_tasks: { atMost: ticketWrites },
      // No call was abandoned: a missed-call sync finds nothing to write.
      missed_calls: { exactly: 0 },
      recordings: { exactly: 0 },
      api_keys: { exactly: successes('POST', '/admin/users/:id/keys') },
      api_users: { atMost: successes('PUT', '/admin/users/:id') },
      departments: { atMost: successes('PUT', '/admin/departments/:id') },
      skills: { atMost: successes('PUT', '/admin/skills/:name') },
      queues: { atMost: successes('PUT', '/admin/queues/:id') },
      agents: { atMost: successes('PUT', '/admin/agents/:id') },
      scorecard_adjustments: { exactly: successes('POST', '/scorecards/:preset/:month/adjustments') },
      recording_reviews: { exactly: successes('POST', '/recordings/:id/review') },
      // Every answer of an audited recording route is audited, refusals included (no recording exists here).
      recording_access_audit: { atMost: answers.filter((a) => a.req.path.startsWith('/recordings/')).length },
    };
    for (const [table, rule] of Object.entries(expected)) {
      expect(after.has(table), `table ${table}`).toBe(true);
      if ('exactly' in rule) {
        expect({ table, delta: delta(table) }).toEqual({ table, delta: rule.exactly });
      } else {
        expect(delta(table), table).toBeGreaterThanOrEqual(0);
        expect(delta(table), table).toBeLessThanOrEqual(rule.atMost);
      }
    }
    // Ticket history is whole: every ticket has exactly the rows 1..version, and the audit rows are all refusals.
    const broken = await sql<{ id: string }>`
      select t.id from tickets t left join ticket_history h on h.ticket_id = t.id
      group by t.id, t.version having count(h.id) <> t.version or coalesce(max(h.version), 0) <> t.version`.execute(stack.database.db);
    expect(broken.rows).toEqual([]);
    const audited = await stack.database.db.selectFrom('recording_access_audit').select(['http_status']).execute();
    expect(audited.filter((a) => a.http_status < 400 || a.http_status >= 500)).toEqual([]);
  });
});
