// Registering a license key in the console (issue 22 item 6): the operator
// issues a key bound to no account; an admin registers it (Licenses →
// Register license key) and the license is listed at once. Unknown keys, junk,
// keys registered here or elsewhere are refused clearly; of two accounts
// registering one key at once exactly one wins; failures in a row are limited.
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { License } from '../../../common/console-api.ts';
import { issueLicenseKey } from '../../../backend/licensing/license-registration.ts';
import { addLicense } from '../../../backend/licensing/license-registry.ts';
import { createScimAccount } from '../../support/scim-account.ts';
import { startTestService, type TestService } from '../../support/service.ts';
import { describeEachDatabase } from '../../support/suites.ts';

interface ErrorBody {
  error: { code: string; message: string; field?: string };
}

const terms = { edition: 'enterprise' as const, seats: 25, deviceLimit: 2, expiresAt: '2099-06-30' };

describeEachDatabase('registering a license key the operator issued', (dialect) => {
  let service: TestService;
  beforeAll(async () => {
    service = await startTestService(dialect);
  });
  afterAll(async () => service?.close());

  const issue = () => issueLicenseKey(service.deps.database.db, service.deps.clock, terms, 'cli');

  test('a key typed in lower case with spaces registers, shows in the list at once and is audited', async () => {
    const a = await createScimAccount(service.baseUrl, 'register');
    const { key } = await issue();
    const typed = ` ${key.toLowerCase().replaceAll('-', ' ')} `;
    const res = await a.console.post<License>('/api/console/licenses', { key: typed });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({ key, edition: 'enterprise', seats: 25, deviceLimit: 2, expired: false });
    const list = await a.console.get<{ licenses: License[] }>('/api/console/licenses');
    expect(list.body.licenses.map((l) => l.key)).toEqual([key]);
    const audit = await a.console.get<{ entries: { action: string; target: string | null }[] }>(
      '/api/console/audit',
    );
    expect(audit.body.entries.find((e) => e.action === 'license.registered')?.target).toBe(res.body.id);

    // Again by the same account: said so, nothing new.
    const again = await a.console.post<ErrorBody>('/api/console/licenses', { key });
    expect(again.status).toBe(409);
    expect(again.body.error).toMatchObject({
      code: 'license_key_registered_here',
      message: 'This key is already registered to this business account.',
      field: 'key',
    });
    expect(
      (await a.console.get<{ licenses: License[] }>('/api/console/licenses')).body.licenses,
    ).toHaveLength(1);
  });

  test('a key registered to another account is refused without naming that account', async () => {
    const a = await createScimAccount(service.baseUrl, 'first');
    const b = await createScimAccount(service.baseUrl, 'second');
    const { key } = await issue();
    expect((await a.console.post('/api/console/licenses', { key })).status).toBe(201);
    const res = await b.console.post<ErrorBody>('/api/console/licenses', { key });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('license_key_registered_elsewhere');
    expect(res.body.error.message).toContain('already registered to another business account');
    expect(JSON.stringify(res.body)).not.toContain(a.accountId);
    expect(JSON.stringify(res.body)).not.toMatch(/first \d/);
    expect((await b.console.get<{ licenses: License[] }>('/api/console/licenses')).body.licenses).toEqual([]);

    // A license the operator bound with --account is another account's too.
    const bound = await addLicense(
      service.deps.database.db,
      service.deps.clock,
      { accountId: a.accountId, ...terms },
      'cli',
    );
    const direct = await b.console.post<ErrorBody>('/api/console/licenses', { key: bound.key });
    expect(direct.body.error.code).toBe('license_key_registered_elsewhere');
    const mine = await a.console.post<ErrorBody>('/api/console/licenses', { key: bound.key });
    expect(mine.body.error.code).toBe('license_key_registered_here');
  });

  test('an unknown key: 404 with the clear message; junk: 400 before any lookup', async () => {
    const a = await createScimAccount(service.baseUrl, 'unknown');
    const unknown = await a.console.post<ErrorBody>('/api/console/licenses', {
      key: 'LK-00000-00000-00000-00000',
    });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error).toMatchObject({
      code: 'license_key_unknown',
      message: 'This key is not one we issued — check it against your order email.',
      field: 'key',
    });
    for (const key of [
      '',
      'hello',
      'LK-00000-00000-00000',
      'LK-0000I-00000-00000-00000',
      'x'.repeat(5000),
      42,
    ]) {
      const junk = await a.console.post<ErrorBody>('/api/console/licenses', { key });
      expect(junk.status, String(key)).toBe(400);
      expect(junk.body.error).toMatchObject({ code: 'invalid_input', field: 'key' });
    }
    expect((await a.console.post<ErrorBody>('/api/console/licenses', {})).status).toBe(400);
    expect((await a.console.get<{ licenses: License[] }>('/api/console/licenses')).body.licenses).toEqual([]);
  });

  test('an issued key no account registered is nobody’s: it activates no device until registered', async () => {
    const a = await createScimAccount(service.baseUrl, 'nobody');
    const { key } = await issue();
    const activate = () =>
      fetch(`${service.baseUrl}/api/v1/activations/by-key`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          licenseKey: key,
          email: a.ownerEmail,
          deviceId: 'nobody-device-0123456789',
          deviceName: 'PC',
          os: 'Windows 11',
          appVersion: '1.0.0',
        }),
      });
    const before = await activate();
    expect(before.status).toBe(404);
    expect(((await before.json()) as ErrorBody).error.code).toBe('license_not_found');
    expect((await a.console.post('/api/console/licenses', { key })).status).toBe(201);
    expect((await activate()).status).toBe(201);
  });

  test('two accounts register one key at the same moment: exactly one wins, every time', async () => {
    const a = await createScimAccount(service.baseUrl, 'racea');
    const b = await createScimAccount(service.baseUrl, 'raceb');
    for (let round = 0; round < 8; round += 1) {
      const { key } = await issue();
      const [ra, rb] = await Promise.all([
        a.console.post<ErrorBody>('/api/console/licenses', { key }),
        b.console.post<ErrorBody>('/api/console/licenses', { key }),
      ]);
      expect([ra.status, rb.status].sort()).toEqual([201, 409]);
      const loser = ra.status === 409 ? ra : rb;
      expect(loser.body.error.code).toBe('license_key_registered_elsewhere');
      const rows = await service.deps.database.db
        .selectFrom('licenses')
        .select('account_id')
        .where('license_key', '=', key)
        .execute();
      expect(rows).toHaveLength(1);
      expect(rows[0]?.account_id).toBe(ra.status === 201 ? a.accountId : b.accountId);
    }
  });
});

