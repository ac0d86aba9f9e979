import { describe, expect, it } from 'vitest';
import { PRESET_IDS, listPresetIds, loadPreset } from './preset-loader.js';
import { PresetError } from './preset-schema.js';

describe('loadPreset', () => {
  it('loads and validates every shipped preset', () => {
    expect(listPresetIds()).toEqual([...PRESET_IDS].sort());
    for (const id of PRESET_IDS) {
      const p = loadPreset(id);
      expect(p.id).toBe(id);
      expect(p.items.reduce((s, i) => s + i.points, 0)).toBeCloseTo(p.maxPoints, 9);
    }
  });
  it('nominal totals: 100, 110, 100 and 7 pass/fail items', () => {
    expect(loadPreset('zhengzhou-12328').maxPoints).toBe(100);
    expect(loadPreset('haikou-12345').maxPoints).toBe(110);
    expect(loadPreset('changsha-12345').maxPoints).toBe(100);
    expect(loadPreset('jiangdu-12345').maxPoints).toBe(7);
  });
  it('an unknown or malformed id is a PresetError', () => {
    expect(() => loadPreset('nowhere-12345')).toThrow(PresetError);
    expect(() => loadPreset('nowhere-12345')).toThrow(/unknown preset "nowhere-12345"/);
    expect(() => loadPreset('../package')).toThrow(/invalid preset id/);
  });
});
