// The admin console walked in Debian's Chromium against the real service, the
// loopback DNS server and the dev IdP, through the screens only: an empty
// account signs up, walks the seven steps, activates the integration; a user
// activates through the desktop webshell and the attempt shows in the log; a
// refused one shows its evidence; server-side validation errors appear next to
// their fields. Then the same by keyboard only, and axe-core on every page in
// light and dark. A screenshot of every page and step is an artifact.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { continueWithSso, dialog, signInAtIdp } from '../e2e/dialogs.ts';
import { startWebshell } from '../e2e/webshell.ts';
import {
  expectAccessible,
  expectAccessibleInBothSchemes,
  expectFieldError,
  expectGreen,
  openStep,
  outside,
  consoleWorld,
  serviceUrl,
  snap,
  step,
  tickIdpDone,
  tabTo,
  watchCsp,
} from './console-pages.ts';

const owner = { email: 'owner@acme.test', password: 'correct horse battery staple' };
test.describe.configure({ mode: 'serial' });

async function signIn(page: Page) {
  await page.goto(`${await serviceUrl()}/console/sign-in`);
  await page.getByLabel('Email', { exact: true }).fill(owner.email);
  await page.getByLabel('Password', { exact: true }).fill(owner.password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  // Sign-in lands on the Dashboard (issue 22 item 1); the configurator is in the menu.
  await expect(page.getByRole('heading', { level: 1, name: 'Dashboard' })).toBeVisible();
  await page.getByRole('link', { name: 'IdP Integration' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'IdP Integration' })).toBeVisible();
}

