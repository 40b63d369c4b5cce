// The app's Continue with SSO against the real service: openid-client, the
// loopback listener, and a simulated system browser signing in at the dev IdP.
import { afterAll, beforeAll, expect, test } from 'vitest';
import { LatchkeyError } from '../../../../common/latchkey-error.ts';
import { signInWithSso } from '../../../../main/core/oauth/sso-sign-in.ts';
import { testDialects } from '../../../support/databases.ts';
import { browse, startSsoWorld, type SsoWorld } from '../../../support/sso-world.ts';

let world: SsoWorld;
beforeAll(async () => {
  const sqlite = testDialects[0];
  if (!sqlite) throw new Error('no sqlite');
  world = await startSsoWorld(sqlite);
});
afterAll(async () => world?.close());

const codeOf = (p: Promise<unknown>) =>
  p.then(
    () => 'OK',
    (err: unknown) => (err instanceof LatchkeyError ? err.code : `not coded: ${String(err)}`),
  );

/** The system browser: signs in as `user`, following everything into the loopback listener. */
const browserAs = (user: string) => async (url: string) => {
  await browse(url, user);
};

test('Continue with SSO: the browser signs in at the IdP, the loopback listener takes the code, the app holds tokens', async () => {
  const result = await signInWithSso({
    serverUrl: world.service.baseUrl,
    email: 'alice@acme.test',
    openBrowser: browserAs('alice@acme.test'),
  });
  expect(result.accessToken).toBeTruthy();
  expect(result.refreshToken).toBeTruthy();
  const alice = await world.service.deps.database.db
    .selectFrom('account_users')
    .select('id')
    .where('user_name_key', '=', 'alice@acme.test')
    .executeTakeFirstOrThrow();
  expect(result.userId).toBe(alice.id);
});

test("the service's refusal reaches the app as its catalog code", async () => {
  expect(
    await codeOf(
      signInWithSso({
        serverUrl: world.service.baseUrl,
        email: 'carol@acme.test',
        openBrowser: browserAs('carol@acme.test'),
      }),
    ),
  ).toBe('USER_NOT_IN_GROUP');
});

test('no callback before the timeout → BROWSER_CANCELLED; a forged state → STATE_MISMATCH; no server → SERVER_UNREACHABLE', async () => {
  expect(
    await codeOf(
      signInWithSso({
        serverUrl: world.service.baseUrl,
        email: 'alice@acme.test',
        openBrowser: async () => undefined,
        timeoutMs: 300,
      }),
    ),
  ).toBe('BROWSER_CANCELLED');
  const forged = async (url: string) => {
    const redirectUri = new URL(url).searchParams.get('redirect_uri') ?? '';
    await fetch(`${redirectUri}?code=stolen&state=not-the-apps`);
  };
  expect(
    await codeOf(
      signInWithSso({ serverUrl: world.service.baseUrl, email: 'alice@acme.test', openBrowser: forged }),
    ),
  ).toBe('STATE_MISMATCH');
  expect(
    await codeOf(
      signInWithSso({
        serverUrl: 'http://127.0.0.1:9',
        email: 'alice@acme.test',
        openBrowser: async () => undefined,
      }),
    ),
  ).toBe('SERVER_UNREACHABLE');
});

/** The authorization request, altered on its way to the service (one of its parameters replaced). */
const tamperedRequest = (param: string, value: string, user: string) => async (url: string) => {
  const altered = new URL(url);
  altered.searchParams.set(param, value);
  await browse(altered.href, user);
};

test("an ID token that fails openid-client's checks (its nonce is not the app's) → SIGN_IN_RESPONSE_INVALID, not SERVER_UNREACHABLE", async () => {
  // The service issues a real ID token for the nonce it was sent; the app expects its own.
  expect(
    await codeOf(
      signInWithSso({
        serverUrl: world.service.baseUrl,
        email: 'alice@acme.test',
        openBrowser: tamperedRequest('nonce', 'not-the-apps-nonce', 'alice@acme.test'),
      }),
    ),
  ).toBe('SIGN_IN_RESPONSE_INVALID');
});

test('a callback with the right state but another issuer (RFC 9207 iss) → SIGN_IN_RESPONSE_INVALID', async () => {
  const otherIssuer = async (url: string) => {
    const redirectUri = new URL(url).searchParams.get('redirect_uri') ?? '';
    const { callback } = await browse(url, 'alice@acme.test', redirectUri);
    if (!callback) throw new Error('the browser did not reach the app');
    const altered = new URL(callback);
    altered.searchParams.set('iss', 'https://idp.elsewhere.test/oidc');
    await fetch(altered);
  };
  expect(
    await codeOf(
      signInWithSso({ serverUrl: world.service.baseUrl, email: 'alice@acme.test', openBrowser: otherIssuer }),
    ),
  ).toBe('SIGN_IN_RESPONSE_INVALID');
});
