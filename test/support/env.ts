import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const REPO = fileURLToPath(new URL('../../', import.meta.url));

/** Tests run under `make test`, which exports .env; a bare `npx vitest` loads it here. */
export function loadDotEnv(): void {
  if (!process.env.ARI_PASSWORD && existsSync(`${REPO}.env`)) process.loadEnvFile(`${REPO}.env`);
  if (!process.env.ARI_PASSWORD) throw new Error('ARI_PASSWORD not set: run `make test` (it generates .env)');
}

/** Absolute path of a file under test/fixtures/. */
export function fixture(name: string): string {
  return `${REPO}test/fixtures/${name}`;
}
