// Usage (issue 23 item 1) as an admin reads it: from the menu, the summary
// (devices active and idle, seats held), each device with its user and
// "Active" / "Idle — N days without a check-in" in words; a filter (idle for
// at least 30 days, longest silent first) and a bad one refused under its
// field; the account's idle days changed; one page at a time (Next page,
// Previous page). axe-core finds nothing in light and dark; screenshots.
import { expect, test } from '@playwright/test';
import type { Me } from '../../common/console-api.ts';
import { expectFieldError, outside, screensInBothSchemes, signUpOwner } from './console-pages.ts';

const owner = { email: 'owner@initech.test', password: 'correct horse battery staple' };

test('Usage: who holds a seat and who does not use it, filtered, paged, in light and dark', async ({
  page,
}) => {
  test.setTimeout(180_000);
  const base = await signUpOwner(page, 'Initech', owner);
  const me = (await (await page.request.get(`${base}/api/console/me`)).json()) as Me;
  await outside('/usage-devices', { accountId: me.account.id });

  await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Usage' }).click();
  await expect(page).toHaveURL(/\/console\/usage$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Usage' })).toBeVisible();
  const summary = page.getByRole('region', { name: 'At a glance' });
  await expect(summary).toContainText('54 active and 2 idle devices (idle: no check-in for 30 days or more)');
  await expect(summary.getByRole('row', { name: /sublicense Designers/ })).toContainText('2');

  // One page of 50; the idle device says so in words, its user is still active (another device in use).
  const devices = page.getByRole('region', { name: 'Devices' });
  await expect(devices.getByRole('status')).toHaveText('Page 1: 50 devices, in order of first activation.');
  const imac = devices.getByRole('row', { name: /Alice iMac/ });
  await expect(imac).toContainText('Idle — 45 days without a check-in');
  await expect(imac).toContainText('Active user, 2 devices');
  await screensInBothSchemes(page, 'usage');

  await devices.getByRole('button', { name: 'Next page' }).click();
  await expect(devices.getByRole('status')).toHaveText('Page 2: 6 devices, in order of first activation.');
  await expect(devices.getByRole('button', { name: 'Next page' })).toBeDisabled();
  await expect(devices.getByRole('row', { name: /Erin MacBook Air/ })).toContainText('Active');
  await devices.getByRole('button', { name: 'Previous page' }).click();
  await expect(devices.getByRole('status')).toHaveText('Page 1: 50 devices, in order of first activation.');

  // A bad filter is refused under its field; nothing else is shown as its answer.
  const idleFor = page.getByLabel('Idle for at least (days)', { exact: true });
  await idleFor.fill('soon');
  await page.getByRole('button', { name: 'Apply filters' }).click();
  await expectFieldError(page, 'Idle for at least (days)', /number/i);
  await expect(devices).toHaveCount(0);

  // Idle for at least 30 days: longest silent first.
  await idleFor.fill('30');
  await page.getByRole('button', { name: 'Apply filters' }).click();
  await expect(devices.getByRole('status')).toHaveText('Page 1: 2 devices, longest silent first.');
  const rows = devices.getByRole('row');
  await expect(rows.nth(1)).toContainText('Carol Mac mini');
  await expect(rows.nth(1)).toContainText('Idle — 92 days without a check-in');
  await expect(rows.nth(2)).toContainText('Alice iMac');
  await screensInBothSchemes(page, 'usage-idle-filter');

  // The account's idle days: 0 is refused under the field; 10 turns Dan's 12-day-silent Surface idle.
  const idleAfter = page.getByLabel('Idle after (days)', { exact: true });
  await idleAfter.fill('0');
  await page.getByRole('button', { name: 'Save' }).click();
  await expectFieldError(page, 'Idle after (days)', /at least 1/);
  await idleAfter.fill('10');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByText('Saved: idle after 10 days.')).toBeVisible();
  await page.getByRole('button', { name: 'Clear' }).click();
  await expect(summary).toContainText('53 active and 3 idle devices (idle: no check-in for 10 days or more)');
  await page.getByLabel('Search users', { exact: true }).fill('Dan D');
  await page.getByRole('button', { name: 'Apply filters' }).click();
  await expect(devices.getByRole('status')).toHaveText('Page 1: 1 device, in order of first activation.');
  await expect(devices.getByRole('row', { name: /Dan Surface/ })).toContainText(
    'Idle — 12 days without a check-in',
  );
});
