// Issue 5, done-when 5: the wallboard page, in Debian's chromium driven by playwright-core,
// shows today's arrived-call count, and a real SIPp call through Asterisk changes it.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO, fixture } from '../support/env.js';
import { runSipp } from '../support/sipp.js';
import { startStack, type Stack } from '../support/stack.js';

const RESULTS = join(REPO, 'test-results');

describe('the wallboard in a real browser', () => {
  let stack: Stack;
  let browser: BrowserContext;
  let profile: string;

  beforeAll(async () => {
    stack = await startStack({ env: { IVR_FILE: fixture('ivr-greeting.json') } });
    profile = mkdtempSync(join(tmpdir(), 'wallboard-chromium-'));
    // A fresh profile (--user-data-dir) per run: playwright takes it as the persistent context's directory.
    browser = await chromium.launchPersistentContext(profile, {
      executablePath: '/usr/bin/chromium',
      viewport: { width: 1920, height: 1080 },
      args: [
        '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
        '--disable-component-update', '--disable-sync',
      ],
    });
    // startStack waits its turn for the machine's single Asterisk (other e2e runs may hold it).
  }, 600_000);
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
    if (profile) rmSync(profile, { recursive: true, force: true });
  });

  it('shows a SIPp call in today\'s arrived count, live from the SSE stream', async () => {
    const page = await browser.newPage();
    // The screen's key in the fragment; the page hands it to its EventSource.
    await page.goto(`${stack.apiUrl}/wallboard#token=${stack.env.ADMIN_TOKEN}`);
    const arrived = page.locator('[data-kpi="arrived"]');
    // The first SSE snapshot replaces the placeholder.
    await expect.poll(async () => arrived.textContent(), { timeout: 15_000 }).toMatch(/^\d+$/);
    const before = Number(await arrived.textContent());
    await expect.poll(async () => page.locator('#link').textContent()).toBe('live');

    const sipp = await runSipp({ scenario: 'caller-hungup-by-server.xml', service: '12345', keys: { caller: '13800000077' } });
    expect(sipp).toMatchObject({ code: 0, successful: 1, failed: 0 });

    // No reload: the page only listens to /realtime.
    await expect.poll(async () => Number(await arrived.textContent()), { timeout: 20_000 }).toBe(before + 1);
    mkdirSync(RESULTS, { recursive: true });
    await page.screenshot({ path: join(RESULTS, 'wallboard.png'), fullPage: true });
  });
});
