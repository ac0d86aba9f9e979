import { agentSchema, checkQueueReferences, queueSchema, type QueueConfig } from '@hotline/acd';
import { ROLES } from '@hotline/tickets';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { HttpError } from '../plugins/errors.js';
import {
  listAgents,
  listDepartments,
  listQueues,
  listSkills,
  unknownSkills,
  upsertAgent,
  upsertDepartment,
  upsertQueue,
  upsertSkill,
} from '../repositories/organisation-repository.js';
import { isForeignKeyViolation, isUniqueViolation } from '../repositories/pg-errors.js';
import { addKey, keyExpiry, listKeys, listUsers, newToken, revokeKey, upsertUser, userExists } from '../repositories/users-repository.js';

const ADMIN = { roles: ['admin'] } as const;
/** Everyone dispatching or reading tickets needs the department list. */
const EVERYONE = { roles: ROLES } as const;

const code = z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, 'expected 1-64 of A-Z a-z 0-9 _ . -');
const userId = z.string().regex(/^[A-Za-z0-9_.@-]{1,128}$/, 'expected 1-128 of A-Z a-z 0-9 _ . @ -');
const name = z.string().trim().min(1).max(200);
const skillName = z.string().min(1).max(64).regex(/^\S+$/, 'expected a skill name without whitespace');
const Ok = z.object({ ok: z.literal(true) });

const Department = z.object({ id: z.string(), name: z.string(), active: z.boolean() });
const User = z.object({
  id: z.string(),
  name: z.string(),
  role: z.enum(ROLES),
  department: z.string().nullable(),
  active: z.boolean(),
  createdAt: z.date(),
});
const UserBody = z
  .object({ name, role: z.enum(ROLES), department: code.optional(), active: z.boolean().default(true) })
  .strict()
  .refine((u) => (u.role === 'department') === (u.department !== undefined), {
    path: ['department'],
    message: 'department: required for the department role, and only for it',
  });

