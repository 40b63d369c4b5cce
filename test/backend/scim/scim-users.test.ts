import { afterAll, beforeAll, expect, test } from 'vitest';
import { ConsoleClient } from '../../../devtools/console-client.ts';
import { createScimAccount, scimClient } from '../../support/scim-account.ts';
import { startTestService, type TestService } from '../../support/service.ts';
import { describeEachDatabase } from '../../support/suites.ts';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const PATCH = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
const ERROR = 'urn:ietf:params:scim:api:messages:2.0:Error';
type Body = Record<string, unknown> & { id: string; Resources?: Body[]; totalResults?: number };

describeEachDatabase('SCIM Users: RFC 7644 behaviour and what Entra ID and Okta send', (dialect) => {
  let service: TestService;
  beforeAll(async () => {
    service = await startTestService(dialect);
  });
  afterAll(async () => service?.close());

  const newAccount = async () => {
    const a = await createScimAccount(service.baseUrl, 'users');
    return { ...a, scim: scimClient(a.scimUrl, a.token) };
  };
  const user = (userName: string, extra: Record<string, unknown> = {}) => ({
    schemas: [USER],
    userName,
    active: true,
    ...extra,
  });

  test('no token, a wrong token or a revoked token → 401 with a SCIM error body', async () => {
    const a = await newAccount();
    const none = await fetch(`${a.scimUrl}/Users`);
    expect(none.status).toBe(401);
    expect(none.headers.get('content-type')).toContain('application/scim+json');
    expect(await none.json()).toMatchObject({ schemas: [ERROR], status: '401' });
    expect((await scimClient(a.scimUrl, 'lks_wrong')('GET', '/Users')).status).toBe(401);
    const tokens = await a.console.get<{ tokens: { id: string }[] }>('/api/console/scim-tokens');
    await a.console.delete(`/api/console/scim-tokens/${tokens.body.tokens[0]?.id}`);
    expect((await a.scim('GET', '/Users')).status).toBe(401);
  });

  test("an account's token never sees another account's users", async () => {
    const a = await newAccount();
    const b = await newAccount();
    const created = await a.scim<Body>('POST', '/Users', user('alice@a.example'));
    expect((await b.scim('GET', `/Users/${created.body.id}`)).status).toBe(404);
    expect((await b.scim<Body>('GET', '/Users?filter=userName eq "alice@a.example"')).body.totalResults).toBe(
      0,
    );
  });

  test('Entra\'s sequence: look up by filter, create, then soft-delete with active "False" by a path-less Replace', async () => {
    const a = await newAccount();
    const lookup = await a.scim<Body>(
      'GET',
      `/Users?filter=${encodeURIComponent('userName eq "bob@corp.example"')}`,
    );
    expect(lookup.body).toMatchObject({ totalResults: 0, Resources: [] });
    const created = await a.scim<Body>('POST', '/Users', {
      schemas: [USER, 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User'],
      externalId: 'b1c2-object-id',
      userName: 'Bob@corp.example',
      active: 'True',
      displayName: 'Bob Example',
      emails: [{ Primary: 'true', type: 'work', value: 'Bob@corp.example' }],
      name: { givenName: 'Bob', FamilyName: 'Example' },
      'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User': { department: 'Sales' },
    });
    expect(created.status).toBe(201);
    expect(created.headers.get('location')).toBe(`${a.scimUrl}/Users/${created.body.id}`);
    expect(created.body).toMatchObject({
      active: true,
      name: { familyName: 'Example' },
      emails: [{ primary: true }],
    });
    expect(created.body.schemas).toContain('urn:ietf:params:scim:schemas:extension:enterprise:2.0:User');

    for (const filter of [
      'externalId eq "b1c2-object-id"',
      'userName eq "BOB@corp.example"',
      'emails[type eq "work"].value eq "bob@corp.example"',
    ]) {
      const found = await a.scim<Body>('GET', `/Users?filter=${encodeURIComponent(filter)}`);
      expect(found.body.totalResults, filter).toBe(1);
    }

    const off = await a.scim('PATCH', `/Users/${created.body.id}`, {
      schemas: [PATCH],
      Operations: [{ op: 'Replace', value: { active: 'False' } }],
    });
    expect(off.status).toBe(204);
    expect((await a.scim<Body>('GET', `/Users/${created.body.id}`)).body.active).toBe(false);
    const audit = await a.console.get<{ entries: { action: string; actor: string }[] }>('/api/console/audit');
    expect(audit.body.entries[0]).toMatchObject({
      action: 'scim.user_deactivated',
      actor: expect.stringMatching(/^scim-token:/),
    });
  });

  test("Okta's sequence: look up with startIndex/count, create, update by PUT, deactivate by path-less replace", async () => {
    const a = await newAccount();
    const lookup = await a.scim<Body>(
      'GET',
      `/Users?filter=${encodeURIComponent('userName eq "carol@okta.example"')}&startIndex=1&count=100`,
    );
    expect(lookup.status).toBe(200);
    const created = await a.scim<Body>(
      'POST',
      '/Users',
      user('carol@okta.example', { name: { givenName: 'Carol', familyName: 'Old' } }),
    );
    const put = await a.scim<Body>(
      'PUT',
      `/Users/${created.body.id}`,
      user('carol@okta.example', { name: { givenName: 'Carol', familyName: 'New' } }),
    );
    expect(put.status).toBe(200);
    expect(put.body.name).toEqual({ givenName: 'Carol', familyName: 'New' });
    const off = await a.scim('PATCH', `/Users/${created.body.id}`, {
      schemas: [PATCH],
      Operations: [{ op: 'replace', value: { active: false } }],
    });
    expect(off.status).toBe(204);
    const got = await a.scim<Body>('GET', `/Users/${created.body.id}`);
    expect(got.body.active).toBe(false);
  });

  test('provisioning the owner adopts the local user; SCIM deactivating or deleting them never disables the backup login, and says so in the audit', async () => {
    const a = await newAccount();
    expect((await a.console.get('/api/console/me')).status).toBe(200);
    const adopted = await a.scim<Body>('POST', '/Users', user(a.ownerEmail.toUpperCase()));
    expect(adopted.status).toBe(201);
    const users = await a.console.get<{ users: { id: string }[] }>('/api/console/users');
    expect(users.body.users.map((u) => u.id)).toEqual([adopted.body.id]);
    const off = await a.scim('PATCH', `/Users/${adopted.body.id}`, {
      schemas: [PATCH],
      Operations: [{ op: 'replace', path: 'active', value: false }],
    });
    expect(off.status).toBe(204);
    // The IdP sees what it set; the local password login (the way in when the IdP misbehaves) stays.
    expect((await a.scim<Body>('GET', `/Users/${adopted.body.id}`)).body.active).toBe(false);
    expect((await a.console.get('/api/console/me')).status).toBe(200);
    expect(
      (await new ConsoleClient(service.baseUrl).login(a.ownerEmail, 'correct horse battery')).status,
    ).toBe(200);
    const audit = await a.console.get<{ entries: { action: string; detail: Record<string, unknown> }[] }>(
      '/api/console/audit',
    );
    expect(audit.body.entries.find((e) => e.action.startsWith('scim.'))).toMatchObject({
      action: 'scim.user_deactivated',
      detail: { backupLoginKept: true },
    });

    expect((await a.scim('DELETE', `/Users/${adopted.body.id}`)).status).toBe(204);
    expect((await a.scim('GET', `/Users/${adopted.body.id}`)).status).toBe(404);
    expect(
      (await new ConsoleClient(service.baseUrl).login(a.ownerEmail, 'correct horse battery')).status,
    ).toBe(200);
    const after = await a.console.get<{ entries: { action: string; detail: Record<string, unknown> }[] }>(
      '/api/console/audit',
    );
    expect(after.body.entries.find((e) => e.action.startsWith('scim.'))).toMatchObject({
      action: 'scim.user_unlinked',
      detail: { backupLoginKept: true },
    });
    // Provisioned again later, the owner is adopted again.
    expect((await a.scim('POST', '/Users', user(a.ownerEmail))).status).toBe(201);
  });

  test('deactivating an ordinary provisioned user still ends their access', async () => {
    const a = await newAccount();
    const created = await a.scim<Body>('POST', '/Users', user('plain@corp.example'));
    await a.scim('PATCH', `/Users/${created.body.id}`, {
      schemas: [PATCH],
      Operations: [{ op: 'replace', path: 'active', value: false }],
    });
    const listed = await a.console.get<{ users: { id: string; active: boolean }[] }>('/api/console/users');
    expect(listed.body.users.find((u) => u.id === created.body.id)).toMatchObject({ active: false });
  });

  test('userName is unique per account, case-insensitively → 409 uniqueness', async () => {
    const a = await newAccount();
    await a.scim('POST', '/Users', user('dave@corp.example'));
    const again = await a.scim<Body>('POST', '/Users', user('DAVE@corp.example'));
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ schemas: [ERROR], status: '409', scimType: 'uniqueness' });
    const b = await newAccount();
    expect((await b.scim('POST', '/Users', user('dave@corp.example'))).status).toBe(201);
  });

  test('ETags: GET returns one; a stale If-Match → 412 and no change; the current one → 200', async () => {
    const a = await newAccount();
    const created = await a.scim<Body>('POST', '/Users', user('erin@corp.example'));
    const etag = created.headers.get('etag') ?? '';
    expect(etag).toMatch(/^W\/"\d+"$/);
    const first = await a.scim(
      'PUT',
      `/Users/${created.body.id}`,
      user('erin@corp.example', { displayName: 'Erin' }),
      { 'if-match': etag },
    );
    expect(first.status).toBe(200);
    const stale = await a.scim<Body>(
      'PUT',
      `/Users/${created.body.id}`,
      user('erin@corp.example', { displayName: 'Stale' }),
      { 'if-match': etag },
    );
    expect(stale.status).toBe(412);
    expect((await a.scim<Body>('GET', `/Users/${created.body.id}`)).body.displayName).toBe('Erin');
    expect(first.headers.get('etag')).not.toBe(etag);
  });

  test('the operations of one PATCH apply all or none', async () => {
    const a = await newAccount();
    const created = await a.scim<Body>(
      'POST',
      '/Users',
      user('frank@corp.example', { displayName: 'Frank' }),
    );
    const res = await a.scim<Body>('PATCH', `/Users/${created.body.id}`, {
      schemas: [PATCH],
      Operations: [
        { op: 'replace', path: 'displayName', value: 'Francis' },
        { op: 'replace', path: 'userName', value: '' },
      ],
    });
    expect(res.status).toBe(400);
    expect(res.body.scimType).toBe('invalidValue');
    expect((await a.scim<Body>('GET', `/Users/${created.body.id}`)).body).toMatchObject({
      displayName: 'Frank',
      userName: 'frank@corp.example',
    });
  });

  test('PATCH with value paths: replace a work email, add a phone, remove by filter, enterprise extension path', async () => {
    const a = await newAccount();
    const created = await a.scim<Body>(
      'POST',
      '/Users',
      user('gina@corp.example', { emails: [{ type: 'home', value: 'g@home.example' }] }),
    );
    const res = await a.scim('PATCH', `/Users/${created.body.id}`, {
      schemas: [PATCH],
      Operations: [
        { op: 'replace', path: 'emails[type eq "work"].value', value: 'gina@corp.example' },
        { op: 'add', path: 'phoneNumbers', value: [{ type: 'work', value: '+1 555 0100' }] },
        { op: 'remove', path: 'emails[type eq "home"]' },
        {
          op: 'replace',
          path: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department',
          value: 'R&D',
        },
        { op: 'replace', path: 'name.givenName', value: 'Gina' },
      ],
    });
    expect(res.status).toBe(204);
    const got = (await a.scim<Body>('GET', `/Users/${created.body.id}`)).body;
    expect(got.emails).toEqual([{ type: 'work', value: 'gina@corp.example' }]);
    expect(got.phoneNumbers).toEqual([{ type: 'work', value: '+1 555 0100' }]);
    expect(got['urn:ietf:params:scim:schemas:extension:enterprise:2.0:User']).toEqual({ department: 'R&D' });
    expect(got.name).toEqual({ givenName: 'Gina' });
    const bad = await a.scim<Body>('PATCH', `/Users/${created.body.id}`, {
      schemas: [PATCH],
      Operations: [{ op: 'remove' }],
    });
    expect(bad.body.scimType).toBe('noTarget');
  });

  test('DELETE deactivates and hides the user; the userName can be provisioned again; the audit keeps the trail', async () => {
    const a = await newAccount();
    const created = await a.scim<Body>('POST', '/Users', user('hank@corp.example'));
    expect((await a.scim('DELETE', `/Users/${created.body.id}`)).status).toBe(204);
    expect((await a.scim('GET', `/Users/${created.body.id}`)).status).toBe(404);
    expect((await a.scim<Body>('GET', '/Users')).body.totalResults).toBe(0);
    expect((await a.scim('POST', '/Users', user('hank@corp.example'))).status).toBe(201);
    const audit = await a.console.get<{ entries: { action: string; target: string }[] }>(
      '/api/console/audit',
    );
    expect(audit.body.entries.filter((e) => e.target === created.body.id).map((e) => e.action)).toEqual([
      'scim.user_deleted',
      'scim.user_created',
    ]);
  });

  test('bad input gets the right SCIM error and stores nothing', async () => {
    const a = await newAccount();
    const cases: [string, string, unknown, number, string | undefined][] = [
      ['malformed JSON', 'POST', '{"userName": ', 400, 'invalidSyntax'],
      ['no userName', 'POST', { schemas: [USER], active: true }, 400, 'invalidValue'],
      [
        'wrong schema URN',
        'POST',
        { schemas: ['urn:example:User'], userName: 'x@y.example' },
        400,
        'invalidSyntax',
      ],
      [
        'wrong type',
        'POST',
        { schemas: [USER], userName: 'x@y.example', active: 'maybe' },
        400,
        'invalidValue',
      ],
      ['huge value', 'POST', { schemas: [USER], userName: 'x'.repeat(5000) }, 400, 'invalidValue'],
      ['array body', 'POST', [], 400, 'invalidSyntax'],
      [
        'PatchOp without its schema',
        'PATCH',
        { Operations: [{ op: 'add', path: 'title', value: 'x' }] },
        400,
        'invalidSyntax',
      ],
      [
        'unknown op',
        'PATCH',
        { schemas: [PATCH], Operations: [{ op: 'move', path: 'title' }] },
        400,
        'invalidSyntax',
      ],
    ];
    const target = (await a.scim<Body>('POST', '/Users', user('ivy@corp.example'))).body.id;
    for (const [name, method, body, status, scimType] of cases) {
      const res = await a.scim<Body>(method, method === 'PATCH' ? `/Users/${target}` : '/Users', body);
      expect(res.status, name).toBe(status);
      expect(res.body.scimType, name).toBe(scimType);
      expect(typeof res.body.detail, name).toBe('string');
    }
    const wrongType = await fetch(`${a.scimUrl}/Users`, {
      method: 'POST',
      headers: { authorization: `Bearer ${a.token}`, 'content-type': 'text/plain' },
      body: 'userName=x',
    });
    expect(wrongType.status).toBe(415);
    expect((await a.scim<Body>('GET', '/Users')).body.totalResults).toBe(1);
  });

  test('filters: operators, logic, parentheses, value paths, dates; unsupported or malformed → 400 invalidFilter; injection finds nothing', async () => {
    const a = await newAccount();
    const mk = (n: string, fam: string, email: string) =>
      a.scim(
        'POST',
        '/Users',
        user(n, {
          name: { familyName: fam },
          displayName: `${n} ${fam}`,
          emails: [{ type: 'work', value: email }],
        }),
      );
    await mk('ann', 'Employee', 'ann@example.com');
    await mk('andy', 'Employee', 'andy@example.org');
    await mk('bert', 'Contractor', 'bert@example.com');
    const count = async (filter: string) =>
      (await a.scim<Body>('GET', `/Users?filter=${encodeURIComponent(filter)}`)).body.totalResults;
    expect(await count('userName sw "an"')).toBe(2);
    expect(await count('userName ew "rt"')).toBe(1);
    expect(await count('displayName co "EMPLOYEE"')).toBe(2);
    expect(await count('userName ne "ann"')).toBe(2);
    expect(await count('not (userName eq "ann")')).toBe(2);
    expect(
      await count(
        'name.familyName eq "Employee" and (emails.value co "example.com" or emails.value co "example.org")',
      ),
    ).toBe(2);
    expect(await count('emails[type eq "work" and value ew ".org"]')).toBe(1);
    expect(await count('externalId pr')).toBe(0);
    expect(await count('meta.created gt "2000-01-01T00:00:00Z"')).toBe(3);
    expect(await count('meta.lastModified lt "2000-01-01T00:00:00Z"')).toBe(0);
    expect(await count('userName eq "ann\' or 1=1 --"')).toBe(0);
    expect(await count('userName sw "%"')).toBe(0);
    for (const bad of [
      'title eq "x"',
      'userName eq',
      'userName xx "a"',
      '(userName eq "a"',
      'active gt true',
    ]) {
      const res = await a.scim<Body>('GET', `/Users?filter=${encodeURIComponent(bad)}`);
      expect(res.status, bad).toBe(400);
      expect(res.body.scimType, bad).toBe('invalidFilter');
    }
  });

  test('paging with startIndex and count reports totalResults', async () => {
    const a = await newAccount();
    for (const n of ['p1', 'p2', 'p3', 'p4', 'p5']) await a.scim('POST', '/Users', user(n));
    const page = await a.scim<Body & { startIndex: number; itemsPerPage: number }>(
      'GET',
      '/Users?startIndex=4&count=2',
    );
    expect(page.body).toMatchObject({ totalResults: 5, startIndex: 4, itemsPerPage: 2 });
    expect(page.body.Resources?.map((r) => r.userName)).toEqual(['p4', 'p5']);
    const none = await a.scim<Body>('GET', '/Users?count=0');
    expect(none.body).toMatchObject({ totalResults: 5, Resources: [] });
    const projected = await a.scim<Body>('GET', '/Users?attributes=userName&count=1');
    expect(Object.keys(projected.body.Resources?.[0] ?? {}).sort()).toEqual(['id', 'schemas', 'userName']);
  });
});
