import rateLimit from '@fastify/rate-limit';
import type { Actor, Role } from '@hotline/tickets';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Executor } from '../repositories/executor.js';
import { ensureBootstrapAdmin, findKeyOwner } from '../repositories/users-repository.js';
import { HttpError } from './errors.js';
import { KeyOwnerCache } from './key-owner-cache.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Who may call the route. Every route names its roles, or says why it is `public`. */
    roles?: readonly Role[];
    /** Why anyone may call the route (liveness, the wallboard's static files); keep this list tiny. */
    public?: string;
    /**
     * The token may also come as `?access_token=` (RFC 6750 2.3): for the Server-Sent Events
     * stream, which a browser's EventSource opens without headers. Logs redact it.
     */
    tokenInQuery?: boolean;
  }
  interface FastifyRequest {
    /** The authenticated caller; null when no valid credentials came (public routes). */
    actor: Actor | null;
    /** Why the credentials that came were refused; null when none came or they were valid. */
    authFailure: string | null;
  }
  interface FastifyInstance {
    /** Every route and who may call it, as registered (the route-enumeration test reads it). */
    routeAccess: RouteAccess[];
    /** Lifetime of the API keys issued from now on (API_KEY_TTL_DAYS). */
    apiKeyTtlDays: number;
    /** Call after revoking a key or changing a user: their cached key owners are looked up again. */
    forgetKeyOwners(): void;
  }
}

export interface RouteAccess {
  readonly method: string;
  readonly url: string;
  /** The roles allowed, or 'public'. */
  readonly access: readonly Role[] | 'public';
}

export interface AuthSettings {
  /** ADMIN_TOKEN: made a working admin key when the app is ready. */
  readonly adminToken?: string | undefined;
  /** API_KEY_TTL_DAYS: issued keys (and ADMIN_TOKEN's, from each start) expire after this. */
  readonly keyTtlDays: number;
  /** API_KEY_CACHE_MS: how long a key's owner is reused; 0 or unset: a query per request. */
  readonly keyCacheMs?: number | undefined;
  /** RATE_LIMIT_MAX requests per RATE_LIMIT_WINDOW_MS, per API user or (without a valid key) per client address. */
  readonly rateLimit: { readonly max: number; readonly windowMs: number };
}

/**
 * Bearer-token authentication, per-route roles and rate limiting, on the whole app (not an
 * encapsulated plugin: its hooks must see every route; install it before registering routes).
 * In request order:
 * 1. onRequest: `Authorization: Bearer <token>` -> the key's user (`req.actor`), or why not
 *    (`req.authFailure`: unknown, revoked, expired, malformed); the key's owner is reused for
 *    `keyCacheMs` (KeyOwnerCache), its expiry checked every time;
 * 2. onRequest (per route, @fastify/rate-limit): 429 beyond the budget of that user, or of the
 *    client address when no valid key came, so guessing tokens is throttled too;
 * 3. preParsing, before any body is read: the route's `config.roles` -> 401 (no or bad
 *    credentials, with the reason) or 403 (naming the role and the roles allowed).
 * A route that declares neither `roles` nor `public` makes the app fail to start.
 */
export async function installAuth(app: FastifyInstance, db: Executor, settings: AuthSettings): Promise<void> {
  app.decorateRequest('actor', null);
  app.decorateRequest('authFailure', null);
  app.decorate('routeAccess', []);
  app.decorate('apiKeyTtlDays', settings.keyTtlDays);
  const keyOwners = new KeyOwnerCache(settings.keyCacheMs ?? 0, (token) => findKeyOwner(db, token));
  app.decorate('forgetKeyOwners', () => keyOwners.forget());
  const { adminToken } = settings;
  if (adminToken !== undefined) app.addHook('onReady', async () => ensureBootstrapAdmin(db, adminToken, settings.keyTtlDays));

  app.addHook('onRoute', (route) => {
    const { roles, public: publicReason } = route.config ?? {};
    const methods = [route.method].flat().join(',');
    if ((roles === undefined) === (publicReason === undefined)) {
      throw new Error(`route ${methods} ${route.url} must declare exactly one of config.roles or config.public`);
    }
    app.routeAccess.push({ method: methods, url: route.url, access: roles ?? 'public' });
    if (roles === undefined || route.schema === undefined) return;
    const note = `Roles: ${roles.join(', ')}.`;
    route.schema.description = route.schema.description ? `${route.schema.description} ${note}` : note;
  });

  app.addHook('onRequest', async (req) => {
    const credentials = credentialsOf(req);
    if (credentials === undefined) return;
    if ('malformed' in credentials) {
      req.authFailure = credentials.malformed;
      return;
    }
    const owner = await keyOwners.find(credentials.token);
    if (owner === undefined) req.authFailure = 'unknown or revoked token';
    else if (owner.expiresAt.getTime() <= Date.now()) req.authFailure = 'token expired';
    else req.actor = { id: owner.id, role: owner.role, department: owner.department ?? undefined };
  });

  await app.register(rateLimit, {
    max: settings.rateLimit.max,
    timeWindow: settings.rateLimit.windowMs,
    keyGenerator: (req) => (req.actor ? `user:${req.actor.id}` : `ip:${req.ip}`),
    errorResponseBuilder: (req, context) =>
      new HttpError(
        429,
        `rate limit exceeded: at most ${context.max} requests per ${settings.rateLimit.windowMs} ms for ${req.actor ? `user ${req.actor.id}` : `address ${req.ip}`}; retry in ${context.after}`,
        { retryAfterMs: context.ttl },
      ),
  });

  app.addHook('preParsing', async (req, reply) => {
    const roles = req.routeOptions.config.roles;
    if (roles === undefined) return;
    if (req.actor === null) {
      void reply.header('www-authenticate', req.authFailure ? 'Bearer error="invalid_token"' : 'Bearer');
      throw new HttpError(401, req.authFailure ?? 'missing credentials: send "Authorization: Bearer <token>"');
    }
    if (!roles.includes(req.actor.role)) {
      throw new HttpError(403, `role ${req.actor.role} may not ${req.method} ${req.routeOptions.url} (roles allowed: ${roles.join(', ')})`);
    }
  });
}

/** The caller of a route that declares roles. */
export function actorOf(req: FastifyRequest): Actor {
  if (req.actor === null) throw new HttpError(401, 'this route needs credentials');
  return req.actor;
}

/** The token that came with the request, what was wrong with it, or undefined when none came. */
function credentialsOf(req: FastifyRequest): { token: string } | { malformed: string } | undefined {
  const header = req.headers.authorization;
  if (header !== undefined) {
    const match = /^Bearer[ \t]+([\x21-\x7e]{1,512})[ \t]*$/i.exec(header);
    return match ? { token: match[1]! } : { malformed: 'malformed Authorization header: expected "Bearer <token>"' };
  }
  if (!req.routeOptions.config.tokenInQuery) return undefined;
  const token = (req.query as Record<string, unknown> | undefined)?.access_token;
  if (token === undefined) return undefined;
  return typeof token === 'string' && /^[\x21-\x7e]{1,512}$/.test(token) ? { token } : { malformed: 'malformed access_token' };
}
