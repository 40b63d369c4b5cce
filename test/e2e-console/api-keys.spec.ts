// Business Profile → API keys (issue 24 item 3): an admin makes a key for
// their SIEM, copies it from its one showing, the events API answers it; the
// list then names it by its last 4 characters; Revoke (confirmed) ends it.
// axe-core in light and dark, with screenshots.
import { expect, test } from '@playwright/test';
import { screensInBothSchemes, signUpOwner, watchCsp } from './console-pages.ts';

const owner = { email: 'owner@hooli.test', password: 'correct horse battery staple' };

test('API keys: create (shown once), read events with it, listed by 4 characters, revoke', async ({
  page,
}) => {
  test.setTimeout(180_000);
  const csp = watchCsp(page);
  const base = await signUpOwner(page, 'Hooli', owner);

  await page
    .getByRole('navigation', { name: 'Console' })
    .getByRole('link', { name: 'Business Profile' })
    .click();
  const section = page.getByRole('region', { name: 'API keys' });
  await expect(section).toContainText('No API key yet.');

  // An empty name is refused under its field.
  await section.getByRole('button', { name: 'Create API key' }).click();
  await expect(section.getByLabel('Key name', { exact: true })).toHaveAttribute('aria-invalid', 'true');

  await section.getByLabel('Key name', { exact: true }).fill('Splunk');
  await section.getByRole('button', { name: 'Create API key' }).click();
  const shown = section.locator('.copy-value code');
  await expect(shown).toHaveText(/^lkk_[A-Za-z0-9_-]{43}$/);
  const key = (await shown.textContent()) ?? '';
  const ending = key.slice(-4);
  await expect(section.getByRole('listitem', { name: `API key Splunk …${ending}` })).toBeVisible();
  await screensInBothSchemes(page, 'api-keys');

  const read = await page.request.get(`${base}/api/v1/events`, {
    headers: { authorization: `Bearer ${key}` },
  });
  expect(read.status()).toBe(200);
  expect(await read.json()).toMatchObject({ events: [], next: '0' });

  // Shown once: after a reload only the ending is left.
  await page.reload();
  await expect(section.getByRole('listitem', { name: `API key Splunk …${ending}` })).toBeVisible();
  await expect(page.getByText(key)).toHaveCount(0);

  await section.getByRole('button', { name: 'Revoke' }).click();
  const dialog = page.getByRole('alertdialog');
  await expect(dialog).toContainText('refused from now on');
  await dialog.getByRole('button', { name: 'Revoke' }).click();
  await expect(section).toContainText('No API key yet.');
  const after = await page.request.get(`${base}/api/v1/events`, {
    headers: { authorization: `Bearer ${key}` },
  });
  expect(after.status()).toBe(401);
  expect(csp).toEqual([]);
});
