import { describe, expect, it } from 'vitest';
import * as kpi from './index.js';

describe('@hotline/kpi public API', () => {
  it('exports the entry points the aggregator and the API use', () => {
    for (const name of [
      'rollupKeyOf',
      'countersOf',
      'mergeCounters',
      'voiceKpis',
      'agentUtilisation',
      'availability',
      'complianceDays',
      'ticketCountersOf',
      'mergeTicketCounters',
      'ticketKpis',
      'bucketStart',
      'bucketsBetween',
      'toKpiSet',
      'scoreMonth',
      'loadPreset',
      'parsePreset',
    ] as const) {
      expect(typeof kpi[name], name).toBe('function');
    }
  });
});
