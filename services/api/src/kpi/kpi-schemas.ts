import { CounterShapeError, MissingThresholdError } from '@hotline/kpi';
import { z } from 'zod';
import { HttpError } from '../plugins/errors.js';

export const KpiValueSchema = z.object({
  value: z.number().nullable(),
  numerator: z.number(),
  denominator: z.number(),
  unit: z.enum(['ratio', 'ms', 'count']),
});

/** Rollups made with other SL thresholds cannot answer for the configured ones: say so instead of a 500. */
export function asSettingsConflict(err: unknown): unknown {
  if (err instanceof CounterShapeError || err instanceof MissingThresholdError) {
    return new HttpError(409, `${err.message} (the rollups were made with other SL_THRESHOLDS_SEC)`);
  }
  return err;
}
