import { describe, expect, it } from 'vitest';
import { DEFAULT_VOICE_SETTINGS, resolveVoiceSettings } from './voice-settings.js';

describe('resolveVoiceSettings', () => {
  it('fills the defaults of KPIS.md', () => {
    expect(resolveVoiceSettings()).toEqual(DEFAULT_VOICE_SETTINGS);
    expect(DEFAULT_VOICE_SETTINGS).toMatchObject({
      serviceLevelThresholdsMs: [15_000, 30_000],
      shortAbandonMs: 0,
      satisfiedAnswers: ['satisfied', 'basically_satisfied'],
      dailyAnswerRateTarget: 0.95,
      timeZone: 'Asia/Shanghai',
    });
  });
  it('sorts and de-duplicates thresholds', () => {
    expect(resolveVoiceSettings({ serviceLevelThresholdsMs: [30_000, 20_000, 30_000] }).serviceLevelThresholdsMs).toEqual([
      20_000, 30_000,
    ]);
  });
  it('rejects bad values', () => {
    expect(() => resolveVoiceSettings({ serviceLevelThresholdsMs: [] })).toThrow();
    expect(() => resolveVoiceSettings({ dailyAnswerRateTarget: 95 })).toThrow();
    expect(() => resolveVoiceSettings({ timeZone: 'Nowhere/Land' })).toThrow(/unknown time zone/);
  });
});
