// Webhooks (issue 24 item 2): an admin adds an endpoint (a receiver on
// loopback, which a development service may call), copies the secret from its
// one showing, sends test events — the first answered 500, the next 200 — and
// reads the delivery log (status, latency, response excerpt, next retry), then
// redelivers. axe-core in light and dark, with screenshots of the endpoints and
// of the delivery log.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test } from '@playwright/test';
import { Webhook } from 'standardwebhooks';
import { screensInBothSchemes, serviceUrl, watchCsp } from './console-pages.ts';

const owner = { email: 'owner@initech.test', password: 'correct horse battery staple' };

test('Webhooks: add an endpoint (secret shown once), send test events, the delivery log, redeliver', async ({
  page,
}) => {
  test.setTimeout(180_000);
  // The receiver: the first request fails with 500, the others succeed; every signature is checked.
  let secret = '';
  const seen: { status: number; verified: boolean }[] = [];
  const receiver = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      let verified = true;
      try {
        new Webhook(secret).verify(body, req.headers as Record<string, string>);
      } catch {
        verified = false;
      }
      const status = seen.length === 0 ? 500 : 200;
      seen.push({ status, verified });
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(status === 200 ? '{"received":true}' : '{"error":"database unavailable"}');
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/latchkey`;
  try {
    const csp = watchCsp(page);
    const base = await serviceUrl();
    await page.goto(`${base}/console/sign-up`);
    await page.getByLabel('Company name', { exact: true }).fill('Initech');
    await page.getByLabel('Work email', { exact: true }).fill(owner.email);
    await page.getByLabel('Password', { exact: true }).fill(owner.password);
    await page.getByRole('button', { name: 'Create account' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'IdP Integration' })).toBeVisible();

    await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Webhooks' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Webhooks' })).toBeVisible();
    await expect(page.getByText('No endpoint yet.')).toBeVisible();

    // Not a URL: refused under its field.
    const add = page.getByRole('region', { name: 'Add endpoint' });
    await add.getByLabel('Endpoint URL', { exact: true }).fill('ftp://example.com/hooks');
    await add.getByRole('button', { name: 'Add endpoint' }).click();
    await expect(add.getByLabel('Endpoint URL', { exact: true })).toHaveAttribute('aria-invalid', 'true');

    await add.getByLabel('Endpoint URL', { exact: true }).fill(receiverUrl);
    await add.getByLabel('Description', { exact: true }).fill('Our SIEM bridge');
    await add.getByRole('button', { name: 'Add endpoint' }).click();
    const shown = page.locator('.copy-value code');
    await expect(shown).toHaveText(/^whsec_[A-Za-z0-9+/=]{44}$/);
    secret = (await shown.textContent()) ?? '';
    const item = page.getByRole('listitem', { name: `Endpoint ${receiverUrl}` });
    await expect(item).toContainText('Enabled');
    await screensInBothSchemes(page, 'webhooks-endpoints');

    // Two test events: the first answered 500 (retried in 5 s), the second 200.
    await item.getByRole('button', { name: 'Send test event' }).click();
    await expect.poll(() => seen.length, { timeout: 15_000 }).toBeGreaterThanOrEqual(1);
    await item.getByRole('button', { name: 'Send test event' }).click();
    await expect.poll(() => seen.length, { timeout: 15_000 }).toBeGreaterThanOrEqual(2);
    expect(seen.every((s) => s.verified)).toBe(true);

    await item.getByRole('link', { name: 'Delivery log' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Delivery log' })).toBeVisible();
    const log = page.getByRole('table', { name: 'Deliveries to this endpoint, newest first' });
    await expect(log.getByRole('row')).toHaveCount(3);
    await expect(log).toContainText('Delivered');
    await expect(log).toContainText('HTTP 500');
    await expect(log).toContainText('{"received":true}');
    await screensInBothSchemes(page, 'webhooks-delivery-log');

    // Redeliver the delivered one: a third request reaches the receiver.
    const before = seen.length;
    await log
      .getByRole('button', { name: /^Redeliver webhook\.test/ })
      .first()
      .click();
    await expect.poll(() => seen.length, { timeout: 15_000 }).toBeGreaterThan(before);
    // Shown once: after a reload the secret is gone from the page.
    await page.goto(`${base}/console/webhooks`);
    await expect(page.getByRole('listitem', { name: `Endpoint ${receiverUrl}` })).toBeVisible();
    await expect(page.getByText(secret)).toHaveCount(0);
    expect(csp).toEqual([]);
  } finally {
    receiver.close();
  }
});
