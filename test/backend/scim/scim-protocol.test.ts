// Protocol details (issue 11 items 3, 8): bodiless requests that carry a
// content type, discovery by id (RFC 7644 §4), WWW-Authenticate on every 401
// (RFC 6750 §3), over-long ids and URLs answered in SCIM's error format.
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createScimAccount, scimClient } from '../../support/scim-account.ts';
import { startTestService, type TestService } from '../../support/service.ts';
import { describeEachDatabase } from '../../support/suites.ts';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const ERROR = 'urn:ietf:params:scim:api:messages:2.0:Error';
type Body = Record<string, unknown> & { id: string };

describeEachDatabase('SCIM protocol details', (dialect) => {
  let service: TestService;
  let account: Awaited<ReturnType<typeof createScimAccount>>;
  let scim: ReturnType<typeof scimClient>;
  beforeAll(async () => {
    service = await startTestService(dialect);
    account = await createScimAccount(service.baseUrl, 'protocol');
    scim = scimClient(account.scimUrl, account.token);
  });
  afterAll(async () => service?.close());

  test('DELETE with a SCIM or JSON content type and no body → 204, and the resource is gone', async () => {
    for (const [resource, body, contentType] of [
      ['Users', { schemas: [USER], userName: 'del1@corp.example' }, 'application/scim+json'],
      ['Users', { schemas: [USER], userName: 'del2@corp.example' }, 'application/json; charset=utf-8'],
      ['Groups', { schemas: [GROUP], displayName: 'Del' }, 'application/scim+json; charset=utf-8'],
    ] as const) {
      const created = await scim<Body>('POST', `/${resource}`, body);
      const res = await fetch(`${account.scimUrl}/${resource}/${created.body.id}`, {
        method: 'DELETE',
        headers: { authorization: `Bearer ${account.token}`, 'content-type': contentType },
      });
      expect(res.status, contentType).toBe(204);
      expect((await scim('GET', `/${resource}/${created.body.id}`)).status, contentType).toBe(404);
    }
    const get = await fetch(`${account.scimUrl}/Users`, {
      headers: { authorization: `Bearer ${account.token}`, 'content-type': 'application/scim+json' },
    });
    expect(get.status).toBe(200);
  });

  test('GET /Schemas/{urn} and /ResourceTypes/{name} return one resource; unknown ones → 404 SCIM error', async () => {
    for (const id of [USER, GROUP, ENTERPRISE]) {
      const res = await scim<Body>('GET', `/Schemas/${id}`);
      expect(res.status, id).toBe(200);
      expect(res.body.id).toBe(id);
    }
    for (const name of ['User', 'Group']) {
      const res = await scim<Body>('GET', `/ResourceTypes/${name}`);
      expect(res.status, name).toBe(200);
      expect(res.body).toMatchObject({ id: name, name });
    }
    for (const path of ['/Schemas/urn:example:nope', '/ResourceTypes/Device']) {
      const res = await scim('GET', path);
      expect(res.status, path).toBe(404);
      expect(res.body).toMatchObject({ schemas: [ERROR], status: '404' });
    }
  });

  test('every 401 carries WWW-Authenticate: Bearer', async () => {
    const none = await fetch(`${account.scimUrl}/Users`);
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toMatch(/^Bearer realm="/);
    const wrong = await scimClient(account.scimUrl, 'lks_wrong')('GET', '/Groups');
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get('www-authenticate')).toMatch(/^Bearer .*error="invalid_token"/);
    const basic = await fetch(`${account.scimUrl}/ServiceProviderConfig`, {
      headers: { authorization: 'Basic eDp5' },
    });
    expect(basic.status).toBe(401);
    expect(basic.headers.get('www-authenticate')).toMatch(/^Bearer /);
  });

  test('an over-long id or URL → a SCIM error body, not a bare framework error', async () => {
    const longId = await scim('GET', `/Users/${'a'.repeat(5000)}`);
    expect(longId.status).toBe(414);
    expect(longId.headers.get('content-type')).toContain('application/scim+json');
    expect(longId.body).toMatchObject({ schemas: [ERROR], status: '414' });
    const patchLong = await scim('PATCH', `/Groups/${'g'.repeat(5000)}`, {
      schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
      Operations: [{ op: 'add', path: 'displayName', value: 'x' }],
    });
    expect(patchLong.status).toBe(414);
    expect(patchLong.body).toMatchObject({ schemas: [ERROR] });
    const longUrl = await fetch(`${account.scimUrl}/Users?filter=${'x'.repeat(10_000)}`, {
      headers: { authorization: `Bearer ${account.token}` },
    });
    expect([400, 414]).toContain(longUrl.status);
    expect(longUrl.headers.get('content-type')).toContain('application/scim+json');
    expect(await longUrl.json()).toMatchObject({ schemas: [ERROR] });
  });
});
