// NUL bytes (issue 11 item 6): PostgreSQL cannot store U+0000 in text, so
// such input gave 500s there. Every protocol refuses it at its edge with its
// own 4xx, on both databases: SCIM errors, OAuth errors, the licensing API's.
import { afterAll, beforeAll, expect, test } from 'vitest';
import { addLicense } from '../../../backend/licensing/license-registry.ts';
import { createScimAccount, scimClient } from '../../support/scim-account.ts';
import { startTestService, type TestService } from '../../support/service.ts';
import { describeEachDatabase } from '../../support/suites.ts';
import { desktopClientId } from '../../../common/desktop-client.ts';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const PATCH = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
const ERROR = 'urn:ietf:params:scim:api:messages:2.0:Error';
type Body = Record<string, unknown> & { id: string };

describeEachDatabase('NUL bytes are refused at every edge', (dialect) => {
  let service: TestService;
  beforeAll(async () => {
    service = await startTestService(dialect);
  });
  afterAll(async () => service?.close());

  test('SCIM: userName, displayName, a filter, a PATCH value and a path id → 400 SCIM error, nothing stored', async () => {
    const a = await createScimAccount(service.baseUrl, 'nul');
    const scim = scimClient(a.scimUrl, a.token);
    const user = await scim<Body>('POST', '/Users', { schemas: [USER], userName: 'clean@corp.example' });
    const group = await scim<Body>('POST', '/Groups', { schemas: [GROUP], displayName: 'Clean' });
    const attempts: [string, string, unknown?][] = [
      ['POST', '/Users', { schemas: [USER], userName: 'nul\u0000@corp.example' }],
      ['POST', '/Users', { schemas: [USER], userName: 'ok@corp.example', displayName: 'A\u0000B' }],
      ['POST', '/Groups', { schemas: [GROUP], displayName: 'G\u0000' }],
      ['PUT', `/Users/${user.body.id}`, { schemas: [USER], userName: 'clean@corp.example', title: '\u0000' }],
      [
        'PATCH',
        `/Users/${user.body.id}`,
        { schemas: [PATCH], Operations: [{ op: 'replace', path: 'displayName', value: 'x\u0000' }] },
      ],
      [
        'PATCH',
        `/Groups/${group.body.id}`,
        { schemas: [PATCH], Operations: [{ op: 'replace', value: { displayName: 'x\u0000' } }] },
      ],
      ['GET', `/Users?filter=${encodeURIComponent('userName eq "a\u0000"')}`],
      ['GET', `/Groups?filter=${encodeURIComponent('displayName eq "\u0000"')}`],
      ['GET', '/Users/abc%00def'],
      ['DELETE', '/Groups/%00'],
      [
        'PATCH',
        '/Users/%00',
        { schemas: [PATCH], Operations: [{ op: 'replace', path: 'displayName', value: 'x' }] },
      ],
    ];
    for (const [method, path, body] of attempts) {
      const res = await scim(method, path, body);
      expect(res.status, `${method} ${path}`).toBe(400);
      expect(res.body, `${method} ${path}`).toMatchObject({ schemas: [ERROR], status: '400' });
    }
    const all = await scim<{ totalResults: number }>('GET', '/Users');
    expect(all.body.totalResults).toBe(1);
    expect((await scim<Body>('GET', `/Groups/${group.body.id}`)).body.displayName).toBe('Clean');
  });

  test('/oidc/auth with a NUL in client_id → 400 invalid_request', async () => {
    const url = new URL(`${service.baseUrl}/oidc/auth`);
    url.search = new URLSearchParams({
      client_id: `${desktopClientId}\u0000`,
      response_type: 'code',
      scope: 'openid',
      redirect_uri: 'http://127.0.0.1/callback',
      code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
      code_challenge_method: 'S256',
    }).toString();
    const res = await fetch(url, { redirect: 'manual' });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: 'invalid_request' });
  });

  test('/oidc/token/revocation with a NUL in the token → 400 invalid_request', async () => {
    const res = await fetch(`${service.baseUrl}/oidc/token/revocation`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token: 'abc\u0000def', client_id: desktopClientId }).toString(),
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: 'invalid_request' });
    // A clean revocation still goes through oidc-provider, body intact (RFC 7009 §2.2: unknown token → 200).
    const clean = await fetch(`${service.baseUrl}/oidc/token/revocation`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token: 'no-such-token', client_id: desktopClientId }).toString(),
    });
    expect(clean.status).toBe(200);
  });

  test('key activation with a NUL in os or deviceName → 400 invalid_input naming the field', async () => {
    const owner = await createScimAccount(service.baseUrl, 'nulkey');
    const { key } = await addLicense(
      service.deps.database.db,
      service.deps.clock,
      { accountId: owner.accountId, edition: 'business', seats: 5, deviceLimit: 5, expiresAt: '2099-01-01' },
      'test',
    );
    const device = { deviceId: 'nul-device-0123456789', deviceName: 'PC', os: 'Linux', appVersion: '1.0.0' };
    for (const [field, bad] of [
      ['os', { ...device, os: 'Linux\u0000' }],
      ['deviceName', { ...device, deviceName: '\u0000PC' }],
    ] as const) {
      const res = await fetch(`${service.baseUrl}/api/v1/activations/by-key`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ licenseKey: key, email: 'ann@nulkey.example', ...bad }),
      });
      expect(res.status, field).toBe(400);
      expect(await res.json(), field).toMatchObject({ error: { code: 'invalid_input', field } });
    }
  });
});