test('an empty account walks to Activated through the screens; activations show in the log', async ({
  page,
  browser,
}, testInfo) => {
  // A bound for hangs, not for speed: the whole walk with an axe run per new state, on a shared 2-core machine.
  test.setTimeout(420_000);
  const csp = watchCsp(page);
  const base = await serviceUrl();
  await page.goto(base);
  await expect(page).toHaveURL(/\/console\/sign-in$/);
  await expect(page.getByRole('heading', { name: 'Sign in to the Latchkey console' })).toBeVisible();
  await snap(page, testInfo, '01-sign-in');

  // Sign up; the service refuses a short password, and says so under the Password field.
  await page.getByRole('link', { name: 'Create a business account' }).click();
  await page.getByLabel('Company name', { exact: true }).fill('Acme Corporation');
  await page.getByLabel('Work email', { exact: true }).fill(owner.email);
  await page.getByLabel('Password', { exact: true }).fill('short');
  await page.getByRole('button', { name: 'Create account' }).click();
  await expectFieldError(page, 'Password', /at least 12 characters/);
  await snap(page, testInfo, '02-sign-up-password-refused');
  await page.getByLabel('Password', { exact: true }).fill(owner.password);
  await page.getByRole('button', { name: 'Create account' }).click();

  // Business Profile → IdP Integration → Start Configuring: six gray steps, Activate lists them (step 7 is
  // green: the signed-in owner is the default backup login, as the guide says).
  await expect(page.getByRole('heading', { level: 1, name: 'IdP Integration' })).toBeVisible();
  await expect(page.locator('.crumb')).toContainText('Business Profile');
  await snap(page, testInfo, '03-idp-integration-start');
  await page.getByRole('button', { name: 'Start Configuring' }).click();
  await expect(page.locator('[data-step]')).toHaveCount(7);
  await expect(page.locator('.step-trigger .badge', { hasText: 'Not done' })).toHaveCount(6);
  const activate = page.getByRole('button', { name: 'Activate Integration' });
  await expect(activate).toBeDisabled();
  await expect(page.locator('#activate-blockers li')).toHaveCount(6);
  await expect(page.locator('#activate-blockers')).toContainText(
    "Step 1: Configure Your Organization's Domain(s) — at least one domain",
  );
  await snap(page, testInfo, '04-seven-steps-gray');

  // Step 1: a public mail domain is refused next to the field; acme.test is added and verified over DNS.
  const domains = await openStep(page, 'domains');
  await domains.getByLabel('Domain', { exact: true }).fill('gmail.com');
  await domains.getByRole('button', { name: 'Add domain' }).click();
  await expectFieldError(domains, 'Domain', /.+/);
  await snap(page, testInfo, '05-step1-domain-refused');
  await domains.getByLabel('Domain', { exact: true }).fill('acme.test');
  await domains.getByRole('button', { name: 'Add domain' }).click();
  const row = domains.getByRole('listitem', { name: 'acme.test' });
  await expect(row).toContainText('Not verified');
  await row.getByRole('button', { name: 'Verify acme.test' }).click();
  await expect(row).toContainText('not verified —');
  const host = await row.locator('.copy-value', { hasText: 'TXT record name' }).locator('code').innerText();
  const value = await row.locator('.copy-value', { hasText: 'TXT record value' }).locator('code').innerText();
  await row.getByRole('button', { name: 'Copy TXT record value for acme.test' }).click();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(value);
  await outside('/dns', { host, value });
  await row.getByRole('button', { name: 'Verify acme.test' }).click();
  await expect(row.locator('.badge')).toHaveText('Verified');
  await expectGreen(page, 'domains');
  await snap(page, testInfo, '06-step1-domain-verified');

  // Step 2: our values, the Okta field names, the tick.
  const register = await openStep(page, 'sp_registration');
  await expect(register).toContainText('Service Provider Entity ID');
  await expect(register).toContainText('Assertion Consumer Service URL');
  await register.getByRole('button', { name: /Your identity provider/ }).click();
  await page.getByRole('option', { name: 'Okta' }).click();
  await expect(register.getByRole('table', { name: 'In Okta', exact: true })).toContainText(
    'Audience URI (SP Entity ID)',
  );
  await tickIdpDone(register);
  await expectGreen(page, 'sp_registration');
  await snap(page, testInfo, '07-step2-register-app');

  // Step 3: a blank group ID is refused by the service, next to that field.
  const groups = await openStep(page, 'group_mapping');
  await groups.getByLabel('Admins group name', { exact: true }).fill('Latchkey Admins');
  await groups.getByLabel('Desktop-users group name', { exact: true }).fill('Latchkey Desktop Users');
  await groups.getByLabel('Desktop-users group ID', { exact: true }).fill('grp-desktop');
  await groups.getByRole('button', { name: 'Save', exact: true }).click();
  await expectFieldError(groups, 'Admins group ID', /.+/);
  await snap(page, testInfo, '08-step3-group-id-refused');
  await groups.getByLabel('Admins group ID', { exact: true }).fill('grp-admins');
  await groups.getByRole('button', { name: 'Save', exact: true }).click();
  await expectGreen(page, 'group_mapping');
  await snap(page, testInfo, '09-step3-groups-mapped');

  // Step 4: an SSO URL that is not a URL is refused next to it; then the dev IdP's metadata is imported.
  const saml = await openStep(page, 'saml');
  await saml.getByLabel('Identity Provider Entity ID', { exact: true }).fill('https://idp.example/');
  await saml.getByLabel('Identity Provider SSO URL', { exact: true }).fill('not a url');
  await saml.getByLabel('Public Certificate', { exact: true }).fill('MIIB');
  await saml.getByRole('button', { name: 'Save', exact: true }).click();
  await expectFieldError(saml, 'Identity Provider SSO URL', /not a URL/i);
  await saml.getByLabel('Identity Provider SSO URL', { exact: true }).fill('https://idp.example/sso');
  await saml.getByRole('button', { name: 'Save', exact: true }).click();
  await expectFieldError(saml, 'Public Certificate', /not a PEM certificate|does not parse/i);
  await snap(page, testInfo, '10-step4-saml-refused');
  const metadataFile = join(mkdtempSync(join(tmpdir(), 'latchkey-idp-')), 'dev-idp-metadata.xml');
  writeFileSync(metadataFile, await (await fetch(`${base}/dev-idp/metadata`)).text());
  const chooser = page.waitForEvent('filechooser');
  await saml.getByRole('button', { name: 'Import IdP metadata file…' }).click();
  await (await chooser).setFiles(metadataFile);
  await expect(saml.getByText(/^Imported: 1 certificate/)).toBeVisible();
  await expect(saml.getByLabel('Configured certificates', { exact: true })).toContainText(
    'SHA-256 fingerprint',
  );
  await expectGreen(page, 'saml');
  // The SAML options go to PUT /integration/sp-options together; any the service refuses is named beside it.
  await saml.getByRole('button', { name: 'Save SAML options' }).click();
  await expect(saml.getByText('SAML options saved.').or(saml.locator('.option .field-error'))).toBeVisible();
  await snap(page, testInfo, '11-step4-saml-imported');

  // --- console: step 4 metadata URL and SAML options (begin) ---
  // The metadata URL: the service's refusals show beside the field; then the dev IdP's URL is
  // followed, with the last fetch's time and result, and re-fetched at once.
  const metadataUrl = saml.getByLabel('IdP metadata URL', { exact: true });
  await metadataUrl.fill('not a url');
  await saml.getByRole('button', { name: 'Fetch and follow' }).click();
  await expectFieldError(saml, 'IdP metadata URL', /not a URL/i);
  await metadataUrl.fill(`${base}/dev-idp/no-such-metadata`);
  await saml.getByRole('button', { name: 'Fetch and follow' }).click();
  await expectFieldError(saml, 'IdP metadata URL', /HTTP 404/);
  await snap(page, testInfo, '11a-step4-metadata-url-refused');
  await expectAccessibleInBothSchemes(page, 'step4 metadata URL refused');
  await metadataUrl.fill(`${base}/dev-idp/metadata`);
  await saml.getByRole('button', { name: 'Fetch and follow' }).click();
  await expect(saml.getByText(/^Imported: 1 certificate/)).toBeVisible();
  const following = saml.locator('.metadata-url dl');
  await expect(following).toContainText(`${base}/dev-idp/metadata`);
  await expect(following.locator('dt:text-is("Last result") + dd')).toHaveText('OK');
  await expect(following.locator('dt:text-is("Last good copy fetched") + dd time')).toBeVisible();
  await saml.getByRole('button', { name: 'Re-fetch now' }).click();
  await expect(saml.getByText('Re-fetched: the metadata has not changed.')).toBeVisible();
  await expectGreen(page, 'saml');
  await snap(page, testInfo, '11b-step4-metadata-url-followed');
  // The SAML options: a clock skew past the limit is refused beside its field; SHA-1 is marked
  // weak in words, and while it is on the service's warning says why.
  const skew = saml.getByLabel('Allowed clock skew (seconds)', { exact: true });
  const skewBefore = await skew.inputValue();
  await skew.fill('601');
  await saml.getByRole('button', { name: 'Save SAML options' }).click();
  await expectFieldError(saml, 'Allowed clock skew (seconds)', /600/);
  await skew.fill(skewBefore);
  const weak = saml.locator('.option.weak');
  await expect(weak).toContainText('Weak: accepts RSA-SHA1 signatures');
  await expect(weak).toContainText('Saved: off');
  await weak.locator('label.tick', { hasText: 'Allow SHA-1 signatures (weak)' }).click();
  await saml.getByRole('button', { name: 'Save SAML options' }).click();
  await expect(saml.getByText(/^Weak setting on: RSA-SHA1 signatures are accepted/)).toBeVisible();
  await expect(weak).toContainText('Saved: on');
  await snap(page, testInfo, '11c-step4-sha1-weak-on');
  await expectAccessibleInBothSchemes(page, 'step4 SHA-1 weak on');
  await weak.locator('label.tick', { hasText: 'Allow SHA-1 signatures (weak)' }).click();
  await saml.getByRole('button', { name: 'Save SAML options' }).click();
  await expect(weak).toContainText('Saved: off');
  await expect(saml.getByText(/^Weak setting on/)).toHaveCount(0);
  // --- console: step 4 metadata URL and SAML options (end) ---

  // Step 5: a Bearer Token shown once; the IdP (Okta's SCIM client) pushes the directory with it.
  const scim = await openStep(page, 'scim');
  await expect(scim).toContainText(`${base}/scim/v2`);
  await scim.getByRole('button', { name: 'Create Bearer Token' }).click();
  const token = await scim.locator('.copy-value', { hasText: 'Bearer Token' }).locator('code').innerText();
  expect(token).toMatch(/^lks_/);
  // Beyond its one showing, the token list names it by its last characters only.
  await expect(scim.locator('li.token').first()).toContainText(`lks_…${token.slice(-4)}`);
  await snap(page, testInfo, '12-step5-bearer-token-once');
  await outside('/scim-push', { token });
  await tickIdpDone(scim);
  await expectGreen(page, 'scim');

  // --- console: step 5 SCIM OAuth client (begin) ---
  // Beside the Bearer Token, an OAuth client: its secret, shown once, is what the IdP's SCIM client
  // exchanges at the Token URL; a second secret rotates without a gap; at most five are live.
  await expect(scim.locator('.copy-value', { hasText: 'Token URL' }).locator('code')).toHaveText(
    `${base}/scim/oauth/token`,
  );
  await scim.getByRole('button', { name: 'Create OAuth client' }).click();
  const once = scim.locator('.alert', { hasText: 'Copy the Client Secret now' });
  const onceSecret = once.locator('.copy-value', { hasText: 'Client Secret' }).locator('code');
  const clientId = await once.locator('.copy-value', { hasText: 'Client ID' }).locator('code').innerText();
  const secret1 = await onceSecret.innerText();
  const secret1Id = await once.locator('p code').innerText();
  expect(await outside('/scim-oauth', { clientId, clientSecret: secret1 })).toEqual({
    status: 200,
    scimStatus: 200,
  });
  const oauthClient = scim.getByRole('listitem', { name: 'OAuth client SCIM OAuth client' });
  await expect(oauthClient.locator('caption')).toContainText('1 of at most 5');
  await snap(page, testInfo, '12a-step5-oauth-client-secret-once');
  await expectAccessibleInBothSchemes(page, 'step5 OAuth client secret shown once');
  await oauthClient.getByRole('button', { name: 'Add secret to SCIM OAuth client' }).click();
  await expect(onceSecret).not.toHaveText(secret1);
  const secret2 = await onceSecret.innerText();
  await expect(oauthClient.locator('caption')).toContainText('2 of at most 5');
  await oauthClient.getByRole('button', { name: `Revoke secret ${secret1Id}` }).click();
  await expect(oauthClient.locator('caption')).toContainText('1 of at most 5');
  expect(await outside('/scim-oauth', { clientId, clientSecret: secret1 })).toMatchObject({
    error: 'invalid_client',
  });
  expect(await outside('/scim-oauth', { clientId, clientSecret: secret2 })).toMatchObject({
    scimStatus: 200,
  });
  const addSecret = oauthClient.getByRole('button', { name: 'Add secret to SCIM OAuth client' });
  for (let live = 2; live <= 5; live++) {
    await addSecret.click();
    await expect(oauthClient.locator('caption')).toContainText(`${live} of at most 5`);
  }
  await expect(addSecret).toBeDisabled();
  await expect(addSecret).toHaveAccessibleDescription(/revoke one before adding another/);
  // Once the page is left, a secret is never shown again: only its id and last characters.
  await page.reload();
  const scimAgain = await openStep(page, 'scim');
  await expect(scimAgain.getByRole('listitem', { name: 'OAuth client SCIM OAuth client' })).toContainText(
    `lkss_…${secret2.slice(-4)}`,
  );
  await expect(scimAgain).not.toContainText(secret2);
  await snap(page, testInfo, '12b-step5-oauth-client-five-secrets');
  await scimAgain.getByRole('button', { name: 'Revoke client SCIM OAuth client' }).click();
  await expect(scimAgain.getByText('No OAuth client yet.')).toBeVisible();
  expect(await outside('/scim-oauth', { clientId, clientSecret: secret2 })).toMatchObject({
    error: 'invalid_client',
  });
  // --- console: step 5 SCIM OAuth client (end) ---

  // Step 6: the synced counts, the tick.
  const assigned = await openStep(page, 'users_assigned');
  await assigned.getByRole('button', { name: 'Refresh counts' }).click();
  await expect(assigned.getByRole('row', { name: /Desktop-users group/ })).toContainText('2');
  await expect(assigned.getByRole('row', { name: /Admins group/ })).toContainText('1');
  await tickIdpDone(assigned);
  await expectGreen(page, 'users_assigned');
  await snap(page, testInfo, '13-step6-users-assigned');

  // Step 7: the owner is the backup login by default; the picker offers only users who have signed in
  // (the owner; not the SCIM-pushed ones).
  const backup = await openStep(page, 'backup_login');
  await expectGreen(page, 'backup_login');
  await expect(backup).toContainText(`Backup login now: ${owner.email}`);
  await backup.getByRole('button', { name: /Backup login/ }).click();
  await expect(page.getByRole('option')).toHaveCount(1);
  await page.getByRole('option', { name: owner.email }).click();
  await expect(backup.getByRole('button', { name: 'Save backup login' })).toBeDisabled();
  await snap(page, testInfo, '14-step7-backup-login');

  await expect(page.locator('#activate-blockers')).toHaveCount(0);

  // --- testconn: Test connection before activating, by keyboard: this tab goes to the dev IdP's
  // login page and back; the page shows whom the IdP vouched for and the groups against step 3.
  const testCard = page.getByRole('region', { name: 'Test connection' });
  await expect(testCard).toContainText('No test has been run yet.');
  await testCard.getByRole('button', { name: 'Test connection' }).focus();
  await page.keyboard.press('Enter');
  await signInAtIdp(page, 'alice@acme.test');
  await expect(page.getByRole('heading', { level: 1, name: 'IdP Integration' })).toBeVisible();
  await expect(testCard).toContainText(/accepted as alice@acme\.test, with groups .*grp-admins/);
  await expect(testCard).toContainText(/accepted as alice@acme\.test, with groups .*grp-desktop/);
  const sent = testCard.getByRole('table', { name: 'Groups sent, against step 3' });
  await expect(sent.getByRole('row', { name: /Admins group/ })).toContainText('Matches');
  await expect(sent.getByRole('row', { name: /Desktop-users group/ })).toContainText('Matches');
  await expect(page.getByText(/^Not activated/)).toBeVisible();
  await snap(page, testInfo, '14b-test-connection-accepted');
  // --- end testconn

  await activate.click();
  await expect(page.getByText(/^Activated/)).toBeVisible();
  await snap(page, testInfo, '15-integration-activated');

  // The vendor registers the license; Alice activates in the desktop app, Carol (in no group) is refused.
  await outside('/license', { ownerEmail: owner.email });
  // Each user's desktop has its own system browser (its own cookies), apart from the admin's.
  const shell = await startWebshell({ world: await consoleWorld() });
  const aliceDesktop = await browser.newContext();
  try {
    const context = aliceDesktop;
    const app = await context.newPage();
    await app.goto(shell.url);
    const alice = await continueWithSso(app, context, 'alice@acme.test');
    await signInAtIdp(alice, 'alice@acme.test');
    await expect(dialog(app, 'activated')).toContainText('alice@acme.test');
    await app.getByRole('button', { name: 'Done' }).click();
    await expect(dialog(app, 'account-license')).toContainText('Licensed to');
    await alice.close();
    await app.close();
  } finally {
    await aliceDesktop.close();
    await shell.stop();
  }
  const carolShell = await startWebshell({ world: await consoleWorld() });
  const carolDesktop = await browser.newContext();
  let carolRef: string;
  try {
    const context = carolDesktop;
    const app = await context.newPage();
    await app.goto(carolShell.url);
    const carol = await continueWithSso(app, context, 'carol@acme.test');
    await signInAtIdp(carol, 'carol@acme.test');
    await expect(dialog(app, 'failed')).toContainText('USER_NOT_IN_GROUP');
    carolRef = /Reference\s*(\d+)/.exec(await dialog(app, 'failed').innerText())?.[1] ?? '';
    expect(carolRef).not.toBe('');
    await carol.close();
    await app.close();
  } finally {
    await carolDesktop.close();
    await carolShell.stop();
  }

  // The activation log: Alice accepted; Carol refused, found by the reference she was shown.
  await page.getByRole('link', { name: 'Activation log' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Activation log' })).toBeVisible();
  await expect(page.locator('.attempt.ok', { hasText: 'alice@acme.test' }).first()).toBeVisible();
  await snap(page, testInfo, '16-activation-log');
  // Not a reference: the field says so, and no list stands for the answer.
  await page.getByLabel('Reference', { exact: true }).fill('banana');
  await page.getByRole('button', { name: 'Search' }).click();
  await expect(page.getByText('must be a reference like')).toBeVisible();
  await expect(page.locator('.attempt')).toHaveCount(0);
  await page.getByLabel('Reference', { exact: true }).fill(`USER_NOT_IN_GROUP ref:${carolRef}`);
  await page.getByRole('button', { name: 'Search' }).click();
  await expect(page.locator('.attempt')).toHaveCount(1);
  await expect(page.getByRole('status').filter({ hasText: /attempt/ })).toHaveText('1 attempt');
  const refused = page.locator(`.attempt[data-reference="${carolRef}"]`);
  await refused.getByRole('button').first().click();
  await expect(refused).toContainText('carol@acme.test');
  await expect(refused).toContainText('Add the user to the desktop-users group');
  const evidence = refused.getByRole('table', { name: 'Evidence (secrets redacted)' });
  await expect(evidence).toContainText('issuer');
  await expect(evidence).toContainText('audience');
  await expect(evidence).not.toContainText(/lks_|BEGIN CERTIFICATE|SignatureValue/);
  await snap(page, testInfo, '17-activation-log-refused-evidence');

  // Users: source, groups, devices; revoke Alice's device.
  await page.getByRole('link', { name: 'Users' }).click();
  await page.getByLabel('Search users', { exact: true }).fill('alice');
  const aliceRow = page.getByRole('row', { name: /alice@acme\.test/ }).first();
  await expect(aliceRow).toContainText('SCIM');
  await expect(aliceRow).toContainText('Latchkey Desktop Users');
  await aliceRow.getByRole('button', { name: /1 device/ }).click();
  await expect(page.getByRole('table', { name: 'Devices of alice@acme.test' })).toBeVisible();
  await snap(page, testInfo, '18-users-devices');

  // --- console: Why can't this user activate? (begin) ---
  // Carol, in no group: the access check names the failing rule "group" with its remedy; the rules
  // before it pass, the ones after are not reached (each verdict in words).
  await page.getByLabel('Search users', { exact: true }).fill('carol');
  await page
    .getByRole('row', { name: /carol@acme\.test/ })
    .first()
    .getByRole('button', { name: /Why can't this user activate\?/ })
    .click();
  const carolCheck = page.getByRole('region', { name: "Why can't carol@acme.test activate?" });
  await expect(carolCheck).toContainText('carol@acme.test cannot activate: rule “group” fails');
  const groupRule = carolCheck.locator('[data-rule="group"]');
  await expect(groupRule).toContainText('✗ Fails');
  await expect(groupRule).toContainText('Remedy: Add the user to the group "Latchkey Desktop Users"');
  await expect(groupRule).toContainText('USER_NOT_IN_GROUP');
  await expect(carolCheck.locator('[data-rule="domain"]')).toContainText('✓ Pass');
  await expect(carolCheck.locator('[data-rule="devices"]')).toContainText('– Not reached');
  // An email with no user yet: the first rule it fails is named, too.
  const anyone = page.getByRole('region', { name: "Why can't someone activate?" });
  await anyone.getByLabel('Email to check', { exact: true }).fill('dora@unclaimed.example');
  await anyone.getByRole('button', { name: 'Check access' }).click();
  await expect(anyone).toContainText('dora@unclaimed.example cannot activate: rule “domain” fails');
  await anyone.getByLabel('Email to check', { exact: true }).fill('nobody@acme.test');
  await anyone.getByRole('button', { name: 'Check access' }).click();
  await expect(anyone).toContainText('nobody@acme.test cannot activate: rule “user” fails');
  await snap(page, testInfo, '18a-users-access-check');
  await expectAccessibleInBothSchemes(page, 'users access check');
  await anyone.getByLabel('Email to check', { exact: true }).fill('not an email');
  await anyone.getByRole('button', { name: 'Check access' }).click();
  await expectFieldError(anyone, 'Email to check', /.+/);
  // --- console: Why can't this user activate? (end) ---

  // Licenses: seats used / total, devices; a sublicense larger than the license is refused next to Seats.
  await page.getByRole('link', { name: 'Licenses' }).click();
  // The Users page's access checks have .facts too: wait for the Licenses page first.
  await expect(page.getByRole('heading', { level: 1, name: 'Licenses' })).toBeVisible();
  await expect(page.locator('.facts')).toContainText('1 / 10');
  await expect(page.getByRole('table', { name: 'Devices on this license' })).toContainText('alice@acme.test');
  await page.getByRole('button', { name: /Group$/ }).click();
  await page.getByRole('option', { name: /Latchkey Desktop Users/ }).click();
  await page.getByLabel('Seats', { exact: true }).fill('11');
  await page.getByRole('button', { name: 'Create sublicense' }).click();
  await expectFieldError(page, 'Seats', /only 10 of the license/i);
  await snap(page, testInfo, '19-licenses-sublicense-refused');
  await page.getByLabel('Seats', { exact: true }).fill('4');
  await page.getByRole('button', { name: 'Create sublicense' }).click();
  await expect(page.getByRole('table', { name: 'Seats given to groups' })).toContainText(
    'Latchkey Desktop Users',
  );
  await snap(page, testInfo, '20-licenses');

  // Users again: revoke the device; the license frees the seat.
  await page.getByRole('link', { name: 'Users' }).click();
  await page
    .getByRole('row', { name: /alice@acme\.test/ })
    .first()
    .getByRole('button', { name: /1 device/ })
    .click();
  await page.getByRole('button', { name: /^Revoke/ }).click();
  await expect(page.getByRole('row', { name: /alice@acme\.test/ }).first()).toContainText('0 devices');

  await page.getByRole('link', { name: 'Audit log' }).click();
  await expect(page.getByRole('table', { name: 'Who changed what, newest first' })).toContainText(
    'integration.activated',
  );
  await expect(page.getByRole('table', { name: 'Who changed what, newest first' })).toContainText(
    'SCIM (token',
  );
  await snap(page, testInfo, '21-audit-log');

  // Sign out; the owner is the backup login, so the password still works with SSO active.
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByRole('heading', { name: 'Sign in to the Latchkey console' })).toBeVisible();
  await signIn(page);
  expect(csp).toEqual([]);
});

test('an admin of the admins group signs in with Continue with SSO (email first, then the IdP)', async ({
  page,
}, testInfo) => {
  // Bob may activate the app but is not in the admins group: the IdP signs him in, the console does not.
  await page.goto(`${await serviceUrl()}/console/sign-in`);
  await page.getByRole('button', { name: 'Continue with SSO' }).click();
  await page.getByLabel('Work email', { exact: true }).fill('bob@acme.test');
  await page.getByRole('button', { name: 'Continue', exact: true }).click();
  await signInAtIdp(page, 'bob@acme.test');
  await expect(page.getByRole('heading', { name: 'Sign-in did not work' })).toBeVisible();
  await expect(page.locator('body')).toContainText('USER_NOT_IN_GROUP');
  await page.context().clearCookies();

  await page.goto(`${await serviceUrl()}/console/sign-in`);
  await page.getByRole('button', { name: 'Continue with SSO' }).click();
  await page.getByLabel('Work email', { exact: true }).fill('alice@acme.test');
  await snap(page, testInfo, '22-sign-in-sso-email');
  await page.getByRole('button', { name: 'Continue', exact: true }).click();
  await signInAtIdp(page, 'alice@acme.test');
  await expect(page.getByRole('heading', { level: 1, name: 'Dashboard' })).toBeVisible();
  await expect(page.getByText('alice@acme.test (signed in with single sign-on)')).toBeVisible();
});

test('the walk works by keyboard alone', async ({ page }) => {
  await page.goto(`${await serviceUrl()}/console/sign-in`);
  await tabTo(page, 'Email');
  await page.keyboard.type(owner.email);
  await page.keyboard.press('Tab');
  await page.keyboard.type(owner.password);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1, name: 'Dashboard' })).toBeFocused();
  await tabTo(page, 'IdP Integration');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1, name: 'IdP Integration' })).toBeFocused();

  // A step opens with Enter; its tick toggles with Space (and back).
  await tabTo(page, /Step 2: Register Latchkey enterprise app/);
  await page.keyboard.press('Enter');
  const trigger = step(page, 'sp_registration').locator('button[slot="trigger"]');
  await expect(trigger).toHaveAttribute('aria-expanded', 'true');
  await tabTo(page, /Configuration in the IdP Directory is done$/);
  await page.keyboard.press('Space');
  await expect(step(page, 'sp_registration').locator('.step-trigger .badge')).toHaveText('Not done');
  await page.keyboard.press('Space');
  await expect(step(page, 'sp_registration').locator('.step-trigger .badge')).toHaveText('Done');

  // Every page through the navigation, each heading focused on arrival.
  for (const name of ['Users', 'Licenses', 'Activation log', 'Audit log', 'IdP Integration']) {
    await page.keyboard.press('Shift+Tab');
    await tabTo(page, name);
    await page.keyboard.press('Enter');
    await expect(page.getByRole('heading', { level: 1, name })).toBeFocused();
  }

  // --- console: new screens by keyboard (begin) ---
  // Carol's access check opens with Enter; any email is checked with Enter in its field.
  await page.getByRole('link', { name: 'Users' }).focus();
  await page.keyboard.press('Enter');
  await tabTo(page, 'Search users');
  await page.keyboard.type('carol');
  await expect(page.getByRole('table', { name: '1 users matching “carol”' })).toBeVisible();
  await tabTo(page, /Why can't this user activate\? \(carol@acme\.test\)/);
  await page.keyboard.press('Enter');
  await expect(page.locator('[data-rule="group"]')).toContainText('✗ Fails');
  await tabTo(page, 'Email to check');
  await page.keyboard.type('dora@unclaimed.example');
  await page.keyboard.press('Enter');
  await expect(page.getByText(/dora@unclaimed\.example cannot activate: rule “domain” fails/)).toBeVisible();
  // Step 4's Re-fetch now and step 5's OAuth client, by Tab and Enter.
  await page.getByRole('link', { name: 'IdP Integration' }).focus();
  await page.keyboard.press('Enter');
  await tabTo(page, /Step 4: Configure SAML integration/);
  await page.keyboard.press('Enter');
  await tabTo(page, 'Copy Service Provider Entity ID');
  await page.keyboard.press('Enter');
  await expect(step(page, 'saml').getByText('Copied')).toBeVisible();
  await tabTo(page, 'Re-fetch now');
  await page.keyboard.press('Enter');
  await expect(page.getByText('Re-fetched: the metadata has not changed.')).toBeVisible();
  await tabTo(page, /Step 5: Configure SCIM integration/);
  await page.keyboard.press('Enter');
  await tabTo(page, 'Create OAuth client');
  await page.keyboard.press('Enter');
  await expect(page.getByText('Copy the Client Secret now')).toBeVisible();
  await tabTo(page, 'Revoke client SCIM OAuth client', 80, 'Shift+Tab');
  await page.keyboard.press('Enter');
  await expect(page.getByText('No OAuth client yet.')).toBeVisible();
  // --- console: new screens by keyboard (end) ---

  // The log's filter picker by keyboard, an attempt opened with Enter.
  await page.getByRole('link', { name: 'Activation log' }).focus();
  await page.keyboard.press('Enter');
  await tabTo(page, 'Email');
  await page.keyboard.type('carol');
  await tabTo(page, /Failure code/);
  await page.keyboard.press('Enter');
  await page.keyboard.type('USER_NOT_IN');
  await page.keyboard.press('Enter');
  await tabTo(page, 'Search');
  await page.keyboard.press('Enter');
  await expect(page.locator('.attempt')).toHaveCount(1);
  await tabTo(page, /carol@acme\.test/);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('table', { name: 'Evidence (secrets redacted)' })).toBeVisible();

  await tabTo(page, 'Sign out');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'Sign in to the Latchkey console' })).toBeFocused();
});

