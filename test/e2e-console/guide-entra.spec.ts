// The configurator with Entra ID (its SAML app's Attributes & Claims; SCIM
// provisioning with "Bearer authentication" and a secret token, as the Entra
// SCIM guide sets it up), from an empty account to Activated and one user
// activated; then Deactivate at the top (issue 22 items 3, 4 and 10). The dev
// IdP stands in for Entra ID, its SCIM push is Entra's.
import { expect, test } from '@playwright/test';
import { walkGuide } from './guide-walk.ts';

const xmlsoap = 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims';
const ms = 'http://schemas.microsoft.com';

test('the configurator with Entra ID reaches Activated, a user activates, and Deactivate at the top stops it', async ({
  page,
  browser,
}, testInfo) => {
  test.setTimeout(300_000);
  await walkGuide(page, browser, testInfo, {
    idp: 'Entra ID',
    domain: 'entra-guide.test',
    directory: 'entra',
    vendor: 'entra',
    attributes: [
      [`${xmlsoap}/emailaddress`, 'user.mail'],
      [`${xmlsoap}/givenname`, 'user.givenname'],
      [`${xmlsoap}/name`, 'user.userprincipalname'],
      [`${xmlsoap}/surname`, 'user.surname'],
      [`${ms}/identity/claims/objectidentifier`, 'user.objectid'],
      [
        `${ms}/ws/2008/06/identity/claims/groups`,
        'Add a group claim → Groups assigned to the application, Source attribute: Group ID',
      ],
    ],
  });
  const deactivate = page.getByRole('button', { name: 'Deactivate', exact: true });
  await deactivate.click();
  await expect(page.getByText(/^Not activated/)).toBeVisible();
  await expect(deactivate).toBeDisabled();
  await expect(page.getByRole('button', { name: 'Activate Integration' })).toBeEnabled();
});
