// One run per failure code, reproduced the way QA would (dev IdP fault
// switches, the account's state, the app's own conditions), each ending on the
// Failed dialog with the catalog's message, what to tell IT, and a screenshot.
import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { describeFailure, remedyFor, type FailureCode } from '../../common/failure-codes.ts';
import { continueWithSso, deactivate, continueWithSsoRefused, dialog, signInAtIdp, snap } from './dialogs.ts';
import { scenario, startWebshell, type Webshell } from './webshell.ts';

interface Case {
  code: FailureCode;
  email: string;
  /** Who signs in at the dev IdP and with which fault; absent when the IdP is never reached. */
  idp?: { user: string; fault?: string };
  /** The world's state for this case (see test/e2e/world.ts). */
  scenario?: string;
}

const viaIdp: Case[] = [
  { code: 'DOMAIN_NOT_REGISTERED', email: 'someone@unregistered.test' },
  { code: 'DOMAIN_NOT_VERIFIED', email: 'someone@pending.test' },
  { code: 'INTEGRATION_NOT_ACTIVE', email: 'someone@initech.test' },
  {
    code: 'SAML_SIGNATURE_INVALID',
    email: 'alice@acme.test',
    idp: { user: 'alice@acme.test', fault: 'other-key' },
  },
  {
    code: 'SAML_ISSUER_MISMATCH',
    email: 'alice@acme.test',
    idp: { user: 'alice@acme.test', fault: 'wrong-issuer' },
  },
  {
    code: 'SAML_AUDIENCE_MISMATCH',
    email: 'alice@acme.test',
    idp: { user: 'alice@acme.test', fault: 'wrong-audience' },
  },
  {
    code: 'SAML_DESTINATION_MISMATCH',
    email: 'alice@acme.test',
    idp: { user: 'alice@acme.test', fault: 'wrong-destination' },
  },
  { code: 'SAML_EXPIRED', email: 'alice@acme.test', idp: { user: 'alice@acme.test', fault: 'expired' } },
  {
    code: 'SAML_NOT_YET_VALID',
    email: 'alice@acme.test',
    idp: { user: 'alice@acme.test', fault: 'not-yet-valid' },
  },
  {
    code: 'SAML_MALFORMED',
    email: 'alice@acme.test',
    idp: { user: 'alice@acme.test', fault: 'two-assertions' },
  },
  {
    code: 'SAML_CERT_EXPIRED',
    email: 'alice@acme.test',
    idp: { user: 'alice@acme.test', fault: 'expired-cert' },
    scenario: 'idp-cert-expired',
  },
  { code: 'USER_NOT_IN_GROUP', email: 'carol@acme.test', idp: { user: 'carol@acme.test' } },
  {
    code: 'GROUPS_OVERAGE',
    email: 'carol@acme.test',
    idp: { user: 'carol@acme.test', fault: 'groups-overage' },
  },
  {
    code: 'USER_NOT_PROVISIONED',
    email: 'carol@acme.test',
    idp: { user: 'carol@acme.test' },
    scenario: 'carol-deleted',
  },
  {
    code: 'USER_DEACTIVATED',
    email: 'bob@acme.test',
    idp: { user: 'bob@acme.test' },
    scenario: 'bob-deactivated',
  },
  {
    code: 'NO_SEATS_AVAILABLE',
    email: 'alice@acme.test',
    idp: { user: 'alice@acme.test' },
    scenario: 'no-seats',
  },
  {
    code: 'LICENSE_EXPIRED',
    email: 'alice@acme.test',
    idp: { user: 'alice@acme.test' },
    scenario: 'license-expired',
  },
  {
    code: 'DEVICE_LIMIT_REACHED',
    email: 'alice@acme.test',
    idp: { user: 'alice@acme.test' },
    scenario: 'device-limit',
  },
];

let shell: Webshell | undefined;
test.beforeEach(async () => scenario('reset'));
test.afterEach(async () => {
  await shell?.stop();
  shell = undefined;
});

async function expectFailed(page: Page, code: FailureCode, shot: (name: string) => Promise<void>) {
  const failed = dialog(page, 'failed');
  await expect(failed).toBeVisible({ timeout: 20_000 });
  await expect(failed.locator('.message')).toHaveAttribute('data-code', code);
  await expect(failed).toContainText(describeFailure(code).userMessage);
  // What to tell IT names the desktop-users group of step 3 where the refusal is about it.
  const group = code === 'USER_NOT_IN_GROUP' ? 'Latchkey Desktop Users' : null;
  await expect(failed).toContainText(remedyFor(code, { group }));
  // What the service decided carries the activation log reference IT looks up.
  if (describeFailure(code).side === 'service') await expect(failed).toContainText(/Reference \d+/);
  await shot(`failed-${code}`);
  // The diagnostic report names the code and never carries a token.
  await page.getByRole('button', { name: 'Copy diagnostic report' }).click();
  await expect(page.getByText('Diagnostic report copied')).toBeVisible();
  const report = await page.evaluate(() => navigator.clipboard.readText());
  expect(report).toContain(`failure: ${code}`);
  expect(report).not.toMatch(/refresh|access_token|lka_|SAMLResponse/i);
}

