// The Dashboard with data (issue 23 items 4 and 5): an account whose license
// filled up by key activations (ten activated, two refused for want of a
// seat), 30 days of seat history, one SCIM request. Its charts say it, each
// chart's table opens by keyboard, and the denials report links each refused
// person to the access check; light and dark, axe 0 violations, screenshots.
import { expect, test, type Page } from '@playwright/test';
import { ConsoleClient } from '../../devtools/console-client.ts';
import { expectAccessible, outside, serviceUrl, tabTo } from './console-pages.ts';

const owner = { email: 'owner@dashco.example', password: 'correct horse battery staple' };
test.describe.configure({ mode: 'serial' });

const device = (n: number) => ({
  deviceId: `dashboard-device-${n}-0123456789`,
  deviceName: `Mac ${n}`,
  os: 'macOS 15',
  appVersion: '1.4.0',
});

test.beforeAll(async () => {
  const base = await serviceUrl();
  const client = new ConsoleClient(base);
  const accountId = await client.signUp('Dash Co', owner.email, owner.password);
  const license = await outside<{ key: string }>('/license', { accountId });
  // Ten people activate with the key (its ten seats), then two more are refused.
  for (let n = 1; n <= 12; n++) {
    const res = await fetch(`${base}/api/v1/activations/by-key`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ licenseKey: license.key, email: `person${n}@dashco.example`, ...device(n) }),
    });
    expect(res.status, `person${n}`).toBe(n <= 10 ? 201 : 403);
  }
  await outside('/seat-history', { accountId, days: 30 });
  // The IdP's SCIM client reads users once with the token the console gave.
  await client.login(owner.email, owner.password);
  const token = (await client.post<{ token: string }>('/api/console/scim-tokens', { label: 'idp' })).body
    .token;
  const scim = await fetch(`${base}/scim/v2/Users?count=1`, {
    headers: { authorization: `Bearer ${token}` },
  });
  expect(scim.status).toBe(200);
});

async function signIn(page: Page) {
  await page.goto(`${await serviceUrl()}/console/sign-in`);
  await page.getByLabel('Email').fill(owner.email);
  await page.getByLabel('Password').fill(owner.password);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1, name: 'Dashboard' })).toBeVisible();
}

const region = (page: Page, name: string) => page.getByRole('region', { name, exact: true });

test('the Dashboard: seats over time, activity by code, idle devices, SCIM health; each chart a table', async ({
  page,
}) => {
  await signIn(page);
  await expect(region(page, 'Licenses')).toContainText('10 of 10 seats used');
  const seats = region(page, 'Seats over time');
  await expect(seats.locator('figcaption')).toContainText('Today 10 of 10 seats used');
  await expect(seats.locator('.recharts-surface')).toBeVisible();
  const activity = region(page, 'Activations and refusals');
  await expect(activity.locator('figcaption')).toContainText(
    '10 activations and 2 refusals in the last 90 days; most refusals: NO_SEATS_AVAILABLE',
  );
  await expect(region(page, 'Idle devices')).toContainText('0 of 10 devices');
  await expect(region(page, 'Integration health')).toContainText('GET /scim/v2/Users answered 200 (OK)');

  // The table behind the activity chart, by keyboard: today's row has 10 activations and 2 refusals.
  await tabTo(page, 'Show as table', 60);
  await tabTo(page, 'Show as table', 60); // the second chart's (the first is the seats chart)
  await page.keyboard.press('Enter');
  const table = activity.getByRole('table', { name: 'Activations and refusals per day' });
  await expect(table).toBeVisible();
  const today = new Date().toISOString().slice(0, 10);
  await expect(table.getByRole('row', { name: new RegExp(`^${today}`) })).toHaveText(
    new RegExp(`${today}\\s*10\\s*2`),
  );
  // The seats chart's table is there for a screen reader even while hidden.
  await expect(seats.getByRole('table').getByRole('row')).toHaveCount(32);
  await page.keyboard.press('Enter'); // "Hide table": the screenshots show the charts
  await expect(activity.getByRole('button', { name: 'Show as table' })).toBeFocused();

  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    await expectAccessible(page, `dashboard ${colorScheme}`);
    await page.screenshot({ path: `test-results/screens/dashboard-${colorScheme}.png`, fullPage: true });
  }
  await page.emulateMedia({ colorScheme: null });
});

test('Denials: who could not activate and why, each linked to the access check', async ({ page }) => {
  await signIn(page);
  await page.getByRole('link', { name: 'Denials: who could not activate, and why' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Denials' })).toBeVisible();
  await expect(page.getByText('2 refused attempts from')).toBeVisible();
  const byCode = region(page, 'By code');
  await expect(byCode.getByRole('row', { name: /^NO_SEATS_AVAILABLE 2 / })).toBeVisible();
  const who = region(page, 'Who could not activate');
  await expect(who.getByRole('row')).toHaveCount(3);
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    await expectAccessible(page, `denials ${colorScheme}`);
    await page.screenshot({ path: `test-results/screens/denials-${colorScheme}.png`, fullPage: true });
  }
  await page.emulateMedia({ colorScheme: null });

  await who.getByRole('link', { name: "Why can't person12@dashco.example activate?" }).click();
  await expect(page).toHaveURL(/\/console\/users\?check=person12%40dashco\.example$/);
  await expect(page.getByLabel('Email to check')).toHaveValue('person12@dashco.example');
  await expect(page.getByRole('region', { name: "Why can't someone activate?" })).toContainText(
    'person12@dashco.example cannot activate',
  );
});
