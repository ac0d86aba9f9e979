import type { Db } from '@hotline/db';
import { monthRange, scoreMonth, type ManualAdjustment, type ScoreResult, type ScorecardPreset } from '@hotline/kpi';
import { kpiReport } from './kpi-report.js';
import type { KpiReadSettings } from './kpi-settings.js';

/** The month's KPIs (from the rollups) scored by the preset, with the supervisors' adjustments. */
export async function monthScorecard(db: Db, preset: ScorecardPreset, month: string, settings: KpiReadSettings): Promise<ScoreResult> {
  const { from, to } = monthRange(month, settings.timeZone);
  const [report, adjustments] = await Promise.all([
    kpiReport(db, { from, to, granularity: 'month' }, settings),
    adjustmentsOf(db, preset.id, month),
  ]);
  return scoreMonth(preset, report[0]?.kpis ?? {}, adjustments);
}

export async function adjustmentsOf(db: Db, presetId: string, month: string): Promise<ManualAdjustment[]> {
  const rows = await db
    .selectFrom('scorecard_adjustments')
    .select(['item_id', 'points', 'reason', 'author', 'created_at'])
    .where('preset_id', '=', presetId)
    .where('month', '=', month)
    .orderBy('id')
    .execute();
  return rows.map((r) => ({ itemId: r.item_id, points: Number(r.points), reason: r.reason, author: r.author, at: new Date(r.created_at).getTime() }));
}

/** Why an adjustment does not fit the preset, or undefined when it does (scoreMonth's own rules). */
export function adjustmentProblem(preset: ScorecardPreset, itemId: string): string | undefined {
  const item = preset.items.find((i) => i.id === itemId);
  if (!item) return `preset "${preset.id}" has no item "${itemId}"`;
  if (item.rule.kind !== 'manual' && !item.allowAdjustments) return `item "${itemId}" is computed from the figures and takes no manual adjustment`;
  return undefined;
}