async function openAndFail(page: Page, context: BrowserContext, c: Case) {
  const idp = await continueWithSso(page, context, c.email);
  if (c.idp) await signInAtIdp(idp, c.idp.user, c.idp.fault);
  return idp;
}

for (const c of viaIdp) {
  test(`${c.code}: ${c.idp ? `${c.idp.user} at the IdP${c.idp.fault ? ` with fault ${c.idp.fault}` : ''}` : c.email}${c.scenario ? ` (${c.scenario})` : ''}`, async ({
    page,
    context,
  }, testInfo) => {
    if (c.scenario) await scenario(c.scenario);
    shell = await startWebshell();
    await page.goto(shell.url);
    // Discovery refusals come back before any browser opens.
    if (c.idp) await openAndFail(page, context, c);
    else await continueWithSsoRefused(page, context, c.email);
    await expectFailed(page, c.code, (name) => snap(page, testInfo, name));
  });
}

// A replayed or unsolicited answer names no sign-in the app is waiting for, so the service cannot
// route the refusal to the app: the browser tab shows it, and the app keeps waiting (Cancel, or
// the timeout's BROWSER_CANCELLED).
async function expectRefusedInBrowser(idp: Page, code: FailureCode) {
  await expect(idp.getByRole('heading', { name: 'Sign-in did not work' })).toBeVisible();
  await expect(idp.getByRole('alert')).toContainText(describeFailure(code).userMessage);
  await expect(idp.locator('code').first()).toHaveText(code);
  // What to do next, in the app that is still waiting.
  await expect(idp.locator('main')).toContainText('press Cancel there and start again');
}

test('SAML_UNSOLICITED: an IdP-initiated answer is refused in the browser; the app keeps waiting', async ({
  page,
  context,
}, testInfo) => {
  shell = await startWebshell();
  await page.goto(shell.url);
  const idp = await openAndFail(page, context, {
    code: 'SAML_UNSOLICITED',
    email: 'alice@acme.test',
    idp: { user: 'alice@acme.test', fault: 'unsolicited' },
  });
  await expectRefusedInBrowser(idp, 'SAML_UNSOLICITED');
  await snap(idp, testInfo, 'browser-SAML_UNSOLICITED');
  await expect(dialog(page, 'waiting')).toBeVisible();
});

test('SAML_REPLAYED: the last answer posted again is refused in the browser', async ({
  page,
  context,
}, testInfo) => {
  shell = await startWebshell();
  await page.goto(shell.url);
  const first = await continueWithSso(page, context, 'alice@acme.test');
  await signInAtIdp(first, 'alice@acme.test');
  await page.getByRole('button', { name: 'Done' }).click();
  await deactivate(page);
  // A new browser session, so the sign-in goes to the IdP page again.
  await context.clearCookies();
  const idp = await openAndFail(page, context, {
    code: 'SAML_REPLAYED',
    email: 'alice@acme.test',
    idp: { user: 'alice@acme.test', fault: 'replayed' },
  });
  await expectRefusedInBrowser(idp, 'SAML_REPLAYED');
  await snap(idp, testInfo, 'browser-SAML_REPLAYED');
  await page.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog(page, 'account-license')).toContainText('not activated');
});

test('SERVER_UNREACHABLE: the license server does not answer', async ({ page }, testInfo) => {
  shell = await startWebshell({ server: 'http://127.0.0.1:9' });
  await page.goto(shell.url);
  await page.getByRole('button', { name: 'Continue with SSO' }).click();
  await page.getByLabel('Work email').fill('alice@acme.test');
  await page.getByRole('button', { name: 'Next' }).click();
  await expectFailed(page, 'SERVER_UNREACHABLE', (name) => snap(page, testInfo, name));
});

test('KEYCHAIN_UNAVAILABLE: the app runs without a Secret Service session', async ({ page }, testInfo) => {
  const env = { ...process.env };
  delete env.DBUS_SESSION_BUS_ADDRESS;
  shell = await startWebshell({ env });
  await page.goto(shell.url);
  await page.getByRole('button', { name: 'Continue with SSO' }).click();
  await page.getByLabel('Work email').fill('alice@acme.test');
  await page.getByRole('button', { name: 'Next' }).click();
  await expectFailed(page, 'KEYCHAIN_UNAVAILABLE', (name) => snap(page, testInfo, name));
});

