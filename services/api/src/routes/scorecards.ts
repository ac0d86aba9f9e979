import { PresetError, loadPreset, monthRange, type ScorecardPreset } from '@hotline/kpi';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { evidenceFor } from '../kpi/evidence.js';
import { asSettingsConflict } from '../kpi/kpi-schemas.js';
import { kpiReadSettingsFromEnv, type KpiReadSettings } from '../kpi/kpi-settings.js';
import { adjustmentProblem, adjustmentsOf, monthScorecard } from '../kpi/month-scorecard.js';
import { HttpError } from '../plugins/errors.js';
import { KPI_READERS } from './kpis.js';

const Params = z.object({
  preset: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/).describe('zhengzhou-12328, haikou-12345, changsha-12345, jiangdu-12345'),
  month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'a month as YYYY-MM').describe('local month, YYYY-MM'),
});

const Adjustment = z.object({
  itemId: z.string().min(1).max(128),
  points: z.number().finite().min(-110).max(110).describe('signed points: -0.2 for a breach, +0.5 for a commendation'),
  reason: z.string().trim().min(1).max(2000),
  author: z.string().trim().min(1).max(128),
});

// The scored result is packages/kpi's ScoreResult; items are passed through as computed.
const ScoreResultSchema = z.looseObject({
  presetId: z.string(),
  presetName: z.string(),
  month: z.string(),
  total: z.number(),
  maxPoints: z.number(),
  items: z.array(z.looseObject({ itemId: z.string(), value: z.number().nullable(), rule: z.string(), points: z.number() })),
  outcome: z.looseObject({}),
});

function presetOr404(id: string): ScorecardPreset {
  try {
    return loadPreset(id);
  } catch (err) {
    if (err instanceof PresetError) throw new HttpError(404, err.message);
    throw err;
  }
}

export const scorecardRoutes: FastifyPluginAsyncZod<{ settings?: KpiReadSettings }> = async (app, opts) => {
  const settings = opts.settings ?? kpiReadSettingsFromEnv();

  app.get(
    '/:preset/:month',
    {
      config: { roles: KPI_READERS },
      schema: {
        description: 'A month scored by a preset: every item with its KPI value, rule, points and adjustments; total and outcome (payout/fee).',
        params: Params,
        response: { 200: ScoreResultSchema },
      },
    },
    async (req) => {
      const preset = presetOr404(req.params.preset);
      try {
        const result = await monthScorecard(app.db, preset, req.params.month, settings);
        return { month: req.params.month, ...result } as unknown as z.infer<typeof ScoreResultSchema>;
      } catch (err) {
        throw asSettingsConflict(err);
      }
    },
  );

  app.post(
    '/:preset/:month/adjustments',
    {
      // Adjustments move an operator's pay: supervisors and admins only.
      config: { roles: ['supervisor', 'admin'] as const },
      schema: {
        description: "A supervisor's signed points on a manual item (or a computed item that allows them), with reason and author.",
        params: Params,
        body: Adjustment,
        response: { 201: Adjustment.extend({ presetId: z.string(), month: z.string() }) },
      },
    },
    async (req, reply) => {
      const preset = presetOr404(req.params.preset);
      const problem = adjustmentProblem(preset, req.body.itemId);
      if (problem) throw new HttpError(400, problem);
      await app.db
        .insertInto('scorecard_adjustments')
        .values({ preset_id: preset.id, month: req.params.month, item_id: req.body.itemId, points: req.body.points, reason: req.body.reason, author: req.body.author })
        .execute();
      return reply.status(201).send({ presetId: preset.id, month: req.params.month, ...req.body });
    },
  );

  app.get(
    '/:preset/:month/items/:item/evidence',
    {
      config: { roles: KPI_READERS },
      schema: {
        description: 'The calls or tickets behind an item: for a rate, those in its denominator that miss its numerator (e.g. answer rate: offered calls not answered).',
        params: Params.extend({ item: z.string().min(1).max(128) }),
        querystring: z.object({
          limit: z.coerce.number().int().min(1).max(1000).default(100),
          offset: z.coerce.number().int().min(0).default(0),
        }),
        response: {
          200: z.object({
            itemId: z.string(),
            kpis: z.array(z.string()),
            evidence: z.array(z.object({ kpi: z.string(), kind: z.string(), meaning: z.string(), total: z.number(), rows: z.array(z.unknown()) })),
            adjustments: z.array(z.object({ itemId: z.string(), points: z.number(), reason: z.string(), author: z.string(), at: z.number().optional() })),
          }),
        },
      },
    },
    async (req) => {
      const preset = presetOr404(req.params.preset);
      const item = preset.items.find((i) => i.id === req.params.item);
      if (!item) throw new HttpError(404, `preset "${preset.id}" has no item "${req.params.item}"`);
      const kpis = item.rule.kind === 'manual' ? [] : item.rule.kind === 'per_event_deduction' ? item.rule.events : [item.rule.kpi];
      const { from, to } = monthRange(req.params.month, settings.timeZone);
      const evidence = await Promise.all(
        kpis.map(async (kpi) => ({ kpi, ...(await evidenceFor(app.db, { kpi, from, to, limit: req.query.limit, offset: req.query.offset }, settings)) })),
      );
      const adjustments = (await adjustmentsOf(app.db, preset.id, req.params.month)).filter((a) => a.itemId === item.id);
      return { itemId: item.id, kpis, evidence, adjustments: adjustments.map((a) => ({ ...a })) };
    },
  );
};
