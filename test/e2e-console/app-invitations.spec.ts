// App invitations (issue 25 item 3, the guide's "Deploying via an Invitation
// Email"), in the console of a service without SMTP (the e2e world's): the
// admin sets the download link, invites two people, is told that email is not
// configured and copies their links; the invitee's landing page (signed out,
// no script) offers latchkey://activate with the email and the download link;
// the list then says Opened, and Activated once the invitee's app activates;
// a revoked invitation's page says it was withdrawn. axe-core in light and
// dark, with screenshots, for the console page and the landing page.
import { expect, test } from '@playwright/test';
import { outside, screensInBothSchemes, signUpOwner } from './console-pages.ts';

const owner = { email: 'owner@initrode.test', password: 'correct horse battery staple' };

/** The invitation emails the world's SMTP server received for one address. */
async function mailTo(email: string): Promise<{ subject: string; text: string }[]> {
  const { messages } = await outside<{ messages: { to: string[]; subject: string; text: string }[] }>(
    '/mail',
    {},
  );
  return messages.filter((m) => m.to.includes(email) && /invit/i.test(`${m.subject} ${m.text}`));
}

test('App invitations: invite, the emails received, landing page opened, activated, revoked', async ({
  page,
  browser,
}) => {
  test.setTimeout(180_000);
  const base = await signUpOwner(page, 'Initrode', owner);
  // Step 1 done through the API (its own specs walk it): invitations go to verified domains only.
  const csrf = (await (await page.request.get(`${base}/api/console/csrf`)).json()) as { csrfToken: string };
  const headers = { 'x-csrf-token': csrf.csrfToken };
  const added = await page.request.post(`${base}/api/console/domains`, {
    data: { domain: 'initrode.test' },
    headers,
  });
  const domain = (await added.json()) as { id: string; record: { host: string; value: string } };
  await outside('/dns', domain.record);
  expect(
    (await page.request.post(`${base}/api/console/domains/${domain.id}/verify`, { data: {}, headers })).ok(),
  ).toBe(true);

  await page
    .getByRole('navigation', { name: 'Console' })
    .getByRole('link', { name: 'App invitations' })
    .click();
  await expect(page.getByRole('heading', { level: 1, name: 'App invitations' })).toBeVisible();
  // No download link yet: nobody can be invited until there is one.
  await expect(page.getByRole('region', { name: 'Invite people' })).toHaveCount(0);
  const download = page.getByRole('region', { name: 'Download link' });
  await download
    .getByLabel('Your download link', { exact: true })
    .fill('https://software.initrode.test/latchkey');
  await download.getByRole('button', { name: 'Save download link' }).click();
  await expect(download).toContainText('https://software.initrode.test/latchkey (set for this account)');

  const invite = page.getByRole('region', { name: 'Invite people' });
  await invite.getByLabel('Emails', { exact: true }).fill('peter@initrode.test, samir@initrode.test');
  // One more picked from the directory (the owner is its only user here).
  await invite.getByLabel('Pick from your directory', { exact: true }).fill('own');
  await invite.getByRole('button', { name: 'Add owner@initrode.test' }).click();
  await expect(invite.getByLabel('Emails', { exact: true })).toHaveValue(
    'peter@initrode.test, samir@initrode.test\nowner@initrode.test',
  );
  await invite.getByRole('button', { name: 'Send invitations' }).click();
  // The world's service sends through a real SMTP server on loopback: each invitee gets one email.
  await expect(invite).toContainText('3 invited. Their emails are on their way.');
  const linkIn = async (email: string): Promise<string> => {
    await expect.poll(async () => (await mailTo(email)).length, { timeout: 30_000 }).toBe(1);
    const [mail] = await mailTo(email);
    return /https?:\/\/\S+\/activate\/i\/[A-Za-z0-9_-]{43}/.exec(mail?.text ?? '')?.[0] ?? '';
  };
  const peterLink = await linkIn('peter@initrode.test');
  const samirLink = await linkIn('samir@initrode.test');
  expect(peterLink).toMatch(/\/activate\/i\/[A-Za-z0-9_-]{43}$/);
  const list = page.getByRole('table', { name: 'Invitations, newest first' });
  await page.reload();
  await expect(list.getByRole('row', { name: /peter@initrode\.test/ })).toContainText('Sent');
  await screensInBothSchemes(page, 'app-invitations');

  // The invitee opens the link: another browser, signed out, JavaScript off.
  const invitee = await browser.newContext({ javaScriptEnabled: false });
  const landing = await invitee.newPage();
  await landing.goto(peterLink);
  await expect(landing.getByRole('heading', { level: 1, name: 'Activate Latchkey' })).toBeVisible();
  await expect(landing.getByRole('link', { name: 'Open Latchkey and activate' })).toHaveAttribute(
    'href',
    /^latchkey:\/\/activate\?email=peter%40initrode\.test&invitation=[0-9a-f-]{36}$/,
  );
  await expect(landing.getByRole('link', { name: 'Download Latchkey' })).toHaveAttribute(
    'href',
    'https://software.initrode.test/latchkey',
  );
  await expect(landing.getByText('samir@initrode.test')).toHaveCount(0);
  // axe runs as a script in the page: the same page in a browser with JavaScript on.
  const scripted = await browser.newContext();
  const checked = await scripted.newPage();
  await checked.goto(peterLink);
  await screensInBothSchemes(checked, 'app-invitation-landing');
  await scripted.close();

  await page.reload();
  await expect(list.getByRole('row', { name: /peter@initrode\.test/ })).toContainText('Opened');

  // Peter's app activates (the license key path stands in for the SSO sign-in: the same transaction).
  const license = await outside<{ key: string }>('/license', { ownerEmail: owner.email });
  await outside('/silent-devices', {
    key: license.key,
    devices: [{ email: 'peter@initrode.test', device: 'Peter Mac', days: 0 }],
  });
  await page.reload();
  await expect(list.getByRole('row', { name: /peter@initrode\.test/ })).toContainText('Activated');

  // Filter by status.
  await page.getByRole('button', { name: /Status/ }).click();
  await page.getByRole('option', { name: 'Activated' }).click();
  await expect(list.getByRole('row')).toHaveCount(2);
  await page.getByRole('button', { name: /Status/ }).click();
  await page.getByRole('option', { name: 'All' }).click();

  // Samir's invitation revoked: his page says it was withdrawn.
  await list
    .getByRole('row', { name: /samir@initrode\.test/ })
    .getByRole('button', { name: 'Revoke' })
    .click();
  const dialog = page.getByRole('alertdialog');
  await expect(dialog).toContainText('withdrawn');
  await dialog.getByRole('button', { name: 'Revoke' }).click();
  await expect(list.getByRole('row', { name: /samir@initrode\.test/ })).toContainText('Revoked');
  await landing.goto(samirLink);
  await expect(
    landing.getByRole('heading', { level: 1, name: 'This invitation was withdrawn' }),
  ).toBeVisible();
  await invitee.close();
});
