// The whole chain over real HTTP on loopback: openid-client as the app, a
// cookie-keeping fetch loop as the system browser, the dev IdP as the company.
import { createRemoteJWKSet, jwtVerify } from 'jose';
import * as oauth from 'openid-client';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { describeFailure } from '../../../common/failure-codes.ts';
import type { TestService } from '../../support/service.ts';
import { appRedirectUri, DesktopApp, type ApiCredential } from '../../support/dpop-session.ts';
import { startSsoWorld, type SsoWorld } from '../../support/sso-world.ts';
import { describeEachDatabase } from '../../support/suites.ts';
import { desktopScopes } from '../../../common/desktop-client.ts';
import { formatFailureDescription, parseFailureDescription } from '../../../common/failure-reference.ts';

const redirectUri = appRedirectUri;
const scope = desktopScopes;

describeEachDatabase(
  'authorization server: code + PKCE through discovery, SAML and entitlement',
  (dialect) => {
    let world: SsoWorld;
    let service: TestService;
    let app: DesktopApp;
    let config: oauth.Configuration;

    beforeAll(async () => {
      world = await startSsoWorld(dialect);
      ({ service } = world);
      app = await DesktopApp.at(service.baseUrl);
      ({ config } = app);
    });
    afterAll(async () => world?.close());

    const loggedAttempt = (id: number) =>
      service.deps.database.db
        .selectFrom('activation_attempts')
        .select(['stage', 'outcome', 'code', 'email', 'account_id'])
        .where('id', '=', id)
        .executeTakeFirst();

    const authorize = (email: string, fault = 'none') => app.authorize(email, { fault });

    test('alice: discovery → dev IdP → entitlement → code; the code and verifier give tokens with a refresh token', async () => {
      const flow = await authorize('alice@acme.test');
      expect(flow.callback).toMatch(/^http:\/\/127\.0\.0\.1:53682\/callback\?code=/);
      const { tokens } = await app.exchange(flow);
      expect(tokens.access_token).toBeTruthy();
      expect(tokens.refresh_token).toBeTruthy();
      const alice = await service.deps.database.db
        .selectFrom('account_users')
        .select('id')
        .where('user_name_key', '=', 'alice@acme.test')
        .executeTakeFirstOrThrow();
      expect(tokens.claims()?.sub).toBe(alice.id);
      // the same code a second time is refused
      await expect(app.exchange(flow)).rejects.toThrow();
    });

    test('a wrong PKCE verifier is refused', async () => {
      const flow = await authorize('alice@acme.test');
      await expect(app.exchange({ ...flow, verifier: oauth.randomPKCECodeVerifier() })).rejects.toMatchObject(
        {
          error: 'invalid_grant',
        },
      );
    });

    test('refresh tokens rotate; replaying an old one revokes the chain', async () => {
      const flow = await authorize('alice@acme.test');
      const first = await app.exchange(flow);
      const second = await app.refresh(first);
      expect(second.refreshToken).toBeTruthy();
      expect(second.refreshToken).not.toBe(first.refreshToken);
      await expect(app.refresh(first)).rejects.toMatchObject({ error: 'invalid_grant' });
      await expect(app.refresh(second)).rejects.toMatchObject({ error: 'invalid_grant' });
    });

    test('a user deactivated over SCIM loses their refresh tokens at once', async () => {
      const flow = await authorize('bob@acme.test');
      const refreshed = await app.refresh(await app.exchange(flow));
      const db = service.deps.database.db;
      const bob = await db
        .selectFrom('account_users')
        .select(['id', 'account_id'])
        .where('user_name_key', '=', 'bob@acme.test')
        .executeTakeFirstOrThrow();
      const { createScimToken } = await import('../../../backend/scim/scim-tokens.ts');
      const scimToken = (await createScimToken(db, service.deps.clock, bob.account_id, 'test', 'test')).token;
      const stored = () =>
        db
          .selectFrom('oidc_models')
          .select('model')
          .where('user_id', '=', bob.id)
          .where('model', 'in', ['RefreshToken', 'Grant'])
          .execute();
      expect((await stored()).map((r) => r.model)).toEqual(expect.arrayContaining(['RefreshToken', 'Grant']));
      const res = await fetch(`${service.baseUrl}/scim/v2/Users/${bob.id}`, {
        method: 'PATCH',
        headers: { authorization: `Bearer ${scimToken}`, 'content-type': 'application/scim+json' },
        body: JSON.stringify({
          schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
          Operations: [{ op: 'Replace', path: 'active', value: 'False' }],
        }),
      });
      expect(res.status).toBe(204);
      // deleted, not merely refused: the refresh token and the grant are gone from storage
      expect(await stored()).toEqual([]);
      // the app's next check-in starts with this refresh: refused, written to the log, with the reason
      const refusal = await app.refresh(refreshed).then(
        () => null,
        (err: unknown) => err as { error?: string; error_description?: string },
      );
      expect(refusal?.error).toBe('invalid_grant');
      const described = parseFailureDescription(refusal?.error_description ?? '');
      expect(described).toMatchObject({ code: 'ACTIVATION_REVOKED', reason: 'USER_DEACTIVATED' });
      expect(await loggedAttempt(Number(described.reference))).toMatchObject({
        stage: 'check-in',
        outcome: 'failure',
        code: 'ACTIVATION_REVOKED',
        email: 'bob@acme.test',
        account_id: bob.account_id,
      });
    });

    test("removal from the desktop-users group over SCIM ends the app's refresh token with its seats", async () => {
      const flow = await authorize('alice@acme.test');
      const refreshed = await app.refresh(await app.exchange(flow));
      const db = service.deps.database.db;
      const alice = await db
        .selectFrom('account_users')
        .select(['id', 'account_id'])
        .where('user_name_key', '=', 'alice@acme.test')
        .executeTakeFirstOrThrow();
      const desk = await db
        .selectFrom('groups')
        .select('id')
        .where('external_id', '=', 'grp-desktop')
        .executeTakeFirstOrThrow();
      const { createScimToken } = await import('../../../backend/scim/scim-tokens.ts');
      const scimToken = (await createScimToken(db, service.deps.clock, alice.account_id, 'test', 'test'))
        .token;
      const patchDesk = (op: object) =>
        fetch(`${service.baseUrl}/scim/v2/Groups/${desk.id}`, {
          method: 'PATCH',
          headers: { authorization: `Bearer ${scimToken}`, 'content-type': 'application/scim+json' },
          body: JSON.stringify({
            schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
            Operations: [op],
          }),
        });
      expect((await patchDesk({ op: 'remove', path: `members[value eq "${alice.id}"]` })).status).toBe(204);
      const refusal = await app.refresh(refreshed).then(
        () => null,
        (err: unknown) => err as { error?: string; error_description?: string },
      );
      expect(refusal?.error).toBe('invalid_grant');
      // the refused refresh is an attempt in the log, with the reason the app shows
      const described = parseFailureDescription(refusal?.error_description ?? '');
      expect(described).toMatchObject({ code: 'ACTIVATION_REVOKED', reason: 'USER_NOT_IN_GROUP' });
      expect(await loggedAttempt(Number(described.reference))).toMatchObject({
        stage: 'check-in',
        outcome: 'failure',
        code: 'ACTIVATION_REVOKED',
        email: 'alice@acme.test',
      });
      // back in the group for the tests that follow
      expect((await patchDesk({ op: 'add', path: 'members', value: [{ value: alice.id }] })).status).toBe(
        204,
      );
    });

    test('refusals reach the app as access_denied with the catalog code, and the browser shows the plain message', async () => {
      const carol = await authorize('carol@acme.test');
      const params = new URL(carol.callback ?? 'http://x').searchParams;
      expect(params.get('error')).toBe('access_denied');
      // "<code> ref:<activation log id>": the app shows both, IT finds the attempt by the reference.
      const { code, reference, group } = parseFailureDescription(params.get('error_description') ?? '');
      expect(code).toBe('USER_NOT_IN_GROUP');
      // The signed-in user learns which group (step 3's name), to tell IT; the page says it and what comes next.
      expect(group).toBe('Latchkey Desktop Users');
      expect(carol.lastPage).toContain('Latchkey Desktop Users');
      expect(carol.lastPage).toContain('Going back to Latchkey');
      expect(reference).toMatch(/^\d+$/);
      const logged = await service.deps.database.db
        .selectFrom('activation_attempts')
        .select(['code', 'email'])
        .where('id', '=', Number(reference))
        .executeTakeFirst();
      expect(logged).toEqual({ code: 'USER_NOT_IN_GROUP', email: 'carol@acme.test' });
      expect(carol.lastPage).toContain('You are not in the group that may use this app');
      const stranger = await authorize('someone@unregistered.example');
      const refused = new URL(stranger.callback ?? 'http://x').searchParams.get('error_description') ?? '';
      // Discovery, which anyone can ask, names no group.
      expect(refused).toMatch(/^DOMAIN_NOT_REGISTERED ref:\d+$/);
      const parsed = parseFailureDescription(refused);
      expect(refused).toBe(formatFailureDescription('DOMAIN_NOT_REGISTERED', parsed.reference ?? ''));
    });

    test("a refusal reaches the app with the catalog's OAuth error: SAML_MALFORMED as invalid_request", async () => {
      // Not every refusal is access_denied: the catalog says which OAuth error carries each code.
      const refused = await authorize('alice@acme.test', 'two-assertions');
      const params = new URL(refused.callback ?? 'http://x').searchParams;
      expect(params.get('error')).toBe(describeFailure('SAML_MALFORMED').oauthError);
      expect(params.get('error')).toBe('invalid_request');
      expect(params.get('error_description')).toMatch(/^SAML_MALFORMED ref:\d+$/);
    });

    test('the app activates with its access token, verifies the license offline, checks in, and learns of removal at check-in', async () => {
      const flow = await authorize('alice@acme.test');
      const { accessToken } = await app.exchange(flow);
      // As the app calls the licensing API: the token bound to its key, a fresh proof each time.
      const api = <T = Record<string, unknown>>(
        method: string,
        path: string,
        body?: unknown,
        token: ApiCredential = accessToken,
      ) => app.call<T>(method, `/api/v1${path}`, token, body);
      const device = {
        deviceId: 'mac-alice-0123456789abcdef',
        deviceName: "Alice's MacBook",
        os: 'macOS 15.1',
        appVersion: '1.0.0',
      };
      expect((await api('POST', '/activations', device, 'not-a-token')).status).toBe(401);
      const activated = await api<{ activationId: string; license: string }>('POST', '/activations', device);
      expect(activated.status).toBe(201);
      const issued = activated.body;
      const jwks = createRemoteJWKSet(new URL(`${service.baseUrl}/api/v1/jwks`));
      const { payload } = await jwtVerify(issued.license, jwks, { issuer: `${service.baseUrl}/api/v1` });
      expect(payload).toMatchObject({ dev: device.deviceId, act: issued.activationId, edition: 'business' });
      expect((await api('POST', `/activations/${issued.activationId}/check-in`)).status).toBe(200);

      // the IdP removes alice from the desktop-users group over SCIM
      const db = service.deps.database.db;
      const alice = await db
        .selectFrom('account_users')
        .select(['id', 'account_id'])
        .where('user_name_key', '=', 'alice@acme.test')
        .executeTakeFirstOrThrow();
      const desk = await db
        .selectFrom('groups')
        .select('id')
        .where('external_id', '=', 'grp-desktop')
        .executeTakeFirstOrThrow();
      const { createScimToken } = await import('../../../backend/scim/scim-tokens.ts');
      const scimToken = (await createScimToken(db, service.deps.clock, alice.account_id, 'test', 'test'))
        .token;
      await fetch(`${service.baseUrl}/scim/v2/Groups/${desk.id}`, {
        method: 'PATCH',
        headers: { authorization: `Bearer ${scimToken}`, 'content-type': 'application/scim+json' },
        body: JSON.stringify({
          schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
          Operations: [{ op: 'remove', path: `members[value eq "${alice.id}"]` }],
        }),
      });
      const refused = await api<{
        error: { code: string; message: string; reference: number; reason: string };
      }>('POST', `/activations/${issued.activationId}/check-in`);
      expect(refused.status).toBe(403);
      const { error } = refused.body;
      // the catalog code of why, beside the code: the app shows "not in the group", not only "withdrawn"
      expect(error).toMatchObject({
        code: 'ACTIVATION_REVOKED',
        message: expect.stringContaining('withdrawn'),
        reason: 'USER_NOT_IN_GROUP',
        reference: expect.any(Number),
      });
      expect(await loggedAttempt(error.reference)).toMatchObject({
        stage: 'check-in',
        outcome: 'failure',
        code: 'ACTIVATION_REVOKED',
        email: 'alice@acme.test',
      });
      // The sign-in's own token went with the seat: activating again with it says why, by code.
      const again = await api<{ error: Record<string, unknown> }>('POST', '/activations', device);
      expect(again.status).toBe(403);
      expect(again.body.error).toMatchObject({
        code: 'ACTIVATION_REVOKED',
        reason: 'USER_NOT_IN_GROUP',
      });
      // A new sign-in is refused in the browser, naming the group she is missing from.
      const retry = await authorize('alice@acme.test');
      const description = new URL(retry.callback ?? 'http://x').searchParams.get('error_description') ?? '';
      expect(parseFailureDescription(description)).toMatchObject({
        code: 'USER_NOT_IN_GROUP',
        group: 'Latchkey Desktop Users',
      });
    });

    test("an interaction URL without its cookie, or with another sign-in's cookie, is refused with a 4xx", async () => {
      const orphan = await fetch(`${service.baseUrl}/interaction/abcdef`, { redirect: 'manual' });
      expect(orphan.status).toBeGreaterThanOrEqual(400);
      expect(orphan.status).toBeLessThan(500);
      // start a real sign-in to hold its interaction cookie, then name another interaction
      const start = await fetch(
        oauth.buildAuthorizationUrl(config, {
          redirect_uri: redirectUri,
          scope,
          login_hint: 'alice@acme.test',
          code_challenge: await oauth.calculatePKCECodeChallenge(oauth.randomPKCECodeVerifier()),
          code_challenge_method: 'S256',
        }),
        { redirect: 'manual' },
      );
      const cookie = start.headers
        .getSetCookie()
        .map((c) => c.split(';')[0])
        .join('; ');
      expect(start.headers.get('location')).toMatch(/^\/interaction\//);
      const mismatch = await fetch(`${service.baseUrl}/interaction/someone-elses-uid`, {
        headers: { cookie },
        redirect: 'manual',
      });
      expect(mismatch.status).toBe(400);
      expect(((await mismatch.json()) as { error: { message: string } }).error.message).toContain(
        'another sign-in',
      );
    });

    test('a redirect URI that is not registered gets no redirect', async () => {
      const res = await fetch(
        oauth.buildAuthorizationUrl(config, {
          redirect_uri: 'http://evil.example/callback',
          scope,
          code_challenge: 'x'.repeat(43),
          code_challenge_method: 'S256',
        }),
        { redirect: 'manual' },
      );
      expect(res.status).toBe(400);
      expect(res.headers.get('location')).toBeNull();
    });
  },
);
