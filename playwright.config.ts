// End-to-end tests of the renderer through webshell, in Debian's Chromium
// (/usr/bin/chromium from apt; `playwright install` is never used here).
import { defineConfig } from '@playwright/test';

const controlPort = Number(process.env.E2E_CONTROL_PORT ?? 47123);

export default defineConfig({
  testDir: 'test/e2e',
  testMatch: '*.spec.ts',
  outputDir: 'test-results/playwright',
  // One world, one scenario at a time.
  workers: 1,
  fullyParallel: false,
  timeout: 60_000,
  reporter: [['list'], ['json', { outputFile: 'test-results/playwright.json' }]],
  use: {
    browserName: 'chromium',
    launchOptions: { executablePath: process.env.LATCHKEY_CHROMIUM ?? '/usr/bin/chromium' },
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    permissions: ['clipboard-read', 'clipboard-write'],
  },
  webServer: {
    command: 'node test/e2e/world.ts',
    url: `http://127.0.0.1:${controlPort}/world`,
    reuseExistingServer: false,
    timeout: 90_000,
    stdout: 'pipe',
    env: { E2E_CONTROL_PORT: String(controlPort) },
  },
});