test('every page passes axe-core WCAG 2.1 AA, in light and dark colour schemes', async ({
  page,
}, testInfo) => {
  const base = await serviceUrl();
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    await page.goto(`${base}/console/sign-in`);
    await expect(page.getByRole('heading', { name: 'Sign in to the Latchkey console' })).toBeVisible();
    await expectAccessible(page, `sign-in ${colorScheme}`);
    await page.goto(`${base}/console/sign-up`);
    await expect(page.getByRole('heading', { name: 'Create a business account' })).toBeVisible();
    await expectAccessible(page, `sign-up ${colorScheme}`);
    await signIn(page);
    // One step opens at a time; "Open all steps" shows the whole configurator.
    await page.getByRole('button', { name: 'Open all steps' }).click();
    await expect(page.locator('button[slot="trigger"][aria-expanded="true"]')).toHaveCount(7);
    // testconn: the Test connection card with the walk's last outcome is part of this page.
    await expect(page.getByRole('region', { name: 'Test connection' })).toContainText('accepted as');
    await expectAccessible(page, `idp-integration ${colorScheme}`);
    await snap(page, testInfo, `23-idp-integration-all-steps-${colorScheme}`);
    await page.getByRole('link', { name: 'Users' }).click();
    await page
      .getByRole('row', { name: /alice@acme\.test/ })
      .first()
      .getByRole('button', { name: /device/ })
      .click();
    // --- console: the access check under axe (begin) ---
    await page
      .getByRole('row', { name: /carol@acme\.test/ })
      .first()
      .getByRole('button', { name: /Why can't this user activate\?/ })
      .click();
    await expect(page.locator('[data-rule="group"]')).toContainText('✗ Fails');
    await page.getByLabel('Email to check', { exact: true }).fill('dora@unclaimed.example');
    await page.getByRole('button', { name: 'Check access' }).click();
    await expect(page.getByText(/dora@unclaimed\.example cannot activate/)).toBeVisible();
    // --- console: the access check under axe (end) ---
    await expectAccessible(page, `users ${colorScheme}`);
    await snap(page, testInfo, `24-users-${colorScheme}`);
    await page.getByRole('link', { name: 'Licenses' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Licenses' })).toBeVisible();
    await expect(page.locator('.facts')).toBeVisible();
    await expectAccessible(page, `licenses ${colorScheme}`);
    await snap(page, testInfo, `25-licenses-${colorScheme}`);
    await page.getByRole('link', { name: 'Activation log' }).click();
    await page.locator('.attempt.failed').first().getByRole('button').first().click();
    await expectAccessible(page, `activation-log ${colorScheme}`);
    await snap(page, testInfo, `26-activation-log-${colorScheme}`);
    await page.getByRole('link', { name: 'Audit log' }).click();
    await expect(page.getByRole('table')).toBeVisible();
    await expectAccessible(page, `audit-log ${colorScheme}`);
    await snap(page, testInfo, `27-audit-log-${colorScheme}`);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect(page.getByRole('heading', { name: 'Sign in to the Latchkey console' })).toBeVisible();
  }
});
