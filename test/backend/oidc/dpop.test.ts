// Tokens bound to the device (RFC 9449), through the real service on two
// nodes: the app's key signs a proof for each request; a copied access or
// refresh token without that key, a proof replayed on another node, and a
// proof made for another URL are each refused with their catalog code and
// written to the activation log. The token endpoint's DPoP-Nonce challenge
// is answered by openid-client (the app's library) on its own.
import * as oauth from 'openid-client';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { desktopClientId } from '../../../common/desktop-client.ts';
import { DesktopApp, type DeviceKey } from '../../support/dpop-session.ts';
import { startSecondNode, type SecondNode } from '../../support/second-node.ts';
import { startSsoWorld, type SsoWorld } from '../../support/sso-world.ts';
import { describeEachDatabase } from '../../support/suites.ts';

/** openid-client's requests as they are; a test swaps in a recording one for a moment. */
const plainFetch: oauth.CustomFetch = (url, options) => fetch(url, options as RequestInit);
const device = {
  deviceId: 'dpopdevice0000000000000000000001',
  deviceName: 'QA laptop',
  os: 'linux',
  appVersion: '0.1.0',
};

describeEachDatabase('DPoP-bound tokens', (dialect) => {
  let world: SsoWorld;
  let second: SecondNode;
  let desktop: DesktopApp;
  let config: oauth.Configuration;

  beforeAll(async () => {
    world = await startSsoWorld(dialect);
    second = await startSecondNode(world.service);
    desktop = await DesktopApp.at(world.service.baseUrl);
    ({ config } = desktop);
  }, 60_000);
  afterAll(async () => {
    await second?.stop();
    await world?.close();
  });

  /** Signs in as the app does (dpop-session.ts), with a fresh device key unless given one. */
  async function signIn(email = 'alice@acme.test', key?: DeviceKey) {
    const session = await desktop.signIn(email, key ? { key } : {});
    return { key: session.key, dpop: session.key.dpop, tokens: session.tokens };
  }

  /** The licensing API with the key's proof (openid-client builds it, through `config`'s fetch). */
  const withProof = (signedIn: { key: DeviceKey }, accessToken: string, path: string, body?: unknown) =>
    desktop.call('POST', path, desktop.bind(signedIn.key, accessToken), body);

  const post = async (base: string, path: string, headers: Record<string, string>, body?: unknown) => {
    const response = await fetch(`${base}${path}`, {
      method: 'POST',
      headers: { ...(body !== undefined && { 'content-type': 'application/json' }), ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as { error?: { code?: string } } };
  };

  async function lastLogEntry() {
    const row = await world.service.deps.database.db
      .selectFrom('activation_attempts')
      .selectAll()
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    return { ...row, evidence: JSON.parse(row.evidence) as Record<string, unknown> };
  }

  async function activated() {
    const signedIn = await signIn();
    expect(signedIn.tokens.token_type.toLowerCase()).toBe('dpop');
    const issued = await withProof(signedIn, signedIn.tokens.access_token, '/api/v1/activations', device);
    expect(issued.status, JSON.stringify(issued.body)).toBe(201);
    return { ...signedIn, activationId: String(issued.body.activationId) };
  }

  test('the token endpoint demands a DPoP-Nonce, the app answers it, and the tokens are bound to its key', async () => {
    const challenged: string[] = [];
    config[oauth.customFetch] = async (url, options) => {
      const response = await plainFetch(url, options);
      if (response.status === 400 && response.headers.get('dpop-nonce'))
        challenged.push(new URL(url).pathname);
      return response;
    };
    let app: Awaited<ReturnType<typeof activated>>;
    try {
      app = await activated();
    } finally {
      config[oauth.customFetch] = plainFetch;
    }
    // RFC 9449 §8: the first proof had no nonce; the service said use_dpop_nonce, openid-client retried.
    expect(challenged).toEqual(['/oidc/token']);
    const checkIn = `/api/v1/activations/${app.activationId}/check-in`;
    expect((await withProof(app, app.tokens.access_token, checkIn)).status).toBe(200);
    const refreshed = await oauth.refreshTokenGrant(config, app.tokens.refresh_token ?? '', undefined, {
      DPoP: app.dpop,
    });
    expect(refreshed.token_type.toLowerCase()).toBe('dpop');
    expect((await withProof(app, refreshed.access_token, checkIn)).status).toBe(200);
  });

  test('a sign-in finished without a device key gets no tokens: a bearer token, worth something wherever it is copied, is never issued', async () => {
    const flow = await desktop.authorize('alice@acme.test');
    // An older build, or a script replaying the browser's code: the same exchange, no DPoP proof.
    const refused = await oauth
      .authorizationCodeGrant(config, new URL(flow.callback ?? 'http://x/'), {
        pkceCodeVerifier: flow.verifier,
        expectedState: flow.state,
      })
      .then(
        () => null,
        (err: unknown) => err as { error?: string; error_description?: string },
      );
    expect(refused?.error).toBe('invalid_grant');
    expect(refused?.error_description).toMatch(/^TOKEN_WITHOUT_DEVICE_KEY ref:\d+$/);
    const logged = await lastLogEntry();
    expect(logged).toMatchObject({ code: 'TOKEN_WITHOUT_DEVICE_KEY', email: 'alice@acme.test' });
    expect(logged.evidence.detail).toBe('token used without its device key');
    expect(logged.evidence.presented).toBe('authorization code');
  });

  test('a copied access token without the key → TOKEN_WITHOUT_DEVICE_KEY, and the log says so', async () => {
    const app = await activated();
    const checkIn = `/api/v1/activations/${app.activationId}/check-in`;
    for (const scheme of ['Bearer', 'DPoP']) {
      const stolen = await post(world.service.baseUrl, checkIn, {
        authorization: `${scheme} ${app.tokens.access_token}`,
      });
      expect(stolen.status).toBe(401);
      expect(stolen.body.error?.code).toBe('TOKEN_WITHOUT_DEVICE_KEY');
      const logged = await lastLogEntry();
      expect(logged).toMatchObject({
        stage: 'check-in',
        code: 'TOKEN_WITHOUT_DEVICE_KEY',
        email: 'alice@acme.test',
      });
      expect(logged.evidence.detail).toBe('token used without its device key');
      // Where the copy was used from: what the admin compares with the user's own computers.
      expect(logged.evidence.ip).toBe('127.0.0.1');
    }
    // A proof by another key is no proof of this one.
    const thief = { key: await desktop.newDeviceKey() };
    const other = await withProof(thief, app.tokens.access_token, checkIn);
    expect(other.body).toMatchObject({ error: { code: 'TOKEN_WITHOUT_DEVICE_KEY' } });
    // The device itself still checks in: the refusal took nothing from it.
    expect((await withProof(app, app.tokens.access_token, checkIn)).status).toBe(200);
  });

  test('a copied refresh token without the key → TOKEN_WITHOUT_DEVICE_KEY; with the key it still renews', async () => {
    const app = await activated();
    const stolen = oauth.refreshTokenGrant(config, app.tokens.refresh_token ?? '');
    await expect(stolen).rejects.toMatchObject({
      error: 'invalid_grant',
      error_description: expect.stringMatching(/^TOKEN_WITHOUT_DEVICE_KEY ref:\d+$/),
    });
    const logged = await lastLogEntry();
    expect(logged).toMatchObject({
      stage: 'check-in',
      code: 'TOKEN_WITHOUT_DEVICE_KEY',
      email: 'alice@acme.test',
    });
    expect(logged.evidence.detail).toBe('token used without its device key');
    const thief = oauth.getDPoPHandle(config, await oauth.randomDPoPKeyPair('ES256'));
    await expect(
      oauth.refreshTokenGrant(config, app.tokens.refresh_token ?? '', undefined, { DPoP: thief }),
    ).rejects.toMatchObject({ error_description: expect.stringMatching(/^TOKEN_WITHOUT_DEVICE_KEY /) });
    const renewed = await oauth.refreshTokenGrant(config, app.tokens.refresh_token ?? '', undefined, {
      DPoP: app.dpop,
    });
    expect(renewed.access_token).toBeTruthy();
  });

  test('a proof replayed on the second node → DPOP_PROOF_REFUSED (replay), the first use went through', async () => {
    const app = await activated();
    const checkIn = `/api/v1/activations/${app.activationId}/check-in`;
    let sent: Headers | undefined;
    const capturing: oauth.CustomFetch = async (url, options) => {
      sent = new Headers(options.headers);
      return plainFetch(url, options);
    };
    config[oauth.customFetch] = capturing;
    try {
      expect((await withProof(app, app.tokens.access_token, checkIn)).status).toBe(200);
    } finally {
      config[oauth.customFetch] = plainFetch;
    }
    const headers = Object.fromEntries(sent?.entries() ?? []);
    expect(headers.dpop).toBeTruthy();
    const replayed = await post(second.baseUrl, checkIn, headers);
    expect(replayed).toMatchObject({ status: 401, body: { error: { code: 'DPOP_PROOF_REFUSED' } } });
    expect((await lastLogEntry()).evidence.check).toBe('replay');
  });

  test('a proof made for another URL, or another method → DPOP_PROOF_REFUSED', async () => {
    const app = await activated();
    const checkIn = `/api/v1/activations/${app.activationId}/check-in`;
    // A proof the key made for the deactivation URL, presented at check-in.
    let proof = '';
    config[oauth.customFetch] = async (url, options) => {
      proof = new Headers(options.headers).get('dpop') ?? '';
      return new Response('{}', { status: 200 });
    };
    try {
      await withProof(app, app.tokens.access_token, `/api/v1/activations/${app.activationId}/other`);
    } finally {
      config[oauth.customFetch] = plainFetch;
    }
    const elsewhere = await post(world.service.baseUrl, checkIn, {
      authorization: `DPoP ${app.tokens.access_token}`,
      dpop: proof,
    });
    expect(elsewhere).toMatchObject({ status: 401, body: { error: { code: 'DPOP_PROOF_REFUSED' } } });
    expect((await lastLogEntry()).evidence.check).toBe('htu');
    // A proof the key made for DELETE of this very URL, presented with a POST.
    config[oauth.customFetch] = async (url, options) => {
      proof = new Headers(options.headers).get('dpop') ?? '';
      return new Response('{}', { status: 200 });
    };
    try {
      await oauth.fetchProtectedResource(
        config,
        app.tokens.access_token,
        new URL(`${world.service.baseUrl}${checkIn}`),
        'DELETE',
        undefined,
        undefined,
        { DPoP: app.dpop },
      );
    } finally {
      config[oauth.customFetch] = plainFetch;
    }
    const otherMethod = await post(world.service.baseUrl, checkIn, {
      authorization: `DPoP ${app.tokens.access_token}`,
      dpop: proof,
    });
    expect(otherMethod).toMatchObject({ status: 401, body: { error: { code: 'DPOP_PROOF_REFUSED' } } });
    expect((await lastLogEntry()).evidence.check).toBe('htm');
  });

  test('one token-endpoint proof sent to both nodes at once with two refresh tokens: one is accepted, the replay refused (5 trials)', async () => {
    for (let trial = 0; trial < 5; trial++) {
      const first = await signIn();
      const secondSignIn = await signIn('alice@acme.test', first.key);
      // The proof openid-client makes for a refresh, caught before it is sent (it names no token: §4.2).
      let proof = '';
      config[oauth.customFetch] = async (_url, options) => {
        proof = new Headers(options.headers).get('dpop') ?? '';
        return new Response('{"error":"temporarily_unavailable"}', { status: 503 });
      };
      try {
        await oauth.refreshTokenGrant(config, first.tokens.refresh_token ?? '', undefined, {
          DPoP: first.dpop,
        });
      } catch {
        // the caught request was never sent
      } finally {
        config[oauth.customFetch] = plainFetch;
      }
      expect(proof).toBeTruthy();
      const answers = await Promise.all(
        [
          [world.service.baseUrl, first.tokens.refresh_token],
          [second.baseUrl, secondSignIn.tokens.refresh_token],
        ].map(async ([node, refreshToken]) => {
          const response = await fetch(`${node}/oidc/token`, {
            method: 'POST',
            headers: { 'content-type': 'application/x-www-form-urlencoded', dpop: proof },
            body: new URLSearchParams({
              client_id: desktopClientId,
              grant_type: 'refresh_token',
              refresh_token: refreshToken ?? '',
            }),
          });
          return response.status;
        }),
      );
      expect(answers.sort()).toEqual([200, 400]);
    }
  });
});
