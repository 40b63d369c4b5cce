import { afterAll, beforeAll, expect, test } from 'vitest';
import { createScimAccount, scimClient } from '../../support/scim-account.ts';
import { startTestService, type TestService } from '../../support/service.ts';
import { describeEachDatabase } from '../../support/suites.ts';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const PATCH = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
type Member = { value: string; display?: string };
type Body = Record<string, unknown> & {
  id: string;
  members?: Member[];
  Resources?: Body[];
  totalResults?: number;
};

describeEachDatabase('SCIM Groups: membership as rows, Okta and Entra member changes', (dialect) => {
  let service: TestService;
  beforeAll(async () => {
    service = await startTestService(dialect);
  });
  afterAll(async () => service?.close());

  async function setup() {
    const a = await createScimAccount(service.baseUrl, 'groups');
    const scim = scimClient(a.scimUrl, a.token);
    const ids: string[] = [];
    for (const n of ['u1', 'u2', 'u3']) {
      ids.push(
        (
          await scim<Body>('POST', '/Users', {
            schemas: [USER],
            userName: `${n}@corp.example`,
            displayName: n.toUpperCase(),
          })
        ).body.id,
      );
    }
    return { ...a, scim, ids };
  }
  const memberIds = (b: Body) => (b.members ?? []).map((m) => m.value).sort();

  test('create with members; unknown member ids are skipped; display comes from the request or the user', async () => {
    const { scim, ids } = await setup();
    const created = await scim<Body>('POST', '/Groups', {
      schemas: [GROUP],
      displayName: 'Desktop Users',
      externalId: 'entra-group-1',
      members: [{ value: ids[0], display: 'First' }, { value: ids[1] }, { value: 'no-such-user' }],
    });
    expect(created.status).toBe(201);
    expect(memberIds(created.body)).toEqual([ids[0], ids[1]].sort());
    expect(created.body.members?.find((m) => m.value === ids[0])?.display).toBe('First');
    expect(created.body.members?.find((m) => m.value === ids[1])?.display).toBe('U2');
  });

  test("Okta's group push: one PATCH with a remove and an add changes exactly those members", async () => {
    const { scim, ids } = await setup();
    const g = (
      await scim<Body>('POST', '/Groups', {
        schemas: [GROUP],
        displayName: 'Okta Group',
        members: [{ value: ids[0] }, { value: ids[1] }],
      })
    ).body;
    const res = await scim('PATCH', `/Groups/${g.id}`, {
      schemas: [PATCH],
      Operations: [
        { op: 'remove', path: `members[value eq "${ids[0]}"]` },
        { op: 'add', path: 'members', value: [{ value: ids[2], display: 'u3' }] },
      ],
    });
    expect(res.status).toBe(204);
    expect(memberIds((await scim<Body>('GET', `/Groups/${g.id}`)).body)).toEqual([ids[1], ids[2]].sort());
  });

  test("Entra's member changes: capitalised ops, remove with a value list, rename by path-less Replace", async () => {
    const { scim, ids } = await setup();
    const g = (await scim<Body>('POST', '/Groups', { schemas: [GROUP], displayName: 'Entra Group' })).body;
    await scim('PATCH', `/Groups/${g.id}`, {
      schemas: [PATCH],
      Operations: [{ op: 'Add', path: 'members', value: ids.map((value) => ({ value })) }],
    });
    await scim('PATCH', `/Groups/${g.id}`, {
      schemas: [PATCH],
      Operations: [
        { op: 'Remove', path: 'members', value: [{ value: ids[1] }] },
        { op: 'Replace', value: { displayName: 'Entra Group Renamed', externalId: 'obj-2' } },
      ],
    });
    const got = (await scim<Body>('GET', `/Groups/${g.id}`)).body;
    expect(memberIds(got)).toEqual([ids[0], ids[2]].sort());
    expect(got).toMatchObject({ displayName: 'Entra Group Renamed', externalId: 'obj-2' });
    const byMember = await scim<Body>(
      'GET',
      `/Groups?filter=${encodeURIComponent(`members[value eq "${ids[2]}"]`)}`,
    );
    expect(byMember.body.Resources?.map((r) => r.id)).toEqual([g.id]);
    const byName = await scim<Body>(
      'GET',
      `/Groups?filter=${encodeURIComponent('displayName eq "entra group renamed"')}`,
    );
    expect(byName.body.totalResults).toBe(1);
  });

  test('a bad operation in a group PATCH changes nothing (all or none)', async () => {
    const { scim, ids } = await setup();
    const g = (
      await scim<Body>('POST', '/Groups', {
        schemas: [GROUP],
        displayName: 'Atomic',
        members: [{ value: ids[0] }],
      })
    ).body;
    const res = await scim<Body>('PATCH', `/Groups/${g.id}`, {
      schemas: [PATCH],
      Operations: [
        { op: 'add', path: 'members', value: [{ value: ids[1] }] },
        { op: 'remove', path: 'members[display eq "x"]' },
      ],
    });
    expect(res.status).toBe(400);
    expect(res.body.scimType).toBe('invalidFilter');
    expect(memberIds((await scim<Body>('GET', `/Groups/${g.id}`)).body)).toEqual([ids[0]]);
  });

  test('group PATCH paths resolve against the Group schema like a user PATCH (one interpreter): no path wipes members by accident', async () => {
    const { scim, ids } = await setup();
    const g = (
      await scim<Body>('POST', '/Groups', {
        schemas: [GROUP],
        displayName: 'Paths',
        externalId: 'ext-paths',
        members: [{ value: ids[0] }, { value: ids[1] }],
      })
    ).body;
    const patch = (op: Record<string, unknown>) =>
      scim<Body>('PATCH', `/Groups/${g.id}`, { schemas: [PATCH], Operations: [op] });
    // RFC 7644 §3.5.2: a sub-attribute of every member is not "the members".
    const sub = await patch({ op: 'remove', path: 'members.value' });
    expect(sub.status).toBe(400);
    expect(sub.body.scimType).toBe('invalidPath');
    // RFC 7644 §3.12: an attribute the schema does not define is an invalid path, not a mutability error.
    const unknown = await patch({ op: 'remove', path: 'nickName' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.scimType).toBe('invalidPath');
    // A value filter on a single-valued attribute selects nothing to remove.
    const filtered = await patch({ op: 'remove', path: 'externalId[value eq "x"]' });
    expect(filtered.status).toBe(400);
    expect(filtered.body.scimType).toBe('invalidPath');
    const required = await patch({ op: 'remove', path: 'displayName' });
    expect(required.status).toBe(400);
    expect(required.body.scimType).toBe('mutability');
    const after = (await scim<Body>('GET', `/Groups/${g.id}`)).body;
    expect(memberIds(after).sort()).toEqual([ids[0], ids[1]].sort());
    expect(after).toMatchObject({ displayName: 'Paths', externalId: 'ext-paths' });
    // Several member values in one filter: each named member leaves, the others stay.
    const two = await patch({ op: 'remove', path: `members[value eq "${ids[0]}" or value eq "${ids[2]}"]` });
    expect(two.status).toBe(204);
    expect(memberIds((await scim<Body>('GET', `/Groups/${g.id}`)).body)).toEqual([ids[1]]);
  });

  test('members are left out when excluded, and not read for a displayName-only listing', async () => {
    const { scim, ids } = await setup();
    const g = (
      await scim<Body>('POST', '/Groups', {
        schemas: [GROUP],
        displayName: 'Quiet',
        members: [{ value: ids[0] }],
      })
    ).body;
    const one = await scim<Body>('GET', `/Groups/${g.id}?excludedAttributes=members`);
    expect(one.body.members).toBeUndefined();
    expect(one.body.displayName).toBe('Quiet');
    const list = await scim<Body>('GET', '/Groups?attributes=displayName');
    expect(list.body.Resources?.[0]).toEqual({ schemas: [GROUP], id: g.id, displayName: 'Quiet' });
  });

  test('a deleted user leaves every group; a deleted group is gone; duplicate names → 409', async () => {
    const { scim, ids } = await setup();
    const g = (
      await scim<Body>('POST', '/Groups', {
        schemas: [GROUP],
        displayName: 'Temp',
        members: ids.map((value) => ({ value })),
      })
    ).body;
    await scim('DELETE', `/Users/${ids[0]}`);
    expect(memberIds((await scim<Body>('GET', `/Groups/${g.id}`)).body)).toEqual([ids[1], ids[2]].sort());
    const dup = await scim<Body>('POST', '/Groups', { schemas: [GROUP], displayName: 'TEMP' });
    expect(dup.status).toBe(409);
    expect(dup.body.scimType).toBe('uniqueness');
    expect((await scim('DELETE', `/Groups/${g.id}`)).status).toBe(204);
    expect((await scim('GET', `/Groups/${g.id}`)).status).toBe(404);
  });

  test('PUT replaces the members; a stale If-Match → 412', async () => {
    const { scim, ids } = await setup();
    const created = await scim<Body>('POST', '/Groups', {
      schemas: [GROUP],
      displayName: 'Put',
      members: [{ value: ids[0] }],
    });
    const etag = created.headers.get('etag') ?? '';
    const put = await scim<Body>(
      'PUT',
      `/Groups/${created.body.id}`,
      { schemas: [GROUP], displayName: 'Put', members: [{ value: ids[2] }] },
      { 'if-match': etag },
    );
    expect(put.status).toBe(200);
    expect(memberIds(put.body)).toEqual([ids[2]]);
    const stale = await scim(
      'PUT',
      `/Groups/${created.body.id}`,
      { schemas: [GROUP], displayName: 'Put' },
      { 'if-match': etag },
    );
    expect(stale.status).toBe(412);
  });

  test('discovery: ServiceProviderConfig, ResourceTypes and Schemas', async () => {
    const { scim } = await setup();
    const spc = await scim<{
      patch: { supported: boolean };
      etag: { supported: boolean };
      filter: { maxResults: number };
    }>('GET', '/ServiceProviderConfig');
    expect(spc.body).toMatchObject({
      patch: { supported: true },
      etag: { supported: true },
      filter: { maxResults: 200 },
    });
    const types = await scim<{ Resources: { id: string; endpoint: string }[] }>('GET', '/ResourceTypes');
    expect(types.body.Resources.map((t) => t.endpoint)).toEqual(['/Users', '/Groups']);
    const schemas = await scim<{ Resources: { id: string }[] }>('GET', '/Schemas');
    expect(schemas.body.Resources.map((s) => s.id)).toEqual([
      USER,
      'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User',
      GROUP,
    ]);
  });
});
