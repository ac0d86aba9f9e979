import { readFile } from 'node:fs/promises';
import { IvrConfigError, parseIvr } from './parse-ivr.js';
import type { ParsedIvr } from './parse-ivr.js';

/** Reads and checks one site's IVR JSON file. Every failure names the file. */
export async function loadIvr(path: string): Promise<ParsedIvr> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (cause) {
    throw new Error(`cannot read IVR file ${path}: ${(cause as Error).message}`, { cause });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    throw new IvrConfigError(path, [{ severity: 'error', path: [], message: `not JSON: ${(cause as Error).message}` }]);
  }
  return parseIvr(json, path);
}
