import { afterAll, beforeAll, expect, test } from 'vitest';
import { LatchkeyError } from '../../../common/latchkey-error.ts';
import { activateDevice } from '../../../backend/licensing/activations.ts';
import { checkIn } from '../../../backend/licensing/check-in.ts';
import { addLicense } from '../../../backend/licensing/license-registry.ts';
import { licensingContext } from '../../../backend/licensing/licensing-context.ts';
import { createScimAccount, scimClient } from '../../support/scim-account.ts';
import { startTestService, type TestService } from '../../support/service.ts';
import { describeEachDatabase } from '../../support/suites.ts';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';

describeEachDatabase('licensing in the console: JWKS, sublicenses, activations and revocation', (dialect) => {
  let service: TestService;
  beforeAll(async () => {
    service = await startTestService(dialect);
  });
  afterAll(async () => service?.close());

  test('the license JWKS is public and holds an Ed25519 key from the first start', async () => {
    const res = await fetch(`${service.baseUrl}/api/v1/jwks`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      keys: { kty: string; crv: string; alg: string; kid: string; d?: string }[];
    };
    expect(body.keys).toHaveLength(1);
    expect(body.keys[0]).toMatchObject({ kty: 'OKP', crv: 'Ed25519', alg: 'EdDSA' });
    expect(body.keys[0]?.d).toBeUndefined();
  });

  test('the ID-token key is stored sealed and shared: every node publishes the same /oidc/jwks', async () => {
    const { idTokenSigningJwk } = await import('../../../backend/oidc/id-token-key.ts');
    const { db } = service.deps.database;
    const first = await idTokenSigningJwk(db, service.deps.clock, service.deps.masterKey);
    const second = await idTokenSigningJwk(db, service.deps.clock, service.deps.masterKey);
    expect(second.kid).toBe(first.kid);
    const row = await db
      .selectFrom('signing_keys')
      .selectAll()
      .where('purpose', '=', 'id_token')
      .executeTakeFirstOrThrow();
    expect(row.private_key_sealed).not.toContain(String(first.d));
    const jwks = (await (await fetch(`${service.baseUrl}/oidc/jwks`)).json()) as {
      keys: { kid: string; d?: string }[];
    };
    expect(jwks.keys.map((k) => k.kid)).toEqual([first.kid]);
    expect(jwks.keys[0]?.d).toBeUndefined();
    // the license JWKS is separate
    const licenses = (await (await fetch(`${service.baseUrl}/api/v1/jwks`)).json()) as {
      keys: { kid: string }[];
    };
    expect(licenses.keys.map((k) => k.kid)).not.toContain(first.kid);
  });

  test('admins split seats into sublicenses, within the license; see and revoke activations', async () => {
    const a = await createScimAccount(service.baseUrl, 'adm');
    const scim = scimClient(a.scimUrl, a.token);
    const user = (
      await scim<{ id: string }>('POST', '/Users', { schemas: [USER], userName: 'zed@adm.example' })
    ).body.id;
    const group = (
      await scim<{ id: string }>('POST', '/Groups', {
        schemas: [GROUP],
        displayName: 'Desk',
        externalId: 'grp-desk',
        members: [{ value: user }],
      })
    ).body.id;
    await a.console.put('/api/console/integration/groups', {
      adminsGroup: { name: 'A', id: 'a' },
      desktopUsersGroup: { name: 'Desk', id: 'grp-desk' },
    });
    const license = await addLicense(
      service.deps.database.db,
      service.deps.clock,
      { accountId: a.accountId, edition: 'business', seats: 3, deviceLimit: 3, expiresAt: '2099-01-01' },
      'test',
    );

    expect(
      (await a.console.post(`/api/console/licenses/${license.id}/sublicenses`, { groupId: group, seats: 2 }))
        .status,
    ).toBe(201);
    const over = await a.console.post<{ error: { code: string; field: string } }>(
      `/api/console/licenses/${license.id}/sublicenses`,
      { groupId: group, seats: 2 },
    );
    expect(over.status).toBe(409);
    expect(over.body.error).toMatchObject({ code: 'seats_exceeded', field: 'seats' });
    expect(
      (
        await a.console.post(`/api/console/licenses/${license.id}/sublicenses`, {
          groupId: crypto.randomUUID(),
          seats: 1,
        })
      ).status,
    ).toBe(404);
    const subs = await a.console.get<{ sublicenses: { groupName: string; seats: number }[] }>(
      `/api/console/licenses/${license.id}/sublicenses`,
    );
    expect(subs.body.sublicenses).toEqual([expect.objectContaining({ groupName: 'Desk', seats: 2 })]);

    const ctx = licensingContext(service.deps);
    const issued = await activateDevice(ctx, a.accountId, user, {
      deviceId: 'device-zed-0123456789abcdef',
      deviceName: 'Zed Mac',
      os: 'macOS',
      appVersion: '1.0.0',
    });
    const list = await a.console.get<{ activations: { id: string; userName: string; deviceName: string }[] }>(
      '/api/console/activations',
    );
    expect(list.body.activations).toEqual([
      expect.objectContaining({
        id: issued.activationId,
        userName: 'zed@adm.example',
        deviceName: 'Zed Mac',
      }),
    ]);

    const other = await createScimAccount(service.baseUrl, 'other');
    expect((await other.console.post(`/api/console/activations/${issued.activationId}/revoke`)).status).toBe(
      404,
    );
    expect((await a.console.post(`/api/console/activations/${issued.activationId}/revoke`)).status).toBe(204);
    const refused = await checkIn(ctx, issued.activationId, user).catch((err: unknown) => err);
    expect(refused).toBeInstanceOf(LatchkeyError);
    expect((refused as LatchkeyError).code).toBe('ACTIVATION_REVOKED');
    expect((refused as LatchkeyError).message).toBe('revoked by an admin');
    const audit = await a.console.get<{ entries: { action: string }[] }>('/api/console/audit');
    expect(audit.body.entries.map((e) => e.action)).toContain('activation.revoked');
  });
});
