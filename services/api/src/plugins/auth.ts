import type { Actor, Role } from '@hotline/tickets';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Executor } from '../repositories/executor.js';
import { ensureBootstrapAdmin, findKeyOwner } from '../repositories/users-repository.js';
import { HttpError } from './errors.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * Who may call the route. A route without `roles` is open to anyone (GET /healthz, GET /calls
     * and /docs for now); every other route names its roles.
     */
    roles?: readonly Role[];
  }
  interface FastifyRequest {
    /** The authenticated caller; null on open routes. */
    actor: Actor | null;
  }
}

/**
 * Bearer-token authentication and per-route roles, on the whole app (not a registered plugin:
 * its hooks must see every route, including those of plugins registered after it; install it
 * before registering routes).
 * `Authorization: Bearer <token>` -> the key's user (401 when missing, unknown or revoked) ->
 * the route's `config.roles` (403 naming the role and the roles allowed).
 * `adminToken` (ADMIN_TOKEN) is made a working admin key when the app is ready.
 */
export function installAuth(app: FastifyInstance, db: Executor, adminToken?: string): void {
  app.decorateRequest('actor', null);
  if (adminToken !== undefined) app.addHook('onReady', async () => ensureBootstrapAdmin(db, adminToken));

  app.addHook('onRoute', (route) => {
    const roles = route.config?.roles;
    if (roles === undefined || route.schema === undefined) return;
    const note = `Roles: ${roles.join(', ')}.`;
    route.schema.description = route.schema.description ? `${route.schema.description} ${note}` : note;
  });

  app.addHook('onRequest', async (req, reply) => {
    const roles = req.routeOptions.config.roles;
    if (roles === undefined) return;
    const token = bearerToken(req);
    if (token === undefined) {
      void reply.header('www-authenticate', 'Bearer');
      throw new HttpError(401, 'missing credentials: send "Authorization: Bearer <token>"');
    }
    const owner = await findKeyOwner(db, token);
    if (owner === undefined) {
      void reply.header('www-authenticate', 'Bearer error="invalid_token"');
      throw new HttpError(401, 'unknown or revoked token');
    }
    if (!roles.includes(owner.role)) {
      throw new HttpError(403, `role ${owner.role} may not ${req.method} ${req.routeOptions.url} (roles allowed: ${roles.join(', ')})`);
    }
    req.actor = { id: owner.id, role: owner.role, department: owner.department ?? undefined };
  });
}

/** The caller of a route that declares roles. */
export function actorOf(req: FastifyRequest): Actor {
  if (req.actor === null) throw new HttpError(401, 'this route needs credentials');
  return req.actor;
}

function bearerToken(req: FastifyRequest): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
  return match?.[1];
}