describeEachDatabase('registering license keys: failures in a row are limited', (dialect) => {
  let service: TestService;
  beforeAll(async () => {
    service = await startTestService(dialect);
  });
  afterAll(async () => service?.close());

  test('per account after 10 failures (429 with Retry-After, even for a good key); per address after 30', async () => {
    const { db } = service.deps.database;
    const accounts = await Promise.all(
      [1, 2, 3, 4].map((n) => createScimAccount(service.baseUrl, `guess${n}`)),
    );
    const [a, b, c, d] = accounts;
    if (!a || !b || !c || !d) throw new Error('no accounts');
    const guess = (who: typeof a, n: number) =>
      who.console.post<ErrorBody>('/api/console/licenses', {
        key: `LK-00000-00000-00000-${String(n).padStart(5, '0')}`,
      });

    for (let n = 0; n < 10; n += 1) expect((await guess(a, n)).status).toBe(404);
    const { key } = await issueLicenseKey(db, service.deps.clock, terms, 'cli');
    const held = await a.console.post<ErrorBody>('/api/console/licenses', { key });
    expect(held.status).toBe(429);
    expect(held.body.error.code).toBe('rate_limited');
    expect(Number(held.headers.get('retry-after'))).toBeGreaterThan(0);

    // Another account from the same address is not held by a's failures: it registers the key.
    expect((await b.console.post('/api/console/licenses', { key })).status).toBe(201);

    // Failures from one address across accounts: the 31st is held, whichever account tries.
    for (let n = 0; n < 10; n += 1) expect((await guess(b, n)).status).toBe(404);
    for (let n = 0; n < 10; n += 1) expect((await guess(c, n)).status).toBe(404);
    for (let n = 0; n < 10; n += 1) expect((await guess(d, n)).status).toBe(404);
    const { key: other } = await issueLicenseKey(db, service.deps.clock, terms, 'cli');
    const e = await createScimAccount(service.baseUrl, 'guess5');
    expect((await e.console.post<ErrorBody>('/api/console/licenses', { key: other })).status).toBe(429);
  });
});
