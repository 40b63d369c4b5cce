// Devices (issue 26 items 1 and 4): a license requires approval of new
// devices, two devices wait, the admin approves one and denies the other;
// self-service release turned off and on. axe-core and screenshots in light
// and dark of the pending approvals.
import { expect, test } from '@playwright/test';
import type { License } from '../../common/console-api.ts';
import { outside, screensInBothSchemes, signUpOwner } from './console-pages.ts';

const owner = { email: 'owner@kramerica.test', password: 'correct horse battery staple' };

test('Devices: require approval, two devices wait, Approve and Deny; self-service release off and on', async ({
  page,
}) => {
  test.setTimeout(120_000);
  await signUpOwner(page, 'Kramerica Industries', owner);
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
  await screensInBothSchemes(page, 'device-approvals');

  await table.getByRole('button', { name: 'Approve Studio iMac' }).click();
  await expect(table.getByRole('row')).toHaveCount(2);
  await table.getByRole('button', { name: 'Deny Kiosk PC' }).click();
  await expect(page.getByText('No device is waiting for approval.')).toBeVisible();

  await expect(settings).toContainText('Users may release their own devices (after a fresh sign-in): on');
  await settings.getByRole('button', { name: 'Turn self-service release off' }).click();
  await expect(settings).toContainText('Users may release their own devices (after a fresh sign-in): off');
  await settings.getByRole('button', { name: 'Turn self-service release on' }).click();
  await expect(settings).toContainText('Users may release their own devices (after a fresh sign-in): on');
  await screensInBothSchemes(page, 'device-settings');
});
