// Concurrent PATCHes (issue 11 item 2): without If-Match they serialize in
// the database and all apply; 412 is only for a stale If-Match (RFC 7644
// §3.14). Several service nodes share the database, so nothing here may rely
// on one process: the requests go in parallel over HTTP.
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createScimAccount, scimClient } from '../../support/scim-account.ts';
import { startTestService, type TestService } from '../../support/service.ts';
import { describeEachDatabase } from '../../support/suites.ts';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const PATCH = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
type Body = Record<string, unknown> & { id: string; members?: { value: string }[] };

describeEachDatabase('SCIM: concurrent PATCHes all apply', (dialect) => {
  let service: TestService;
  beforeAll(async () => {
    service = await startTestService(dialect);
  });
  afterAll(async () => service?.close());

  async function groupWithTenUsers() {
    const a = await createScimAccount(service.baseUrl, 'concurrent');
    const scim = scimClient(a.scimUrl, a.token);
    const ids: string[] = [];
    for (let i = 0; i < 10; i++)
      ids.push(
        (await scim<Body>('POST', '/Users', { schemas: [USER], userName: `u${i}@corp.example` })).body.id,
      );
    const group = await scim<Body>('POST', '/Groups', { schemas: [GROUP], displayName: 'Desktop Users' });
    return { scim, ids, groupId: group.body.id };
  }
  const members = async (scim: ReturnType<typeof scimClient>, id: string) =>
    ((await scim<Body>('GET', `/Groups/${id}`)).body.members ?? []).map((m) => m.value).sort();

  test('10 parallel Entra member Adds to one group → ten 204s and 10 members', async () => {
    const { scim, ids, groupId } = await groupWithTenUsers();
    const results = await Promise.all(
      ids.map((id) =>
        scim('PATCH', `/Groups/${groupId}`, {
          schemas: [PATCH],
          Operations: [{ op: 'Add', path: 'members', value: [{ value: id }] }],
        }),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(ids.map(() => 204));
    expect(await members(scim, groupId)).toEqual([...ids].sort());
  });

  test('10 parallel Okta remove+add PATCHes to one group → ten 204s and 10 members', async () => {
    const { scim, ids, groupId } = await groupWithTenUsers();
    const results = await Promise.all(
      ids.map((id, i) =>
        scim('PATCH', `/Groups/${groupId}`, {
          schemas: [PATCH],
          Operations: [
            { op: 'remove', path: `members[value eq "${ids[(i + 1) % ids.length]}-gone"]` },
            { op: 'add', path: 'members', value: [{ value: id, display: `u${i}` }] },
          ],
        }),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(ids.map(() => 204));
    expect(await members(scim, groupId)).toEqual([...ids].sort());
  });

  test('10 parallel PATCHes to one user → ten 204s, every change kept', async () => {
    const { scim, ids } = await groupWithTenUsers();
    const userId = ids[0] ?? '';
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        scim('PATCH', `/Users/${userId}`, {
          schemas: [PATCH],
          Operations: [
            { op: 'add', path: 'phoneNumbers', value: [{ value: `+1 555 010${i}`, type: 'work' }] },
          ],
        }),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(results.map(() => 204));
    const user = await scim<{ phoneNumbers: { value: string }[]; meta: { version: string } }>(
      'GET',
      `/Users/${userId}`,
    );
    expect(user.body.phoneNumbers.map((p) => p.value).sort()).toEqual(
      Array.from({ length: 10 }, (_, i) => `+1 555 010${i}`),
    );
  });

  test('a stale If-Match → 412 and nothing applied, for a group and for a user', async () => {
    const { scim, ids, groupId } = await groupWithTenUsers();
    const before = await scim<Body>('GET', `/Groups/${groupId}`);
    const stale = before.headers.get('etag') ?? '';
    const add = (id: string) => ({
      schemas: [PATCH],
      Operations: [{ op: 'add', path: 'members', value: [{ value: id }] }],
    });
    expect((await scim('PATCH', `/Groups/${groupId}`, add(ids[0] ?? ''), { 'if-match': stale })).status).toBe(
      204,
    );
    const refused = await scim('PATCH', `/Groups/${groupId}`, add(ids[1] ?? ''), { 'if-match': stale });
    expect(refused.status).toBe(412);
    expect(await members(scim, groupId)).toEqual([ids[0]]);

    const userId = ids[2] ?? '';
    const etag = (await scim('GET', `/Users/${userId}`)).headers.get('etag') ?? '';
    const rename = (n: string) => ({
      schemas: [PATCH],
      Operations: [{ op: 'replace', path: 'displayName', value: n }],
    });
    expect((await scim('PATCH', `/Users/${userId}`, rename('First'), { 'if-match': etag })).status).toBe(204);
    expect((await scim('PATCH', `/Users/${userId}`, rename('Second'), { 'if-match': etag })).status).toBe(
      412,
    );
    expect((await scim<Body>('GET', `/Users/${userId}`)).body.displayName).toBe('First');
  });
});
