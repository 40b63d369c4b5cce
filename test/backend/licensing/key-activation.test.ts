import { createRemoteJWKSet, jwtVerify } from 'jose';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { addLicense } from '../../../backend/licensing/license-registry.ts';
import { ConsoleClient } from '../../../devtools/console-client.ts';
import { startTestService, type TestService } from '../../support/service.ts';
import { describeEachDatabase } from '../../support/suites.ts';

type Issued = { activationId: string; license: string; activationSecret: string };
type Refusal = { error: { code: string; message: string; field?: string } };

describeEachDatabase('activation with a license key (no SSO)', (dialect) => {
  let service: TestService;
  let key: string;
  let accountId: string;

  beforeAll(async () => {
    service = await startTestService(dialect);
    const owner = new ConsoleClient(service.baseUrl);
    accountId = await owner.signUp('Small Shop', 'owner@shop.example', 'correct horse battery');
    key = (
      await addLicense(
        service.deps.database.db,
        service.deps.clock,
        { accountId, edition: 'business', seats: 1, deviceLimit: 2, expiresAt: '2099-01-01' },
        'test',
      )
    ).key;
  });
  afterAll(async () => service?.close());

  const device = (n: string) => ({
    deviceId: `shop-device-${n}-0123456789`,
    deviceName: `PC ${n}`,
    os: 'Windows 11',
    appVersion: '1.0.0',
  });
  const call = async <T>(method: string, path: string, body?: unknown, token?: string) => {
    const res = await fetch(`${service.baseUrl}/api/v1${path}`, {
      method,
      headers: {
        ...(token && { authorization: `Bearer ${token}` }),
        ...(body !== undefined && { 'content-type': 'application/json' }),
      },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    });
    return { status: res.status, body: (res.status === 204 ? null : await res.json()) as T };
  };

  test('the key activates, the license verifies offline, and the secret checks in — only its own activation', async () => {
    const first = await call<Issued>('POST', '/activations/by-key', {
      licenseKey: key.toLowerCase(),
      email: 'Ann@Shop.example',
      ...device('a'),
    });
    expect(first.status).toBe(201);
    expect(first.body.activationSecret).toMatch(/^lka_[A-Za-z0-9_-]{43}$/);
    const { payload } = await jwtVerify(
      first.body.license,
      createRemoteJWKSet(new URL(`${service.baseUrl}/api/v1/jwks`)),
    );
    expect(payload).toMatchObject({
      acc: accountId,
      dev: device('a').deviceId,
      act: first.body.activationId,
      // The holder as the service stored them (lowercased), never the text as typed.
      email: 'ann@shop.example',
    });
    const stored = await service.deps.database.db
      .selectFrom('activations')
      .select(['secret_hash', 'via'])
      .where('id', '=', first.body.activationId)
      .executeTakeFirstOrThrow();
    expect(stored).toMatchObject({ via: 'key' });
    expect(stored.secret_hash).not.toContain(first.body.activationSecret);

    const renewed = await call<{ license: string }>(
      'POST',
      `/activations/${first.body.activationId}/check-in`,
      undefined,
      first.body.activationSecret,
    );
    expect(renewed.status).toBe(200);
    expect(renewed.body.license).not.toBe(first.body.license);

    const second = await call<Issued>('POST', '/activations/by-key', {
      licenseKey: key,
      email: 'ann@shop.example',
      ...device('b'),
    });
    expect(second.status).toBe(201);
    expect(
      (
        await call(
          'POST',
          `/activations/${second.body.activationId}/check-in`,
          undefined,
          first.body.activationSecret,
        )
      ).status,
    ).toBe(403);
    expect((await call('POST', '/activations', device('c'), first.body.activationSecret)).status).toBe(403);
  });

  test('seats count users and the device limit holds; deactivating frees the device', async () => {
    const other = await call<Refusal>('POST', '/activations/by-key', {
      licenseKey: key,
      email: 'bob@shop.example',
      ...device('x'),
    });
    expect(other.status).toBe(403);
    expect(other.body.error.code).toBe('NO_SEATS_AVAILABLE');
    const third = await call<Refusal>('POST', '/activations/by-key', {
      licenseKey: key,
      email: 'ann@shop.example',
      ...device('c'),
    });
    expect(third.body.error.code).toBe('DEVICE_LIMIT_REACHED');
    // re-activating a known device replaces its activation (new secret)
    const again = await call<Issued>('POST', '/activations/by-key', {
      licenseKey: key,
      email: 'ann@shop.example',
      ...device('b'),
    });
    expect(again.status).toBe(201);
    expect(
      (
        await call(
          'DELETE',
          `/activations/${again.body.activationId}`,
          undefined,
          again.body.activationSecret,
        )
      ).status,
    ).toBe(204);
    const logged = await service.deps.database.db
      .selectFrom('activation_attempts')
      .select(['outcome', 'evidence'])
      .where('stage', '=', 'deactivation')
      .execute();
    expect(logged.some((l) => l.outcome === 'success' && l.evidence.includes(again.body.activationId))).toBe(
      true,
    );
    const after = await call<Refusal>(
      'POST',
      `/activations/${again.body.activationId}/check-in`,
      undefined,
      again.body.activationSecret,
    );
    expect(after.body.error.code).toBe('ACTIVATION_REVOKED');
    expect(
      (
        await call<Issued>('POST', '/activations/by-key', {
          licenseKey: key,
          email: 'ann@shop.example',
          ...device('c'),
        })
      ).status,
    ).toBe(201);
  });

  test('bad keys are refused with the reason; an SSO account refuses key activation', async () => {
    const malformed = await call<Refusal>('POST', '/activations/by-key', {
      licenseKey: 'ABC',
      email: 'ann@shop.example',
      ...device('a'),
    });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.field).toBe('licenseKey');
    const unknown = await call<Refusal>('POST', '/activations/by-key', {
      licenseKey: 'LK-00000-00000-00000-00000',
      email: 'ann@shop.example',
      ...device('a'),
    });
    expect(unknown.status).toBe(404);
    await service.deps.database.db
      .updateTable('idp_configs')
      .set({ status: 'active' })
      .where('account_id', '=', accountId)
      .execute();
    const sso = await call<Refusal>('POST', '/activations/by-key', {
      licenseKey: key,
      email: 'ann@shop.example',
      ...device('a'),
    });
    expect(sso.status).toBe(409);
    expect(sso.body.error.code).toBe('sso_required');
  });
});
