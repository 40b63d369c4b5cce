// Notifications (issue 24 item 4): an admin turns a rule on for themselves,
// is told where the service cannot save, and sends a test email that the
// world's SMTP server receives. axe-core in light and dark, with screenshots.
import { expect, test, type Locator } from '@playwright/test';
import { outside, screensInBothSchemes, signUpOwner, watchCsp } from './console-pages.ts';

interface Caught {
  to: string[];
  subject: string;
  text: string;
  html: string;
}
const mail = async () => (await outside<{ messages: Caught[] }>('/mail', {})).messages;

const owner = { email: 'owner@notify.test', password: 'correct horse battery staple' };

/** Ticks a react-aria checkbox the way a person does: a click on its label. */
async function tick(scope: Locator, name: string): Promise<void> {
  const box = scope.getByRole('checkbox', { name, exact: true });
  await scope
    .locator('label.tick')
    .filter({ has: scope.page().getByRole('checkbox', { name, exact: true }) })
    .click();
  await expect(box).toBeChecked();
}

test('Notifications: turn a rule on for an admin, a bad spike threshold is refused, send a test email', async ({
  page,
}) => {
  test.setTimeout(180_000);
  const csp = watchCsp(page);
  const base = await signUpOwner(page, 'Notify Inc', owner);

  await page
    .getByRole('navigation', { name: 'Console' })
    .getByRole('link', { name: 'Notifications' })
    .click();
  await expect(page.getByRole('heading', { level: 1, name: 'Notifications' })).toBeVisible();
  await expect(page.getByText('Email is configured')).toBeVisible();

  const certificate = page.getByRole('region', { name: 'IdP certificate expiring or expired' });
  await tick(certificate, 'On');
  await tick(certificate, owner.email);
  await certificate.getByRole('button', { name: 'Save' }).click();
  await expect(certificate.getByText('Saved.')).toBeVisible();
  await expect(certificate).toContainText('Last changed');

  const spike = page.getByRole('region', { name: 'Spike of one refusal code' });
  await expect(spike.getByLabel('Refusals of one code')).toHaveValue('10');
  await spike.getByLabel('Refusals of one code').fill('1');
  await spike.getByRole('button', { name: 'Save' }).click();
  await expect(spike.getByLabel('Refusals of one code')).toHaveAttribute('aria-invalid', 'true');
  await spike.getByLabel('Refusals of one code').fill('5');
  await tick(spike, 'On');
  await tick(spike, owner.email);
  await spike.getByRole('button', { name: 'Save' }).click();
  await expect(spike.getByText('Saved.')).toBeVisible();

  await page.getByRole('button', { name: 'Send a test email' }).click();
  await expect(page.getByText(`Test email sent to ${owner.email}.`)).toBeVisible();
  expect(
    (await mail()).filter((m) => m.to.includes(owner.email) && m.subject.endsWith('(test)')),
  ).toHaveLength(1);
  await screensInBothSchemes(page, 'notifications');

  // A certificate's 7-day notice (as the detector writes it) reaches the admin once, as received.
  const me = (await (await page.request.get(`${base}/api/console/me`)).json()) as { account: { id: string } };
  const event = {
    type: 'certificate.expiring',
    data: {
      fingerprint: 'ab'.repeat(32),
      subject: 'CN=Okta <signing>',
      notAfter: '2027-01-08T00:00:00.000Z',
      daysLeft: 7,
    },
  };
  await outside('/event', { accountId: me.account.id, event });
  await outside('/event', { accountId: me.account.id, event });
  const notice = (m: Caught) => m.to.includes(owner.email) && m.subject.includes('expires in 7 days');
  await expect.poll(async () => (await mail()).filter(notice).length, { timeout: 20_000 }).toBe(1);
  const [received] = (await mail()).filter(notice);
  const view = await page.context().newPage();
  await view.setContent(received?.html ?? '');
  await expect(
    view.getByText('The IdP signing certificate "CN=Okta <signing>" expires on 2027-01-08.'),
  ).toBeVisible();
  await view.screenshot({ path: 'test-results/screens/notification-email.png', fullPage: true });
  await view.close();

  // Saved for good: a reload shows the rules as saved.
  await page.reload();
  await expect(certificate.getByRole('checkbox', { name: 'On' })).toBeChecked();
  await expect(spike.getByLabel('Refusals of one code')).toHaveValue('5');
  expect(csp).toEqual([]);
});