/** Departments, users and their API keys, skills, queues and agents. */
export const adminRoutes: FastifyPluginAsyncZod = async (app) => {
  app.put(
    '/departments/:id',
    {
      config: ADMIN,
      schema: {
        description: 'Create or update a department (职能部门); `id` is the code tickets are dispatched to.',
        params: z.object({ id: code }),
        body: z.object({ name, active: z.boolean().default(true) }).strict(),
        response: { 200: Department },
      },
    },
    async (req) => {
      try {
        await upsertDepartment(app.db, { id: req.params.id, ...req.body });
      } catch (err) {
        if (isUniqueViolation(err)) throw new HttpError(409, `name: another department is already named ${req.body.name}`);
        throw err;
      }
      return { id: req.params.id, ...req.body };
    },
  );

  app.get(
    '/departments',
    { config: EVERYONE, schema: { description: 'Every department.', response: { 200: z.object({ departments: z.array(Department) }) } } },
    async () => ({ departments: await listDepartments(app.db) }),
  );

  app.put(
    '/users/:id',
    {
      config: ADMIN,
      schema: {
        description: 'Create or update an API user with one role; a department user names its department.',
        params: z.object({ id: userId }),
        body: UserBody,
        response: { 200: Ok },
      },
    },
    async (req) => {
      const { department, ...rest } = req.body;
      try {
        await upsertUser(app.db, { id: req.params.id, ...rest, department: department ?? null });
        app.forgetKeyOwners();
      } catch (err) {
        if (isForeignKeyViolation(err)) throw new HttpError(400, `department: no department ${department}`);
        throw err;
      }
      return { ok: true as const };
    },
  );

  app.get(
    '/users',
    { config: ADMIN, schema: { description: 'Every API user.', response: { 200: z.object({ users: z.array(User) }) } } },
    async () => ({ users: await listUsers(app.db) }),
  );

  app.post(
    '/users/:id/keys',
    {
      config: ADMIN,
      schema: {
        description:
          'Issue an API key for the user. The token is in this answer only: the server keeps its SHA-256. It expires after `ttlDays` (at most, and by default, API_KEY_TTL_DAYS).',
        params: z.object({ id: userId }),
        body: z
          .object({ label: z.string().trim().min(1).max(200).optional(), ttlDays: z.number().int().min(1).max(app.apiKeyTtlDays).optional() })
          .strict()
          .default({}),
        response: { 201: z.object({ keyId: z.uuid(), token: z.string(), expiresAt: z.date() }) },
      },
    },
    async (req, reply) => {
      if (!(await userExists(app.db, req.params.id))) throw new HttpError(404, `no user ${req.params.id}`);
      const token = newToken();
      const expiresAt = keyExpiry(req.body.ttlDays ?? app.apiKeyTtlDays);
      const keyId = await addKey(app.db, req.params.id, token, req.body.label ?? null, expiresAt);
      return reply.status(201).send({ keyId, token, expiresAt });
    },
  );

  app.get(
    '/users/:id/keys',
    {
      config: ADMIN,
      schema: {
        description: "The user's keys (never the tokens).",
        params: z.object({ id: userId }),
        response: {
          200: z.object({
            keys: z.array(
              z.object({ id: z.string(), label: z.string().nullable(), createdAt: z.date(), expiresAt: z.date(), revokedAt: z.date().nullable() }),
            ),
          }),
        },
      },
    },
    async (req) => ({ keys: await listKeys(app.db, req.params.id) }),
  );

  app.delete(
    '/keys/:id',
    {
      config: ADMIN,
      schema: { description: 'Revoke a key: its token is refused from now on.', params: z.object({ id: z.uuid() }), response: { 200: Ok } },
    },
    async (req) => {
      if (!(await revokeKey(app.db, req.params.id))) throw new HttpError(404, `no active key ${req.params.id}`);
      app.forgetKeyOwners();
      return { ok: true as const };
    },
  );

  app.put(
    '/skills/:name',
    {
      config: ADMIN,
      schema: {
        description: 'Create or update a skill that queues require and agents have (levels 1..10).',
        params: z.object({ name: skillName }),
        body: z.object({ description: z.string().trim().max(500).optional() }).strict().default({}),
        response: { 200: Ok },
      },
    },
    async (req) => {
      await upsertSkill(app.db, { name: req.params.name, description: req.body.description ?? null });
      return { ok: true as const };
    },
  );

  app.get(
    '/skills',
    {
      config: ADMIN,
      schema: {
        description: 'Every skill.',
        response: { 200: z.object({ skills: z.array(z.object({ name: z.string(), description: z.string().nullable() })) }) },
      },
    },
    async () => ({ skills: await listSkills(app.db) }),
  );

  app.put(
    '/queues/:id',
    {
      config: ADMIN,
      schema: {
        description: 'Create or update a queue (the @hotline/acd queue definition); its skill and overflow queue must exist.',
        params: z.object({ id: code }),
        body: queueSchema.omit({ id: true }),
        response: { 200: queueSchema },
      },
    },
    async (req) => {
      const queue = { ...req.body, id: req.params.id };
      await app.db.transaction().execute(async (trx) => {
        if ((await unknownSkills(trx, [queue.skill])).length > 0) throw new HttpError(400, `skill: no skill ${queue.skill}`);
        await upsertQueue(trx, queue);
        assertConsistent({ queues: await listQueues(trx), agents: (await listAgents(trx)).map((a) => a.agent) });
      });
      return queue;
    },
  );

  app.put(
    '/agents/:id',
    {
      config: ADMIN,
      schema: {
        description: 'Create or update an agent: seat (PJSIP endpoint), skills with levels 1..10 (higher is better), optional API user.',
        params: z.object({ id: code }),
        body: agentSchema.omit({ id: true }).extend({ userId: userId.optional() }),
        response: { 200: Ok },
      },
    },
    async (req) => {
      const { userId: user, ...definition } = req.body;
      const agent = { ...definition, id: req.params.id };
      const missing = await unknownSkills(app.db, Object.keys(agent.skills));
      if (missing.length > 0) throw new HttpError(400, `skills: no skill ${missing.join(', ')}`);
      try {
        await upsertAgent(app.db, agent, user ?? null);
      } catch (err) {
        if (isUniqueViolation(err)) throw new HttpError(409, `seat or userId: already used by another agent`);
        if (isForeignKeyViolation(err)) throw new HttpError(400, `userId: no user ${user}`);
        throw err;
      }
      return { ok: true as const };
    },
  );

  app.get(
    '/queue-config',
    {
      config: ADMIN,
      schema: {
        description: 'Every queue and agent as one @hotline/acd QueueConfig (the shape of config/queues.json).',
        response: { 200: z.object({ queues: z.array(queueSchema), agents: z.array(agentSchema) }) },
      },
    },
    async () => {
      const config: QueueConfig = { queues: await listQueues(app.db), agents: (await listAgents(app.db)).map((a) => a.agent) };
      return config;
    },
  );
};

/** The cross-references a single queue cannot check (overflow targets exist, no overflow cycle). */
function assertConsistent(config: QueueConfig): void {
  const issues = checkQueueReferences(config);
  if (issues.length > 0) {
    throw new HttpError(400, issues.map((i) => `${i.path}: ${i.message}`).join('; '), { issues });
  }
}
