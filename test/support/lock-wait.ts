/** beforeAll timeout for a stack: another run may hold the machine's Asterisk lock for minutes (acquireAsteriskLock waits up to 15). */
export const LOCK_WAIT_MS = 16 * 60_000;
