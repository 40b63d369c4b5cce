// One refresh token, spent at the same moment on two service nodes (two
// processes, one database): one spend wins, the other is reuse, and reuse
// revokes the whole chain (OAuth 2.0 Security BCP, RFC 9700 §4.14.2) — the
// winner's new refresh token included. The same for an authorization code
// redeemed twice (RFC 6749 §4.1.2).
import * as oauth from 'openid-client';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { requestJson } from '../../support/loopback-client.ts';
import { startSecondNode, type SecondNode } from '../../support/second-node.ts';
import { browse, startSsoWorld, type SsoWorld } from '../../support/sso-world.ts';
import { describeEachDatabase } from '../../support/suites.ts';
import { desktopClientId, desktopScopes } from '../../../common/desktop-client.ts';

const redirectUri = 'http://127.0.0.1:53682/callback';
type TokenReply = { access_token?: string; refresh_token?: string; error?: string };

describeEachDatabase('tokens are spent once across nodes', (dialect) => {
  let world: SsoWorld;
  let second: SecondNode;
  let nodes: string[];
  let config: oauth.Configuration;

  beforeAll(async () => {
    world = await startSsoWorld(dialect);
    second = await startSecondNode(world.service);
    nodes = [world.service.baseUrl, second.baseUrl];
    config = await oauth.discovery(
      new URL(`${world.service.baseUrl}/oidc`),
      desktopClientId,
      undefined,
      oauth.None(),
      { execute: [oauth.allowInsecureRequests] },
    );
  }, 60_000);
  afterAll(async () => {
    await second?.stop();
    await world?.close();
  });

  async function signIn(email: string) {
    const verifier = oauth.randomPKCECodeVerifier();
    const state = oauth.randomState();
    const url = oauth.buildAuthorizationUrl(config, {
      redirect_uri: redirectUri,
      scope: desktopScopes,
      prompt: 'consent', // OIDC Core §11: offline_access only with prompt=consent
      login_hint: email,
      state,
      code_challenge: await oauth.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
    });
    const flow = await browse(url.toString(), email, redirectUri);
    const callback = new URL(flow.callback ?? 'http://127.0.0.1/none');
    const code = callback.searchParams.get('code');
    if (!code) throw new Error(`no code: ${flow.callback ?? flow.lastPage.slice(0, 300)}`);
    return { code, verifier, state, callback };
  }

  /** The same grant request on both nodes at the same moment. */
  const onBothAtOnce = (body: Record<string, string>) =>
    Promise.all(
      nodes.map((node) =>
        requestJson<TokenReply>(`${node}/oidc/token`, {
          body: { client_id: desktopClientId, ...body },
          form: true,
        }),
      ),
    );
  const refresh = async (refreshToken: string) =>
    (
      await requestJson<TokenReply>(`${nodes[0]}/oidc/token`, {
        body: { client_id: desktopClientId, grant_type: 'refresh_token', refresh_token: refreshToken },
        form: true,
      })
    ).body;

  test('a refresh token spent on both nodes at once: one wins, and the chain is revoked (5 trials)', async () => {
    for (let trial = 0; trial < 5; trial++) {
      const { verifier, state, callback } = await signIn('alice@acme.test');
      const tokens = await oauth.authorizationCodeGrant(config, callback, {
        pkceCodeVerifier: verifier,
        expectedState: state,
      });
      const replies = await onBothAtOnce({
        grant_type: 'refresh_token',
        refresh_token: tokens.refresh_token ?? '',
      });
      const won = replies.filter((r) => r.status === 200);
      expect(
        won,
        `trial ${trial}: ${JSON.stringify(replies.map((r) => r.body.error ?? r.status))}`,
      ).toHaveLength(1);
      const lost = replies.find((r) => r.status !== 200);
      expect(lost).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
      // reuse was detected: the winner's new refresh token is dead too
      expect(await refresh(won[0]?.body.refresh_token ?? '')).toMatchObject({ error: 'invalid_grant' });
    }
  }, 60_000); // several sign-ins and a second process: slow on a busy machine, not timed

  test('an authorization code redeemed on both nodes at once gives tokens at most once', async () => {
    const { code, verifier } = await signIn('alice@acme.test');
    const replies = await onBothAtOnce({
      grant_type: 'authorization_code',
      code,
      code_verifier: verifier,
      redirect_uri: redirectUri,
    });
    const won = replies.filter((r) => r.status === 200);
    expect(won.length).toBeLessThanOrEqual(1);
    expect(replies.every((r) => r.status === 200 || r.body.error === 'invalid_grant')).toBe(true);
    for (const r of won)
      expect(await refresh(r.body.refresh_token ?? '')).toMatchObject({ error: 'invalid_grant' });
  });
});
