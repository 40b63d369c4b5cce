// One computer, several people (DESIGN.md, flow step 2): the authorization
// server's session and the IdP's never hand one person's sign-in to the next.
// The whole browser step runs for real: openid-client as the app, a
// cookie-keeping scripted browser, the dev IdP, on both databases.
import { inflateRawSync } from 'node:zlib';
import * as oauth from 'openid-client';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { desktopScopes } from '../../../common/desktop-client.ts';
import { parseFailureDescription } from '../../../common/failure-reference.ts';
import { DesktopApp } from '../../support/dpop-session.ts';
import { browse, startSsoWorld, type SsoWorld } from '../../support/sso-world.ts';
import { describeEachDatabase } from '../../support/suites.ts';

const redirectUri = 'http://127.0.0.1:53683/callback';

/** The AuthnRequest the browser carried to the dev IdP (HTTP-Redirect: deflated, base64). */
function authnRequestsIn(visited: string[]): { xml: string; loginHint: string | null }[] {
  return visited
    .map((u) => new URL(u))
    .filter((u) => u.pathname === '/dev-idp/sso' && u.searchParams.has('SAMLRequest'))
    .map((u) => ({
      xml: inflateRawSync(Buffer.from(u.searchParams.get('SAMLRequest') ?? '', 'base64')).toString('utf8'),
      loginHint: u.searchParams.get('login_hint'),
    }));
}

describeEachDatabase('one computer, several people: no sign-in is handed to the next person', (dialect) => {
  let world: SsoWorld;
  let app: DesktopApp;

  beforeAll(async () => {
    world = await startSsoWorld(dialect);
    app = await DesktopApp.at(world.service.baseUrl);
  });
  afterAll(async () => world?.close());

  /** The app's sign-in for `typed`; at the IdP's page (if the browser meets it) `atIdp` signs in. */
  async function signIn(jar: Map<string, string>, typed: string, atIdp: string) {
    const flow = await app.authorize(typed, { atIdp, jar, redirectUri });
    const callback = new URL(flow.callback ?? 'http://127.0.0.1/none');
    const requests = authnRequestsIn(flow.visited);
    if (callback.searchParams.has('error'))
      return {
        requests,
        refused: parseFailureDescription(callback.searchParams.get('error_description') ?? ''),
      };
    const session = await app.exchange(flow);
    return { requests, session, tokens: session.tokens, refused: null };
  }

  const userId = async (email: string) =>
    (
      await world.service.deps.database.db
        .selectFrom('account_users')
        .select('id')
        .where('user_name_key', '=', email)
        .executeTakeFirstOrThrow()
    ).id;

  test("Dana activates and deactivates; Eve, typing her own email on the same computer, meets the IdP again (ForceAuthn) and never gets Dana's license", async () => {
    const jar = new Map<string, string>();
    const dana = await signIn(jar, 'alice@acme.test', 'alice@acme.test');
    expect(dana.requests).toHaveLength(1);
    const accessToken = dana.session?.accessToken ?? '';
    const device = {
      deviceId: 'shared-mac-0123456789abcdef',
      deviceName: 'Shared Mac',
      os: 'macOS 15',
      appVersion: '1.0.0',
    };
    const activated = await app.call<{ activationId: string }>(
      'POST',
      '/api/v1/activations',
      accessToken,
      device,
    );
    expect(activated.status).toBe(201);
    const { activationId } = activated.body;
    expect((await app.call('DELETE', `/api/v1/activations/${activationId}`, accessToken)).status).toBe(204);

    // Eve (carol here: in no desktop group) types her email; the browser still holds Dana's cookies.
    const eve = await signIn(jar, 'carol@acme.test', 'carol@acme.test');
    expect(eve.requests).toHaveLength(1);
    expect(eve.requests[0]?.xml).toMatch(/ForceAuthn="true"/);
    expect(eve.tokens).toBeUndefined();
    expect(eve.refused?.code).toBe('USER_NOT_IN_GROUP');
    const alice = await userId('alice@acme.test');
    const live = await world.service.deps.database.db
      .selectFrom('activations')
      .select('id')
      .where('user_id', '=', alice)
      .where('device_id', '=', device.deviceId)
      .where('revoked_at', 'is', null)
      .execute();
    expect(live).toHaveLength(0);
  });

  test("a sign-in for another email while the first person's session is still live meets the IdP again; the tokens are the second person's", async () => {
    const jar = new Map<string, string>();
    const first = await signIn(jar, 'alice@acme.test', 'alice@acme.test');
    expect(first.tokens?.claims()?.sub).toBe(await userId('alice@acme.test'));
    const second = await signIn(jar, 'bob@acme.test', 'bob@acme.test');
    expect(second.requests).toHaveLength(1);
    expect(second.requests[0]?.xml).toMatch(/ForceAuthn="true"/);
    expect(second.tokens?.claims()?.sub).toBe(await userId('bob@acme.test'));
    // Ending Alice's session in this browser does not sign her out of the app elsewhere.
    if (!first.session) throw new Error('alice was refused');
    const renewed = await app.refresh(first.session);
    expect(renewed.tokens.access_token).toBeTruthy();
  });

  test('the same person signing in again in the same browser is not asked again (the session stands) — and the typed email travels to the IdP as login_hint', async () => {
    const jar = new Map<string, string>();
    const first = await signIn(jar, 'Bob@Acme.test', 'bob@acme.test');
    expect(first.requests).toHaveLength(1);
    expect(first.requests[0]?.loginHint).toBe('bob@acme.test');
    expect(first.requests[0]?.xml).not.toMatch(/ForceAuthn="true"/);
    const again = await signIn(jar, 'bob@acme.test', 'bob@acme.test');
    expect(again.requests).toHaveLength(0);
    expect(again.tokens?.claims()?.sub).toBe(await userId('bob@acme.test'));
  });

  test("the dev IdP's sign-in page pre-selects the hinted user", async () => {
    const url = oauth.buildAuthorizationUrl(app.config, {
      redirect_uri: redirectUri,
      scope: desktopScopes,
      prompt: 'consent',
      login_hint: 'bob@acme.test',
      state: oauth.randomState(),
      code_challenge: await oauth.calculatePKCECodeChallenge(oauth.randomPKCECodeVerifier()),
      code_challenge_method: 'S256',
    });
    // A browser that stops at the IdP's page: nothing posts it.
    const flow = await browse(url.toString(), 'bob@acme.test', `${world.service.baseUrl}/dev-idp/sso`);
    const page = await (await fetch(flow.callback ?? '')).text();
    expect(page).toMatch(/<option value="bob@acme\.test" selected>/);
    expect(page).not.toMatch(/<option value="alice@acme\.test" selected>/);
  });
});
