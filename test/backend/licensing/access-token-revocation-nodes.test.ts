// The app's access token is found in one read of its row (oidc/access-token-lookup.ts),
// not through oidc-provider's model; nothing about it is remembered by a node. Each way a
// token stops being good is checked here with two nodes in two processes on one database:
// the token first checks in on both nodes (a node that kept what it had looked up would
// now be wrong), then it is revoked on one node, and both refuse it at once. An expired
// token likewise (the lookup applies the row's end itself).
import { createHash, randomUUID } from 'node:crypto';
import { exportJWK, SignJWT } from 'jose';
import * as oauth from 'openid-client';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { desktopClientId, desktopScopes } from '../../../common/desktop-client.ts';
import { oidcRowKey } from '../../../backend/db/oidc-model-keys.ts';
import { createScimToken } from '../../../backend/scim/scim-tokens.ts';
import { startSecondNode, type SecondNode } from '../../support/second-node.ts';
import { desktopClientConfig } from '../../support/dpop-session.ts';
import { browse, startSsoWorld, type SsoWorld } from '../../support/sso-world.ts';
import { describeEachDatabase } from '../../support/suites.ts';

const redirectUri = 'http://127.0.0.1:53682/callback';

describeEachDatabase("the app's access token, revoked on one node, is refused on both at once", (dialect) => {
  let world: SsoWorld;
  let second: SecondNode;
  let config: oauth.Configuration;
  let nodes: string[];

  beforeAll(async () => {
    world = await startSsoWorld(dialect);
    second = await startSecondNode(world.service);
    nodes = [world.service.baseUrl, second.baseUrl];
    config = await desktopClientConfig(world.service.baseUrl);
  }, 60_000);
  afterAll(async () => {
    await second?.stop();
    await world?.close();
  });

  interface SignedIn {
    keyPair: CryptoKeyPair;
    accessToken: string;
    refreshToken: string;
  }

  async function signIn(email: string): Promise<SignedIn> {
    const keyPair = await oauth.randomDPoPKeyPair('ES256');
    const verifier = oauth.randomPKCECodeVerifier();
    const state = oauth.randomState();
    const url = oauth.buildAuthorizationUrl(config, {
      redirect_uri: redirectUri,
      scope: desktopScopes,
      prompt: 'consent',
      login_hint: email,
      state,
      code_challenge: await oauth.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
    });
    const flow = await browse(url.toString(), email, redirectUri);
    const tokens = await oauth.authorizationCodeGrant(
      config,
      new URL(flow.callback ?? 'http://x/'),
      { pkceCodeVerifier: verifier, expectedState: state },
      undefined,
      { DPoP: oauth.getDPoPHandle(config, keyPair) },
    );
    expect(tokens.token_type.toLowerCase()).toBe('dpop');
    return { keyPair, accessToken: tokens.access_token, refreshToken: tokens.refresh_token ?? '' };
  }

  /** The licensing API on one node, with a fresh proof of the device's key for the public URL (RFC 9449 §4.2). */
  async function call(node: string, app: SignedIn, path: string, body?: unknown) {
    const htu = `${world.service.deps.config.publicUrl}${path}`;
    const proof = await new SignJWT({
      htm: 'POST',
      htu,
      jti: randomUUID(),
      ath: createHash('sha256').update(app.accessToken).digest('base64url'),
    })
      .setProtectedHeader({ alg: 'ES256', typ: 'dpop+jwt', jwk: await exportJWK(app.keyPair.publicKey) })
      .setIssuedAt()
      .sign(app.keyPair.privateKey);
    const response = await fetch(`${node}${path}`, {
      method: 'POST',
      headers: {
        authorization: `DPoP ${app.accessToken}`,
        dpop: proof,
        ...(body !== undefined && { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = (await response.json()) as { error?: { code?: string; reason?: string } };
    return { status: response.status, code: json.error?.code, reason: json.error?.reason };
  }

  const newDevice = () => ({
    deviceId: `dev${randomUUID().replaceAll('-', '')}`,
    deviceName: 'QA',
    os: 'linux',
    appVersion: '0.1.0',
  });

  /** Signed in and activated on a new device; checked in on both nodes. */
  async function checkedInOnBothNodes(email: string) {
    const app = await signIn(email);
    const device = newDevice();
    const issued = await call(nodes[0] ?? '', app, '/api/v1/activations', device);
    expect(issued.status).toBe(201);
    const activationId = await activationOf(device.deviceId);
    const checkIn = `/api/v1/activations/${activationId}/check-in`;
    for (const node of nodes) expect((await call(node, app, checkIn)).status).toBe(200);
    return { app, activationId, checkIn };
  }

  async function activationOf(deviceId: string) {
    const row = await world.service.deps.database.db
      .selectFrom('activations')
      .select('id')
      .where('device_id', '=', deviceId)
      .executeTakeFirstOrThrow();
    return row.id;
  }

  async function userId(email: string) {
    const row = await world.service.deps.database.db
      .selectFrom('account_users')
      .select('id')
      .where('user_name_key', '=', email)
      .executeTakeFirstOrThrow();
    return row.id;
  }

  async function scim(node: string, method: string, path: string, body?: unknown) {
    const { token } = await createScimToken(
      world.service.deps.database.db,
      world.service.deps.clock,
      world.accountId,
      'test',
      'test',
    );
    const response = await fetch(`${node}/scim/v2${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/scim+json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return response.status;
  }

  async function revokeAt(node: string, token: string, hint: 'access_token' | 'refresh_token') {
    const response = await fetch(`${node}/oidc/token/revocation`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token, token_type_hint: hint, client_id: desktopClientId }),
    });
    expect(response.status).toBe(200);
  }

  /**
   * The token itself is refused with deprovisioning's reason on both nodes: at check-in (whose
   * activation SCIM revoked too) and when it asks for a new device's activation (where only the
   * token tells: a node that still took the token would answer USER_DEACTIVATED or
   * USER_NOT_PROVISIONED from the activation rules instead).
   */
  async function refusedAsDeprovisioned(app: SignedIn, checkIn: string) {
    const refusal = { status: 403, code: 'ACTIVATION_REVOKED', reason: 'USER_DEACTIVATED' };
    for (const node of nodes) {
      expect(await call(node, app, '/api/v1/activations', newDevice())).toMatchObject(refusal);
      expect(await call(node, app, checkIn)).toMatchObject(refusal);
    }
  }

  test('revoked at the revocation endpoint (RFC 7009) of the second node → refused on both', async () => {
    const { app, checkIn } = await checkedInOnBothNodes('alice@acme.test');
    await revokeAt(nodes[1] ?? '', app.accessToken, 'access_token');
    for (const node of nodes) expect(await call(node, app, checkIn)).toMatchObject({ status: 401 });
  });

  test('its grant revoked (the refresh token revoked on the second node) → the access token refused on both', async () => {
    const { app, checkIn } = await checkedInOnBothNodes('alice@acme.test');
    await revokeAt(nodes[1] ?? '', app.refreshToken, 'refresh_token');
    for (const node of nodes) expect(await call(node, app, checkIn)).toMatchObject({ status: 401 });
  });

  test('the activation revoked in the console of the first node → check-in refused on both', async () => {
    const { app, activationId, checkIn } = await checkedInOnBothNodes('alice@acme.test');
    expect((await world.owner.post(`/api/console/activations/${activationId}/revoke`)).status).toBe(204);
    for (const node of nodes)
      expect(await call(node, app, checkIn)).toMatchObject({ code: 'ACTIVATION_REVOKED' });
  });

  test("an access token past its expiry (its row's end moved into the past, as 10 minutes would) → refused on both", async () => {
    const { app, checkIn } = await checkedInOnBothNodes('bob@acme.test');
    await world.service.deps.database.db
      .updateTable('oidc_models')
      .set({ expires_at: new Date(Date.now() - 1000).toISOString() })
      .where('model', '=', 'AccessToken')
      .where('id', '=', oidcRowKey('AccessToken', app.accessToken))
      .execute();
    for (const node of nodes) expect(await call(node, app, checkIn)).toMatchObject({ status: 401 });
  });

  test('the user deactivated over SCIM on the second node → refused on both, with the reason', async () => {
    const { app, checkIn } = await checkedInOnBothNodes('bob@acme.test');
    const bob = await userId('bob@acme.test');
    expect(
      await scim(nodes[1] ?? '', 'PATCH', `/Users/${bob}`, {
        schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
        Operations: [{ op: 'Replace', path: 'active', value: 'False' }],
      }),
    ).toBe(204);
    await refusedAsDeprovisioned(app, checkIn);
  });

  test('the user deprovisioned (deleted) over SCIM on the second node → refused on both, with the reason', async () => {
    const { app, checkIn } = await checkedInOnBothNodes('alice@acme.test');
    expect(await scim(nodes[1] ?? '', 'DELETE', `/Users/${await userId('alice@acme.test')}`)).toBe(204);
    await refusedAsDeprovisioned(app, checkIn);
  });
});
