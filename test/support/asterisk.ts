import { execFileSync } from 'node:child_process';
import { REPO } from './env.js';

/** The app name the e2e stack uses, so a `make run` controller never sees test calls. */
export const TEST_ARI_APP = 'hotline-test';

/** (Re)starts the machine's Asterisk with the project's config rendered for this test run. */
export function startAsterisk(env: Record<string, string> = {}): void {
  execFileSync('bash', ['scripts/asterisk.sh', 'start'], {
    cwd: REPO,
    env: { ...process.env, ARI_APP: TEST_ARI_APP, ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

export function asteriskCli(command: string): string {
  return execFileSync('bash', ['scripts/asterisk.sh', 'cli', command], { cwd: REPO, encoding: 'utf8' });
}
