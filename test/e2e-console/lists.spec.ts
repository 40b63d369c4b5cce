// The console's lists at a size past their page (issue 23 items 7-9), in
// Chromium: a tenant of 5,100 users, their devices, 3,000 activation log rows
// and 1,200 audit entries, written directly in the database by the world.
// Each list shows one page and "Load more"; a filtered list exports as CSV
// holding exactly the filtered rows. axe-core light and dark on each page;
// screenshots in test-results/screens/lists-*.png.
import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { ConsoleClient } from '../../devtools/console-client.ts';
import { parseCsv } from '../support/parse-csv.ts';
import { expectAccessibleInBothSchemes, outside, serviceUrl } from './console-pages.ts';

const owner = { email: 'owner@lists.test', password: 'correct horse battery staple' };

async function screens(page: Page, name: string): Promise<void> {
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    await page.screenshot({ path: `test-results/screens/lists-${name}-${colorScheme}.png`, fullPage: true });
  }
  await page.emulateMedia({ colorScheme: null });
}

/** Presses the export button and reads the file the browser saved. */
async function exported(page: Page, button: string): Promise<{ name: string; rows: string[][] }> {
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: button }).click();
  const file = await download;
  const path = await file.path();
  return { name: file.suggestedFilename(), rows: parseCsv(readFileSync(path, 'utf8')) };
}

test('each list pages with Load more, and a filtered list exports exactly its rows as CSV', async ({
  page,
}) => {
  test.setTimeout(240_000);
  const base = await serviceUrl();
  await new ConsoleClient(base).signUp('Lists Co', owner.email, owner.password);
  await outside('/list-tenant', { ownerEmail: owner.email });

  await page.goto(`${base}/console/sign-in`);
  await page.getByLabel('Email', { exact: true }).fill(owner.email);
  await page.getByLabel('Password', { exact: true }).fill(owner.password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page).not.toHaveURL(/sign-in/);

  // Users: one page of 100, then another; never all 5,102 at once.
  await page.goto(`${base}/console/users`);
  const users = page.locator('table.users');
  await expect(users).toHaveAccessibleName('100+ users, by user name');
  await page.getByRole('button', { name: 'Load more users' }).click();
  await expect(users).toHaveAccessibleName('200+ users, by user name');
  await expect(page.getByRole('status').filter({ hasText: 'users shown' })).toHaveText(
    '200 users shown; more to load',
  );
  await expectAccessibleInBothSchemes(page, 'users, paged');
  await screens(page, 'users');

  // The start of a display name finds its ten users; the export holds those ten.
  await page.getByLabel('Search users').fill('person 004');
  await expect(users).toHaveAccessibleName('10 users matching “person 004”, by user name');
  await expect(page.getByRole('button', { name: 'Load more users' })).toHaveCount(0);
  const usersCsv = await exported(page, 'Export users as CSV');
  expect(usersCsv.name).toMatch(/^latchkey-lists-co-users-\d{4}-\d{2}-\d{2}\.csv$/);
  expect(usersCsv.rows.slice(1).map((r) => r[0])).toEqual(
    Array.from({ length: 10 }, (_, i) => `user004${i}@big.test`),
  );
  await page.getByLabel('Search users').fill('');

  // A group's members.
  await page.getByRole('button', { name: /Group$/ }).click();
  await page.getByRole('option', { name: 'Designers (1000)' }).click();
  await expect(users).toHaveAccessibleName('100+ users, by user name');
  await expect(users.locator('tbody tr').first()).toContainText('Designers');

  // Licenses: the license's devices, a page at a time.
  await page.getByRole('link', { name: 'Licenses' }).click();
  const devices = page.getByRole('table', { name: 'Devices on this license, newest first' });
  await expect(devices.locator('tbody tr')).toHaveCount(100);
  await page.getByRole('button', { name: 'Load more devices' }).click();
  await expect(devices.locator('tbody tr')).toHaveCount(200);
  await expectAccessibleInBothSchemes(page, 'licenses, devices paged');
  await screens(page, 'licenses');

  // Activation log: pages, then one user's refusals, exported.
  await page.getByRole('link', { name: 'Activation log' }).click();
  const count = page.getByRole('status').filter({ hasText: /attempt/ });
  await expect(count).toHaveText('100 attempts, more to load');
  await page.getByRole('button', { name: 'Load more attempts' }).click();
  await expect(count).toHaveText('200 attempts, more to load');
  await page.getByLabel('Email', { exact: true }).fill('user0042@big.test');
  await page.getByRole('button', { name: /Outcome$/ }).click();
  await page.getByRole('option', { name: 'Refused' }).click();
  await page.getByRole('button', { name: 'Search' }).click();
  await expect(count).toHaveText('10 attempts');
  const logCsv = await exported(page, 'Export attempts as CSV');
  expect(logCsv.name).toMatch(/^latchkey-lists-co-activation-log-/);
  expect(logCsv.rows.slice(1).map((r) => [r[2], r[4]])).toEqual(
    Array.from({ length: 10 }, () => ['user0042@big.test', 'failure']),
  );
  await expectAccessibleInBothSchemes(page, 'activation log, filtered');
  await screens(page, 'activation-log');

  // Audit log: filtered by action, paged, exported.
  await page.getByRole('link', { name: 'Audit log' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'entries shown' })).toHaveText(
    '100 entries shown; more to load',
  );
  await page.getByLabel('Action', { exact: true }).fill('activation.revoked');
  await page.getByRole('button', { name: 'Filter' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'entries shown' })).toHaveText(
    '100 entries shown; more to load',
  );
  await page.getByRole('button', { name: 'Load more entries' }).click();
  await page.getByRole('button', { name: 'Load more entries' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'entries shown' })).toHaveText('300 entries shown');
  const auditCsv = await exported(page, 'Export audit entries as CSV');
  expect(auditCsv.rows).toHaveLength(301);
  expect(new Set(auditCsv.rows.slice(1).map((r) => r[2]))).toEqual(new Set(['activation.revoked']));
  await expectAccessibleInBothSchemes(page, 'audit log, filtered');
  await screens(page, 'audit');
});