test('BROWSER_CANCELLED: the browser tab is closed and the sign-in never comes back', async ({
  page,
  context,
}, testInfo) => {
  shell = await startWebshell({ signInTimeoutS: 2 });
  await page.goto(shell.url);
  const idp = await continueWithSso(page, context, 'alice@acme.test');
  await idp.close();
  await expectFailed(page, 'BROWSER_CANCELLED', (name) => snap(page, testInfo, name));
  // Try again goes back to the email prompt with the address kept.
  await page.getByRole('button', { name: 'Try again' }).click();
  await expect(page.getByLabel('Work email')).toHaveValue('alice@acme.test');
});

test('STATE_MISMATCH: a callback with a state the app did not issue', async ({ page, context }, testInfo) => {
  shell = await startWebshell();
  await page.goto(shell.url);
  const idp = await continueWithSso(page, context, 'alice@acme.test');
  // QA copies the sign-in link from the app and forges its callback.
  await page.getByRole('button', { name: 'Copy link' }).click();
  await expect(page.getByText('Link copied')).toBeVisible();
  const link = await page.evaluate(() => navigator.clipboard.readText());
  const redirectUri = new URL(link).searchParams.get('redirect_uri');
  expect(redirectUri).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/callback$/);
  await idp.goto(`${redirectUri}?code=forged&state=not-the-apps`);
  await expectFailed(page, 'STATE_MISMATCH', (name) => snap(page, testInfo, name));
});

test('ACTIVATION_REVOKED: the admin revokes the activation; the next check-in removes the license', async ({
  page,
  context,
}, testInfo) => {
  shell = await startWebshell();
  await page.goto(shell.url);
  const idp = await continueWithSso(page, context, 'alice@acme.test');
  await signInAtIdp(idp, 'alice@acme.test');
  await page.getByRole('button', { name: 'Done' }).click();
  await scenario('revoke-all');
  await page.getByRole('button', { name: 'Check license now' }).click();
  await expectFailed(page, 'ACTIVATION_REVOKED', (name) => snap(page, testInfo, name));
  await page.getByRole('button', { name: 'Close' }).click();
  await expect(dialog(page, 'account-license')).toContainText('not activated');
});

test('LICENSE_UNTRUSTED: an app built for another root refuses the license the service issues', async ({
  page,
  context,
}, testInfo) => {
  // A development build configured with a root that did not certify this service's signing key.
  const anchor = {
    version: 1,
    serviceUrl: 'http://127.0.0.1:9',
    roots: [{ kty: 'OKP', crv: 'Ed25519', x: 'a'.repeat(43), kid: 'another-root' }],
  };
  shell = await startWebshell({ env: { ...process.env, LATCHKEY_TRUST_ANCHOR: JSON.stringify(anchor) } });
  await page.goto(shell.url);
  const idp = await continueWithSso(page, context, 'alice@acme.test');
  await signInAtIdp(idp, 'alice@acme.test');
  await expectFailed(page, 'LICENSE_UNTRUSTED', (name) => snap(page, testInfo, name));
});

test('USER_NOT_IN_GROUP names the group of step 3, the browser page sends the user back to the app, the report names the email', async ({
  page,
  context,
}, testInfo) => {
  shell = await startWebshell();
  await page.goto(shell.url);
  const idp = await continueWithSso(page, context, 'carol@acme.test');
  await signInAtIdp(idp, 'carol@acme.test');
  // The browser's page, before it hands the refusal on: it says where the user goes next.
  await expect(idp.getByRole('heading', { name: 'Sign-in did not work' })).toBeVisible();
  await expect(idp.locator('main')).toContainText('Going back to Latchkey');
  await expect(idp.locator('main')).toContainText('Latchkey Desktop Users');
  await snap(idp, testInfo, 'browser-USER_NOT_IN_GROUP');
  const failed = dialog(page, 'failed');
  await expect(failed).toBeVisible({ timeout: 20_000 });
  await expect(failed.getByRole('region', { name: 'What to tell your IT team' })).toContainText(
    'Latchkey Desktop Users',
  );
  await expect(failed).not.toContainText('the desktop-users group mapped in step 3');
  await snap(page, testInfo, 'failed-USER_NOT_IN_GROUP-named-group');
  await page.getByRole('button', { name: 'Copy diagnostic report' }).click();
  // The copy is done when the dialog says so: read the clipboard only then (it holds an earlier test's text before).
  await expect(page.getByText('Diagnostic report copied')).toBeVisible();
  const report = await page.evaluate(() => navigator.clipboard.readText());
  expect(report).toContain('email tried: carol@acme.test');
});
