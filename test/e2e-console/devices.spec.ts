// Devices (issue 26 items 1 and 4): a license requires approval of new
// devices, two devices wait, the admin approves one and denies the other;
// self-service release turned off and on. axe-core and screenshots in light
// and dark of the pending approvals.
import { mkdirSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import type { License } from '../../common/console-api.ts';
import { expectAccessible, outside, serviceUrl } from './console-pages.ts';

const owner = { email: 'owner@kramerica.test', password: 'correct horse battery staple' };

async function checkBothSchemes(page: Page, name: string): Promise<void> {
  mkdirSync('test-results/screens', { recursive: true });
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    await expectAccessible(page, `${name} ${colorScheme}`);
    await page.screenshot({ path: `test-results/screens/${name}-${colorScheme}.png`, fullPage: true });
  }
  await page.emulateMedia({ colorScheme: null });
}

test('Devices: require approval, two devices wait, Approve and Deny; self-service release off and on', async ({
  page,
}) => {
  test.setTimeout(120_000);
  const base = await serviceUrl();
  await page.goto(`${base}/console/sign-up`);
  await page.getByLabel('Company name', { exact: true }).fill('Kramerica Industries');
  await page.getByLabel('Work email', { exact: true }).fill(owner.email);
  await page.getByLabel('Password', { exact: true }).fill(owner.password);
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'IdP Integration' })).toBeVisible();
  const license = await outside<License>('/license', { ownerEmail: owner.email });

  await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Devices' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Devices' })).toBeVisible();
  await expect(page.getByText('No device is waiting for approval.')).toBeVisible();
  const settings = page.getByRole('region', { name: 'Settings' });
  await settings.getByRole('button', { name: /^Require approval of new devices/ }).click();
  await expect(settings).toContainText('approval of new devices required');

  await outside('/approval-request', { email: owner.email, licenseId: license.id, device: 'Studio iMac' });
  await outside('/approval-request', { email: owner.email, licenseId: license.id, device: 'Kiosk PC' });
  await page.reload();
  const table = page.getByRole('table');
  await expect(table.getByRole('row')).toHaveCount(3);
  await expect(table).toContainText('Studio iMac');
  await expect(table).toContainText(owner.email);
  await expect(table).toContainText('business');
  await checkBothSchemes(page, 'device-approvals');

  await table.getByRole('button', { name: 'Approve Studio iMac' }).click();
  await expect(table.getByRole('row')).toHaveCount(2);
  await table.getByRole('button', { name: 'Deny Kiosk PC' }).click();
  await expect(page.getByText('No device is waiting for approval.')).toBeVisible();

  await expect(settings).toContainText('Users may release their own devices (after a fresh sign-in): on');
  await settings.getByRole('button', { name: 'Turn self-service release off' }).click();
  await expect(settings).toContainText('Users may release their own devices (after a fresh sign-in): off');
  await settings.getByRole('button', { name: 'Turn self-service release on' }).click();
  await expect(settings).toContainText('Users may release their own devices (after a fresh sign-in): on');
  await checkBothSchemes(page, 'device-settings');
});
