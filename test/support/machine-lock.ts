import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';

/**
 * The machine has one Asterisk (ports 5060, 8088): a test file that renders its own
 * config into it holds this lock until it stops, so test runs started side by side
 * (two developers' shells, a load test) take turns instead of re-configuring each other.
 */
const LOCK = process.env.HOTLINE_ASTERISK_LOCK ?? '/tmp/hotline-asterisk.lock';

function holderAlive(): boolean {
  try {
    const pid = Number(readFileSync(`${LOCK}/pid`, 'utf8'));
    // Our own pid: a test file in this worker failed before releasing it; it is ours to take.
    if (!pid || pid === process.pid) return false;
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export async function acquireAsteriskLock(timeoutMs = 15 * 60_000): Promise<() => void> {
  // The e2e project's global setup already holds it for this whole run (see e2e-global-setup.ts).
  if (process.env.HOTLINE_ASTERISK_LOCK_HELD) return () => undefined;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      mkdirSync(LOCK);
      writeFileSync(`${LOCK}/pid`, String(process.pid));
      let released = false;
      return () => {
        if (released) return;
        released = true;
        rmSync(LOCK, { recursive: true, force: true });
      };
    } catch {
      // Held: by a live process we wait; a dead holder's lock is taken over (after a grace for its pid file).
      await new Promise((r) => setTimeout(r, 500));
      if (!holderAlive()) {
        await new Promise((r) => setTimeout(r, 500));
        if (!holderAlive()) rmSync(LOCK, { recursive: true, force: true });
      }
      if (Date.now() > deadline) throw new Error(`waited ${timeoutMs} ms for the Asterisk lock ${LOCK}`);
    }
  }
}
