import { readFileSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { loadConfig } from '@hotline/config';
import { bucketStart, emptyVoiceCounters, localDayOf, mergeCounters } from '@hotline/kpi';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { Redis } from 'ioredis';
import { z } from 'zod';
import { kpiReadSettingsFromEnv, type KpiReadSettings } from '../kpi/kpi-settings.js';
import { liveViewOf, type LiveView } from '../kpi/live-view.js';
import { voiceCountersBy } from '../kpi/rollup-reader.js';

const PUSH_EVERY_MS = 1000;
/** The live view holds no caller data, only counts: the hotline's staff may all watch it. */
const LIVE_VIEW_ROLES = ['agent', 'supervisor', 'admin', 'qa'] as const;
const PUBLIC = new URL('../../public/', import.meta.url);
const STATIC = {
  '/wallboard': { file: 'wallboard.html', type: 'text/html; charset=utf-8' },
  '/wallboard.js': { file: 'wallboard.js', type: 'text/javascript; charset=utf-8' },
  '/wallboard.css': { file: 'wallboard.css', type: 'text/css; charset=utf-8' },
} as const;

/**
 * The live view: GET /realtime streams it as Server-Sent Events (one `snapshot` event per
 * second, computed once for every client), GET /realtime/snapshot returns it once, and
 * /wallboard serves the big-screen page that draws it. Callers waiting and agent states
 * come from the aggregator's Redis snapshot (`${REDIS_PREFIX}:live:*`), today's rates
 * from today's 15-minute rollups.
 */
export const realtimeRoutes: FastifyPluginAsyncZod<{ settings?: KpiReadSettings }> = async (app, opts) => {
  const settings = opts.settings ?? kpiReadSettingsFromEnv();
  const { redis: redisConfig } = loadConfig(['redis']);
  const redis = new Redis(redisConfig.REDIS_URL, { maxRetriesPerRequest: 1 });
  redis.on('error', (err) => app.log.warn({ err: err.message }, 'realtime: redis connection error'));
  const prefix = redisConfig.REDIS_PREFIX;

  async function currentView(): Promise<LiveView> {
    const now = Date.now();
    const dayStart = bucketStart(now, 'day', settings.timeZone);
    const [waiting, agents, intervals] = await Promise.all([
      redis.hgetall(`${prefix}:live:waiting`),
      redis.hgetall(`${prefix}:live:agents`),
      voiceCountersBy(app.db, { from: dayStart, to: now + 1, step: 'day', tz: settings.timeZone }, {}, settings.serviceLevelThresholdsMs),
    ]);
    let today = emptyVoiceCounters(settings.serviceLevelThresholdsMs);
    for (const c of intervals.values()) today = mergeCounters(today, c);
    return liveViewOf({ waiting, agents }, today, localDayOf(now, settings.timeZone), settings, now);
  }

  const clients = new Set<ServerResponse>();
  let timer: NodeJS.Timeout | null = null;
  const push = async (): Promise<void> => {
    try {
      const frame = `event: snapshot\ndata: ${JSON.stringify(await currentView())}\n\n`;
      for (const c of clients) c.write(frame);
    } catch (err) {
      app.log.warn({ err: (err as Error).message }, 'realtime: snapshot failed');
    }
  };

  app.get(
    '/realtime',
    {
      config: { roles: LIVE_VIEW_ROLES, tokenInQuery: true },
      schema: { description: 'Server-Sent Events: a `snapshot` event (the live view, as /realtime/snapshot) every second. The key may come as `?access_token=` (EventSource sends no headers).' },
    },
    (req, reply) => {
      reply.hijack();
      const res = reply.raw;
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive', 'x-accel-buffering': 'no' });
      res.write('retry: 2000\n\n');
      clients.add(res);
      timer ??= setInterval(() => void push(), PUSH_EVERY_MS);
      void push();
      req.raw.on('close', () => {
        clients.delete(res);
        if (clients.size === 0 && timer) {
          clearInterval(timer);
          timer = null;
        }
      });
    },
  );

  app.get(
    '/realtime/snapshot',
    {
      config: { roles: LIVE_VIEW_ROLES },
      schema: { description: 'The live view once: callers waiting per queue, longest wait, agents per state, today\'s rates, alerts.', response: { 200: z.looseObject({ at: z.string() }) } },
    },
    async () => (await currentView()) as unknown as { at: string },
  );

  for (const [path, { file, type }] of Object.entries(STATIC)) {
    const body = readFileSync(new URL(file, PUBLIC), 'utf8');
    app.get(path, { config: { public: 'the wallboard page and its assets hold no data; the data is /realtime' }, schema: { hide: true } }, async (_req, reply) =>
      reply.type(type).send(body),
    );
  }

  app.addHook('preClose', async () => {
    if (timer) clearInterval(timer);
    for (const c of clients) c.end();
    clients.clear();
  });
  app.addHook('onClose', async () => void redis.disconnect());
};
