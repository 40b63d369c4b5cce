// End-to-end walk of the admin console (/console) in Debian's Chromium
// (/usr/bin/chromium; `playwright install` is never used here), against its
// own world: an empty service, the dev IdP, a loopback DNS server.
import { defineConfig } from '@playwright/test';

const controlPort = Number(process.env.E2E_CONTROL_PORT ?? 47401);

export default defineConfig({
  testDir: 'test/e2e-console',
  testMatch: '*.spec.ts',
  outputDir: 'test-results/playwright-console',
  // One world; the walk builds on itself (empty account → Activated), so in order.
  workers: 1,
  fullyParallel: false,
  timeout: 180_000,
  expect: { timeout: 15_000 },
  reporter: [['list'], ['json', { outputFile: 'test-results/playwright-console.json' }]],
  use: {
    // A click on a control that never comes fails in seconds, not at the test's timeout.
    actionTimeout: 30_000,
    browserName: 'chromium',
    launchOptions: { executablePath: process.env.LATCHKEY_CHROMIUM ?? '/usr/bin/chromium' },
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    permissions: ['clipboard-read', 'clipboard-write'],
  },
  webServer: {
    command: 'node test/e2e-console/world.ts',
    url: `http://127.0.0.1:${controlPort}/world`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: 'pipe',
    env: { E2E_CONTROL_PORT: String(controlPort) },
  },
});
