// Licenses → Reclamation (issue 23 item 2): set "release devices silent for N
// days" (7 or more), see the preview ("these 3 devices of 2 users would be
// released") follow the days as they are typed, run it with Release now
// (confirmed), and see the devices go. axe-core in light and dark.
import { expect, test } from '@playwright/test';
import type { License } from '../../common/console-api.ts';
import {
  expectAccessible,
  expectFieldError,
  outside,
  screensInBothSchemes,
  signUpOwner,
} from './console-pages.ts';

const owner = { email: 'owner@vandelay.test', password: 'correct horse battery staple' };

test('Reclamation: the policy, its preview as the days are typed, Release now, the devices gone', async ({
  page,
}) => {
  test.setTimeout(180_000);
  await signUpOwner(page, 'Vandelay Industries', owner);

  const license = await outside<License>('/license', { ownerEmail: owner.email });
  await outside('/silent-devices', {
    key: license.key,
    devices: [
      { email: 'peter@vandelay.test', device: 'Peter MacBook', days: 50 },
      { email: 'peter@vandelay.test', device: 'Peter iMac', days: 33 },
      { email: 'milton@vandelay.test', device: 'Milton MacBook', days: 45 },
      { email: 'samir@vandelay.test', device: 'Samir MacBook', days: 12 },
      { email: 'michael@vandelay.test', device: 'Michael MacBook', days: 1 },
    ],
  });

  await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Licenses' }).click();
  const card = page.getByRole('region', { name: `License ${license.key}` });
  const reclamation = card.getByRole('region', { name: `Reclamation of ${license.key}` });
  await expect(reclamation).toContainText('Off: devices keep their seats');

  // Fewer than 7 days is refused under the field.
  const field = 'Release devices silent for (days)';
  await reclamation.getByLabel(field).fill('5');
  await reclamation.getByRole('button', { name: 'Save policy' }).click();
  await expectFieldError(page, field, /at least 7 days/);

  // The preview follows what is typed, before anything is saved.
  await reclamation.getByLabel(field).fill('10');
  await expect(reclamation.getByRole('status').filter({ hasText: 'would be released' })).toHaveText(
    'These 4 devices of 3 users would be released (silent for 10 days or more).',
  );
  await reclamation.getByLabel(field).fill('30');
  await expect(reclamation.getByRole('status').filter({ hasText: 'would be released' })).toHaveText(
    'These 3 devices of 2 users would be released (silent for 30 days or more).',
  );
  // Not saved yet: nothing to release.
  await expect(reclamation.getByRole('button', { name: 'Release now' })).toHaveCount(0);
  await reclamation.getByRole('button', { name: 'Save policy' }).click();
  await expect(reclamation).toContainText('On: devices silent for 30 days are released');
  const table = reclamation.getByRole('table', { name: 'Devices that would be released' });
  await expect(table.getByRole('row')).toHaveCount(4);
  await expect(table.getByRole('row').nth(1)).toContainText('Peter MacBook');
  await expect(table.getByRole('row').nth(1)).toContainText('50');
  await screensInBothSchemes(page, 'reclamation-preview');

  // Release now asks first; Cancel releases nothing.
  await reclamation.getByRole('button', { name: 'Release now' }).click();
  const dialog = page.getByRole('alertdialog', { name: 'Release 3 devices now?' });
  await expect(dialog).toContainText('3 devices of 2 users lose their license at their next check-in');
  await expectAccessible(page, 'reclamation-confirm');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(reclamation.getByRole('status').filter({ hasText: 'would be released' })).toContainText(
    'These 3 devices',
  );
  await reclamation.getByRole('button', { name: 'Release now' }).click();
  await page
    .getByRole('alertdialog', { name: 'Release 3 devices now?' })
    .getByRole('button', { name: 'Release devices' })
    .click();
  await expect(reclamation.getByRole('status').filter({ hasText: /^Released/ })).toHaveText(
    'Released 3 devices of 2 users.',
  );
  await expect(reclamation.getByRole('status').filter({ hasText: 'nothing would be released' })).toHaveText(
    'No device has been silent for 30 days: nothing would be released.',
  );
  await screensInBothSchemes(page, 'reclamation-run');

  // The audit log names each released device.
  await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Audit log' }).click();
  await expect(page.getByText('activation.reclaimed')).toHaveCount(3);
});
