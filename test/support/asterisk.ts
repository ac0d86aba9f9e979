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
  // A call an earlier test file left up (its SIPp killed without a BYE) would be adopted by this
  // file's controller as a call in its Stasis app, and its late BYE would reach this file's SIPp.
  asteriskCli('channel request hangup all');
  for (let tries = 0; tries < 50 && !/^0 active channels/m.test(asteriskCli('core show channels count')); tries++) {
    execFileSync('sleep', ['0.1']);
  }
}

export function asteriskCli(command: string): string {
  return execFileSync('bash', ['scripts/asterisk.sh', 'cli', command], { cwd: REPO, encoding: 'utf8' });
}
