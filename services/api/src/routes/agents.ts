import type { AgentEvent as AgentStateEvent, QueueConfig } from '@hotline/acd';
import type { HotlineEvent } from '@hotline/events';
import { applyAgentEvent, type RedisAgentStore } from '@hotline/state';
import { HOTLINE_ROLES } from '@hotline/tickets';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { sql } from 'kysely';
import { DateTime } from 'luxon';
import { z } from 'zod';
import { HttpError } from '../plugins/errors.js';

export interface AgentRoutesOptions {
  agents: RedisAgentStore;
  publish: (e: HotlineEvent) => Promise<void>;
  queueConfig: QueueConfig;
  siteTz: string;
}

/** What an agent (or a supervisor for them) can ask for; the state machine decides if it is allowed. */
const ACTIONS = ['sign_in', 'sign_out', 'ready', 'not_ready', 'break', 'end_break', 'end_wrap_up'] as const;

function toStateEvent(action: (typeof ACTIONS)[number], reason?: string): AgentStateEvent {
  switch (action) {
    case 'sign_in':
      return { type: 'sign_in' };
    case 'sign_out':
      return { type: 'sign_out' };
    case 'ready':
      return { type: 'set_ready' };
    case 'not_ready':
      return { type: 'set_not_ready', reason: reason ?? 'unspecified' };
    case 'break':
      return { type: 'start_break' };
    case 'end_break':
      return { type: 'end_break' };
    case 'end_wrap_up':
      return { type: 'wrap_up_done' };
  }
}

const AgentState = z.object({ status: z.string(), since: z.number() }).catchall(z.unknown());
const Agent = z.object({
  id: z.string(),
  name: z.string(),
  seat: z.string(),
  skills: z.record(z.string(), z.number()),
  state: AgentState,
});
const Params = z.object({ id: z.string().min(1).max(64) });
/** Agents, and supervisors and admins for them (the screen-pop shows the caller's number). */
const AGENT_DESK = { roles: HOTLINE_ROLES } as const;

export const agentRoutes: FastifyPluginAsyncZod<AgentRoutesOptions> = async (app, opts) => {
  const byId = new Map(opts.queueConfig.agents.map((a) => [a.id, a]));
  const known = (id: string) => {
    const agent = byId.get(id);
    if (!agent) throw new HttpError(404, `no agent ${id}`);
    return agent;
  };

  app.get('/', { config: AGENT_DESK, schema: { description: 'Every agent with its live state.', response: { 200: z.object({ agents: z.array(Agent) }) } } }, async () => {
    const defs = opts.queueConfig.agents;
    const records = await opts.agents.getMany(defs.map((a) => a.id));
    return { agents: defs.map((a, i) => ({ id: a.id, name: a.name, seat: a.seat, skills: a.skills, state: records[i]!.state })) };
  });

  app.get('/:id', { config: AGENT_DESK, schema: { params: Params, response: { 200: Agent } } }, async (req) => {
    const a = known(req.params.id);
    return { id: a.id, name: a.name, seat: a.seat, skills: a.skills, state: (await opts.agents.get(a.id)).state };
  });

  app.post(
    '/:id/state',
    {
      config: AGENT_DESK,
      schema: {
        description: 'Sign in/out, ready, not ready (with a reason), break, end wrap-up early. 409 lists the allowed actions.',
        params: Params,
        body: z.object({ action: z.enum(ACTIONS), reason: z.string().min(1).max(64).optional() }),
        response: { 200: z.object({ from: z.string(), state: AgentState }) },
      },
    },
    async (req) => {
      const agent = known(req.params.id);
      const result = await applyAgentEvent(opts.agents, opts.publish, 'api', agent.id, toStateEvent(req.body.action, req.body.reason));
      if (!result.ok) {
        throw new HttpError(409, result.error, { allowed: result.allowed, code: result.code });
      }
      return { from: result.from.status, state: result.to };
    },
  );

  app.get(
    '/:id/current-call',
    {
      config: AGENT_DESK,
      schema: {
        description: "Screen-pop: the caller of the agent's current call and the caller's previous calls.",
        params: Params,
        response: {
          200: z.object({
            callId: z.string(),
            caller: z.string().nullable(),
            queueId: z.string().nullable(),
            previousCalls: z.array(z.object({ callId: z.string(), arrivedAt: z.date().nullable(), answeredAt: z.date().nullable(), agentId: z.string().nullable() })),
          }),
        },
      },
    },
    async (req) => {
      const agent = known(req.params.id);
      const { state } = await opts.agents.get(agent.id);
      const callId = 'callId' in state ? state.callId : undefined;
      if (!callId) throw new HttpError(404, `agent ${agent.id} has no current call (${state.status})`);
      const call = await app.db.selectFrom('calls').select(['caller', 'queue_id']).where('call_id', '=', callId).executeTakeFirst();
      const caller = call?.caller ?? null;
      const previousCalls = caller
        ? await app.db
            .selectFrom('calls')
            .select(['call_id as callId', 'arrived_at as arrivedAt', 'answered_at as answeredAt', 'agent_id as agentId'])
            .where('caller', '=', caller)
            .where('call_id', '!=', callId)
            .orderBy('arrived_at', 'desc')
            .limit(20)
            .execute()
        : [];
      return { callId, caller, queueId: call?.queue_id ?? null, previousCalls };
    },
  );

  app.get(
    '/:id/today',
    {
      config: AGENT_DESK,
      schema: {
        description: "The agent's own figures for today (site time zone).",
        params: Params,
        response: {
          200: z.object({
            day: z.string(),
            answered: z.number(),
            offered: z.number(),
            rona: z.number(),
            meanWaitMs: z.number().nullable(),
          }),
        },
      },
    },
    async (req) => {
      const agent = known(req.params.id);
      const start = DateTime.now().setZone(opts.siteTz).startOf('day');
      const from = start.toJSDate();
      const to = start.plus({ days: 1 }).toJSDate();
      const answered = await app.db
        .selectFrom('calls')
        .select([sql<number>`count(*)`.as('n'), sql<number | null>`avg(wait_ms)`.as('meanWait')])
        .where('agent_id', '=', agent.id)
        .where('answered_at', '>=', from)
        .where('answered_at', '<', to)
        .executeTakeFirstOrThrow();
      const events = await app.db
        .selectFrom('call_events')
        .select(['type', sql<number>`count(*)`.as('n')])
        .where('type', 'in', ['call.offered', 'call.rona'])
        .where(sql`payload->>'agentId'`, '=', agent.id)
        .where('at', '>=', from)
        .where('at', '<', to)
        .groupBy('type')
        .execute();
      const count = (type: string) => events.find((e) => e.type === type)?.n ?? 0;
      return {
        day: start.toISODate()!,
        answered: answered.n,
        offered: count('call.offered'),
        rona: count('call.rona'),
        meanWaitMs: answered.meanWait === null ? null : Math.round(answered.meanWait),
      };
    },
  );
};
