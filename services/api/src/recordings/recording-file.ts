import { resolve, sep } from 'node:path';

/** The file of a recording under the recordings directory; refuses a path that would leave it. */
export function recordingFile(dir: string, path: string): string {
  const root = resolve(dir);
  const file = resolve(root, path);
  if (!file.startsWith(root + sep)) throw new Error(`recording path outside the recordings directory: ${path}`);
  return file;
}
