// What Okta and Entra really send (issue 11 items 4, 5): Okta's group rename
// repeats the group's own id; Entra sets the manager to a bare id.
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createScimAccount, scimClient } from '../../support/scim-account.ts';
import { startTestService, type TestService } from '../../support/service.ts';
import { describeEachDatabase } from '../../support/suites.ts';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const PATCH = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
type Body = Record<string, unknown> & { id: string };

describeEachDatabase('SCIM: Okta and Entra dialects', (dialect) => {
  let service: TestService;
  let scim: ReturnType<typeof scimClient>;
  beforeAll(async () => {
    service = await startTestService(dialect);
    const a = await createScimAccount(service.baseUrl, 'dialects');
    scim = scimClient(a.scimUrl, a.token);
  });
  afterAll(async () => service?.close());

  test("Okta's rename carries the group's own id: ignored; another id → 400 mutability, nothing changed", async () => {
    const g = await scim<Body>('POST', '/Groups', { schemas: [GROUP], displayName: 'Old name' });
    const rename = await scim('PATCH', `/Groups/${g.body.id}`, {
      schemas: [PATCH],
      Operations: [{ op: 'replace', value: { id: g.body.id, displayName: 'New name' } }],
    });
    expect(rename.status).toBe(204);
    expect((await scim<Body>('GET', `/Groups/${g.body.id}`)).body.displayName).toBe('New name');
    const other = await scim('PATCH', `/Groups/${g.body.id}`, {
      schemas: [PATCH],
      Operations: [{ op: 'replace', value: { id: 'another-id', displayName: 'Hijack' } }],
    });
    expect(other.status).toBe(400);
    expect(other.body).toMatchObject({ scimType: 'mutability' });
    expect((await scim<Body>('GET', `/Groups/${g.body.id}`)).body.displayName).toBe('New name');
  });

  test('the same for a user: its own id in a path-less replace is ignored, another id → 400 mutability', async () => {
    const u = await scim<Body>('POST', '/Users', { schemas: [USER], userName: 'okta-id@corp.example' });
    const same = await scim('PATCH', `/Users/${u.body.id}`, {
      schemas: [PATCH],
      Operations: [{ op: 'replace', value: { id: u.body.id, displayName: 'Okta Id' } }],
    });
    expect(same.status).toBe(204);
    expect((await scim<Body>('GET', `/Users/${u.body.id}`)).body.displayName).toBe('Okta Id');
    const other = await scim('PATCH', `/Users/${u.body.id}`, {
      schemas: [PATCH],
      Operations: [{ op: 'replace', path: 'id', value: 'another-id' }],
    });
    expect(other.status).toBe(400);
    expect(other.body).toMatchObject({ scimType: 'mutability' });
  });

  test("Entra's [Replace active False, Add manager <bare id>] applies both: inactive, manager set", async () => {
    const boss = await scim<Body>('POST', '/Users', { schemas: [USER], userName: 'boss@corp.example' });
    const u = await scim<Body>('POST', '/Users', { schemas: [USER], userName: 'report@corp.example' });
    const res = await scim('PATCH', `/Users/${u.body.id}`, {
      schemas: [PATCH],
      Operations: [
        { op: 'Replace', path: 'active', value: 'False' },
        { op: 'Add', path: `${ENTERPRISE}:manager`, value: boss.body.id },
      ],
    });
    expect(res.status).toBe(204);
    const after = await scim<Body>('GET', `/Users/${u.body.id}`);
    expect(after.body.active).toBe(false);
    expect(after.body[ENTERPRISE]).toMatchObject({ manager: { value: boss.body.id } });
    const created = await scim<Body>('POST', '/Users', {
      schemas: [USER, ENTERPRISE],
      userName: 'report2@corp.example',
      [ENTERPRISE]: { manager: boss.body.id },
    });
    expect(created.status).toBe(201);
    expect(created.body[ENTERPRISE]).toMatchObject({ manager: { value: boss.body.id } });
  });
});
