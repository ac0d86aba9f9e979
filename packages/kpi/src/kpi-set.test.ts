import { describe, expect, it } from 'vitest';
import { ratio } from './kpi-value.js';
import { isKpiKey, kpiInfo, toKpiSet } from './kpi-set.js';
import { EMPTY_TICKET_COUNTERS } from './ticket-counters.js';
import { ticketKpis } from './ticket-kpis.js';
import { emptyVoiceCounters } from './voice-counters.js';
import { voiceKpis } from './voice-kpis.js';
import { DEFAULT_VOICE_SETTINGS } from './voice-settings.js';

describe('kpi names', () => {
  it('knows named and service-level KPIs', () => {
    expect(isKpiKey('answerRate')).toBe(true);
    expect(isKpiKey('serviceLevel15s')).toBe(true);
    expect(isKpiKey('serviceLevel2.5s')).toBe(true);
    expect(isKpiKey('serviceLevels')).toBe(false);
    expect(isKpiKey('toString')).toBe(false);
    expect(kpiInfo('ahtMs')).toEqual({ unit: 'ms', evidenceKind: 'calls' });
    expect(kpiInfo('lateDispatches')).toEqual({ unit: 'count', evidenceKind: 'tickets' });
    expect(kpiInfo('serviceLevel30s')).toEqual({ unit: 'ratio', evidenceKind: 'calls' });
    expect(kpiInfo('nope')).toBeUndefined();
  });
});

describe('toKpiSet', () => {
  it('flattens voice, ticket, compliance, utilisation and availability figures', () => {
    const set = toKpiSet({
      voice: voiceKpis(emptyVoiceCounters([15_000, 30_000]), DEFAULT_VOICE_SETTINGS),
      tickets: ticketKpis(EMPTY_TICKET_COUNTERS),
      complianceDays: ratio(30, 30),
      utilisation: ratio(7, 10),
      availability: { queue: ratio(99, 100), ivr: ratio(995, 1000) },
    });
    expect(Object.keys(set).every(isKpiKey)).toBe(true);
    expect(set.serviceLevel15s?.denominator).toBe(0);
    expect(set.serviceLevel30s).toBeDefined();
    expect(set.answerRate?.value).toBeNull();
    expect(set.complaintRate?.value).toBeNull();
    expect(set.complianceDays?.value).toBe(1);
    expect(set.utilisation?.value).toBe(0.7);
    expect(set.availabilityQueue?.value).toBe(0.99);
    expect(set.availabilityIvr?.value).toBe(0.995);
    expect(set.availabilitySeats).toBeUndefined();
  });
});
