// The real Electron app, driven by Playwright's _electron, wherever an
// Electron binary exists. Here its download is blocked, so it says so and
// skips; webshell (activation.spec.ts) covers the same dialogs in Chromium.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { _electron as electron, expect, test } from '@playwright/test';
import { buildElectron, electronBinary } from '../../scripts/build-electron.ts';
import { dialog, signInAtIdp } from './dialogs.ts';
import { scenario, world } from './webshell.ts';

const binary = electronBinary();

test.skip(
  !binary,
  'no Electron binary on this machine (its download from GitHub is blocked here); set LATCHKEY_ELECTRON to one to run this test',
);

test('Electron: menu window Account & License → Continue with SSO → sign in in a browser → Activated', async ({
  browser,
}) => {
  await scenario('reset');
  await buildElectron();
  const dataDir = mkdtempSync(join(tmpdir(), 'latchkey-electron-'));
  const app = await electron.launch({
    executablePath: binary,
    args: ['out/electron/main.js'],
    env: {
      ...process.env,
      LATCHKEY_SERVER_URL: (await world()).serviceUrl,
      LATCHKEY_TRUST_ANCHOR: (await world()).trustAnchorFile,
      LATCHKEY_APP_DATA: dataDir,
    },
  });
  try {
    const window = await app.firstWindow();
    await expect(dialog(window, 'account-license')).toContainText('not activated');
    expect(await window.evaluate(() => typeof (window as unknown as { require?: unknown }).require)).toBe(
      'undefined',
    );
    await window.getByRole('button', { name: 'Continue with SSO' }).click();
    await window.getByLabel('Work email').fill('alice@acme.test');
    await window.getByRole('button', { name: 'Next' }).click();
    await expect(dialog(window, 'waiting')).toBeVisible();
    // The system browser is outside Playwright's reach: a browser page follows the same link.
    await window.getByRole('button', { name: 'Copy link' }).click();
    const link = await app.evaluate(({ clipboard }) => clipboard.readText());
    const page = await browser.newPage();
    await page.goto(link);
    await signInAtIdp(page, 'alice@acme.test');
    await expect(dialog(window, 'activated')).toContainText('alice@acme.test');
  } finally {
    await app.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
