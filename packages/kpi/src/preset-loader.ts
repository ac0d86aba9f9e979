import { readFileSync, readdirSync } from 'node:fs';
import type { ScorecardPreset } from './preset-schema.js';
import { PresetError, parsePreset } from './preset-schema.js';

/**
 * The only module of this package that does I/O: it reads the preset JSON
 * files shipped in packages/kpi/presets/ and validates them.
 */
export const PRESET_DIR = new URL('../presets/', import.meta.url);

/** The presets shipped with the package. */
export const PRESET_IDS = ['zhengzhou-12328', 'haikou-12345', 'changsha-12345', 'jiangdu-12345'] as const;
export type PresetId = (typeof PRESET_IDS)[number];

const ID = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/** Loads and validates `<dir>/<id>.json`; throws `PresetError` naming the file and the JSON path of each problem. */
export function loadPreset(id: string, dir: URL = PRESET_DIR): ScorecardPreset {
  if (!ID.test(id)) throw new PresetError(`invalid preset id "${id}"`);
  const file = new URL(`${id}.json`, dir);
  const name = `presets/${id}.json`;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (cause) {
    throw new PresetError(`unknown preset "${id}" (${name} cannot be read: ${(cause as Error).message})`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    throw new PresetError(`${name} is not valid JSON: ${(cause as Error).message}`);
  }
  const preset = parsePreset(json, name);
  if (preset.id !== id) throw new PresetError(`${name}: id: expected "${id}", got "${preset.id}"`, [{ path: 'id', message: `expected "${id}"` }]);
  return preset;
}

/** Ids of the preset files present in `dir`. */
export function listPresetIds(dir: URL = PRESET_DIR): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .map((f) => f.slice(0, -'.json'.length))
    .sort();
}
