// Regression (issue 11 item 1): no key taken from a SCIM request may reach
// Object.prototype or a constructor. Each hostile request is a SCIM 400, and
// afterwards a second account's requests still work (the service runs in this
// process, so a polluted prototype would show here too).
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createScimAccount, scimClient } from '../../support/scim-account.ts';
import { startTestService, type TestService } from '../../support/service.ts';
import { describeEachDatabase } from '../../support/suites.ts';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const PATCH = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
const ERROR = 'urn:ietf:params:scim:api:messages:2.0:Error';
type Body = Record<string, unknown> & { id: string; totalResults?: number };

const nativeKeys = Object.keys;
const hostileNames = ['__proto__', 'constructor', 'prototype'];

const pathOps = hostileNames.flatMap((n) => [
  { op: 'add', path: `${n}.keys`, value: 'x' },
  { op: 'add', path: n, value: { polluted: 'yes' } },
  { op: 'replace', path: `name.${n}`, value: 'x' },
  { op: 'add', path: `emails[type eq "work"].${n}`, value: 'x' },
  { op: 'add', path: `emails[${n} eq "x"].value`, value: 'x' },
  { op: 'add', path: `${ENTERPRISE}:${n}`, value: { polluted: 'yes' } },
  { op: 'remove', path: `${n}.keys` },
]);
const valueOps = hostileNames.flatMap((n) => [
  { op: 'add', value: JSON.parse(`{"${n}": {"keys": "x", "polluted": "yes"}}`) as unknown },
  { op: 'replace', value: { [`${n}.keys`]: 'x' } },
  { op: 'replace', value: { [`name.${n}`]: 'x' } },
  { op: 'add', value: { name: JSON.parse(`{"${n}": {"polluted": "yes"}}`) as unknown } },
  { op: 'add', value: { [ENTERPRISE]: JSON.parse(`{"${n}": {"polluted": "yes"}}`) as unknown } },
]);
const bodies = hostileNames.flatMap((n) => [
  `{"schemas":["${USER}"],"userName":"evil-${n}@corp.example","${n}":{"polluted":"yes"}}`,
  `{"schemas":["${USER}"],"userName":"evil-${n}@corp.example","name":{"${n}":{"polluted":"yes"}}}`,
  `{"schemas":["${USER}"],"userName":"evil-${n}@corp.example","emails":[{"value":"a@b.c","${n}":{"x":1}}]}`,
]);
const filters = hostileNames.flatMap((n) => [`${n} eq "x"`, `${n}.keys pr`, `emails[${n} eq "x"]`]);

describeEachDatabase('SCIM: request keys never reach Object.prototype', (dialect) => {
  let service: TestService;
  let victim: ReturnType<typeof scimClient>;
  beforeAll(async () => {
    service = await startTestService(dialect);
    const b = await createScimAccount(service.baseUrl, 'victim');
    victim = scimClient(b.scimUrl, b.token);
    expect(
      (await victim('POST', '/Users', { schemas: [USER], userName: 'bystander@b.example' })).status,
    ).toBe(201);
  });
  afterAll(async () => service?.close());

  const attacker = async () => {
    const a = await createScimAccount(service.baseUrl, 'attacker');
    const scim = scimClient(a.scimUrl, a.token);
    const me = await scim<Body>('POST', '/Users', { schemas: [USER], userName: 'mallory@a.example' });
    const group = await scim<Body>('POST', '/Groups', { schemas: [GROUP], displayName: 'G' });
    return { scim, userId: me.body.id, groupId: group.body.id };
  };

  async function expectUnharmed(what: string) {
    expect(Object.keys, what).toBe(nativeKeys);
    expect(({} as Record<string, unknown>).polluted, what).toBeUndefined();
    const list = await victim<Body>('GET', '/Users?filter=userName eq "bystander@b.example"');
    expect(list.status, what).toBe(200);
    expect(list.body.totalResults, what).toBe(1);
  }

  function expectScim400(res: { status: number; body: unknown }, what: string) {
    expect(res.status, what).toBe(400);
    expect(res.body, what).toMatchObject({ schemas: [ERROR], status: '400' });
  }

  test('PATCH path segments naming __proto__, constructor or prototype → 400, users and groups', async () => {
    const { scim, userId, groupId } = await attacker();
    for (const op of pathOps) {
      const what = JSON.stringify(op);
      expectScim400(await scim('PATCH', `/Users/${userId}`, { schemas: [PATCH], Operations: [op] }), what);
      await expectUnharmed(what);
      expectScim400(await scim('PATCH', `/Groups/${groupId}`, { schemas: [PATCH], Operations: [op] }), what);
      await expectUnharmed(what);
    }
  });

  test('path-less PATCH values whose keys (plain or dotted) name them → 400', async () => {
    const { scim, userId, groupId } = await attacker();
    for (const op of valueOps) {
      const what = JSON.stringify(op);
      expectScim400(await scim('PATCH', `/Users/${userId}`, { schemas: [PATCH], Operations: [op] }), what);
      await expectUnharmed(what);
      expectScim400(await scim('PATCH', `/Groups/${groupId}`, { schemas: [PATCH], Operations: [op] }), what);
      await expectUnharmed(what);
    }
  });

  test('POST and PUT bodies carrying them at any depth → 400, nothing stored', async () => {
    const { scim, userId, groupId } = await attacker();
    for (const body of bodies) {
      expectScim400(await scim('POST', '/Users', body), body);
      await expectUnharmed(body);
      expectScim400(await scim('PUT', `/Users/${userId}`, body), body);
      await expectUnharmed(body);
    }
    for (const n of hostileNames) {
      const body = `{"schemas":["${GROUP}"],"displayName":"G","${n}":{"polluted":"yes"}}`;
      expectScim400(await scim('POST', '/Groups', body), body);
      expectScim400(await scim('PUT', `/Groups/${groupId}`, body), body);
      await expectUnharmed(body);
    }
    const list = await scim<Body>('GET', '/Users?filter=userName sw "evil-"');
    expect(list.body.totalResults).toBe(0);
  });

  test('filters on attributes named __proto__, constructor or prototype → 400', async () => {
    const { scim } = await attacker();
    for (const filter of filters) {
      for (const resource of ['Users', 'Groups']) {
        const res = await scim('GET', `/${resource}?filter=${encodeURIComponent(filter)}`);
        expectScim400(res, `${resource} ${filter}`);
        expect(res.body).toMatchObject({ scimType: 'invalidFilter' });
        await expectUnharmed(filter);
      }
    }
  });
});
