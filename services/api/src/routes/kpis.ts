import { bucketsBetween, measuredUntil } from '@hotline/kpi';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { kpiReport } from '../kpi/kpi-report.js';
import { KpiValueSchema, asSettingsConflict } from '../kpi/kpi-schemas.js';
import { kpiReadSettingsFromEnv, type KpiReadSettings } from '../kpi/kpi-settings.js';
import { ReportCache } from '../kpi/report-cache.js';
import { HttpError } from '../plugins/errors.js';

/** Who may read KPIs and scorecards (the wallboard's live view is open: aggregate figures for a screen). */
export const KPI_READERS = ['supervisor', 'admin', 'qa'] as const;

/** Bounds the work one request can ask for (a year of 15-minute buckets is 35 040). */
const MAX_BUCKETS = 40_000;

const Query = z
  .object({
    from: z.iso.datetime({ offset: true }).describe('start (ISO 8601); the bucket containing it is the first'),
    to: z.iso.datetime({ offset: true }).describe('end, exclusive (ISO 8601)'),
    granularity: z.enum(['15m', 'hour', 'day', 'month']).default('day').describe('local buckets in SITE_TZ'),
    queue: z.string().min(1).max(128).optional(),
    agent: z.string().min(1).max(128).optional(),
  })
  .refine((q) => Date.parse(q.from) < Date.parse(q.to), { message: '"from" must be before "to"', path: ['from'] })
  .refine((q) => q.queue === undefined || q.agent === undefined, {
    message: 'rollups are per queue or per agent: give one of "queue" and "agent", not both',
    path: ['agent'],
  });

const Bucket = z.object({
  start: z.string(),
  end: z.string(),
  kpis: z.record(z.string(), KpiValueSchema),
  days: z.array(z.object({ localDay: z.string(), offered: z.number(), answered: z.number(), compliant: z.boolean() })).optional(),
});

const Report = z.object({
  timeZone: z.string(),
  granularity: z.string(),
  serviceLevelThresholdsMs: z.array(z.number()),
  buckets: z.array(Bucket),
});

export interface KpiRoutesOptions {
  settings?: KpiReadSettings;
  /** KPI_CACHE_MS: how long a report is reused for the same query (0 or unset: read every time). */
  cacheMs?: number;
}

export const kpiRoutes: FastifyPluginAsyncZod<KpiRoutesOptions> = async (app, opts) => {
  const settings = opts.settings ?? kpiReadSettingsFromEnv();
  const reports = new ReportCache<z.infer<typeof Report>>(opts.cacheMs ?? 0);
  app.get(
    '/',
    {
      config: { roles: KPI_READERS },
      schema: {
        description:
          'Every voice and ticket KPI of KPIS.md per local bucket (SITE_TZ), from the 15-minute rollups. Ratios are 0..1 with their numerator and denominator; ticket KPIs only without queue/agent.',
        querystring: Query,
        response: { 200: Report },
      },
    },
    async (req) => {
      const q = req.query;
      const from = Date.parse(q.from);
      const to = Date.parse(q.to);
      const now = Date.now();
      // The same instants however they were written; availability counts the minutes measured
      // until now, so a new minute is a new report.
      const key = JSON.stringify([q.granularity, from, to, q.queue ?? null, q.agent ?? null, measuredUntil(now)]);
      return reports.get(key, async () => {
        if (bucketsBetween(from, to, q.granularity, settings.timeZone).length > MAX_BUCKETS) {
          throw new HttpError(400, `more than ${MAX_BUCKETS} ${q.granularity} buckets: ask for a coarser granularity or a shorter range`);
        }
        try {
          const buckets = await kpiReport(app.db, { from, to, granularity: q.granularity, queue: q.queue, agent: q.agent }, settings, now);
          return {
            timeZone: settings.timeZone,
            granularity: q.granularity,
            serviceLevelThresholdsMs: [...settings.serviceLevelThresholdsMs],
            buckets: buckets.map((b) => ({
              start: new Date(b.start).toISOString(),
              end: new Date(b.end).toISOString(),
              kpis: b.kpis as Record<string, z.infer<typeof KpiValueSchema>>,
              ...(b.days && { days: [...b.days] }),
            })),
          };
        } catch (err) {
          throw asSettingsConflict(err);
        }
      });
    },
  );
};
