import { acquireAsteriskLock } from './machine-lock.js';

/**
 * The e2e project holds the machine's Asterisk for its whole run: waiting for another run
 * to finish happens here, before any test file starts, not inside a test hook's timeout.
 * Test files in the workers see HOTLINE_ASTERISK_LOCK_HELD and do not lock again.
 */
export default async function setup(): Promise<() => void> {
  const release = await acquireAsteriskLock(60 * 60_000);
  process.env.HOTLINE_ASTERISK_LOCK_HELD = String(process.pid);
  return release;
}
