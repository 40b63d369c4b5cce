// What a key-path check-in over HTTP costs SQLite, counted as statements run
// (the service's own query hook, every statement going through to the real
// database): the caller found by its activation secret together with the
// check-in read (one statement), then the lease renewal — not a separate
// caller lookup first. The refusals the separate lookup gave stay as they were:
// an unknown secret is a 401, another activation's secret a 403, a revoked
// activation ACTIVATION_REVOKED written to the activation log.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { addLicense } from '../../../backend/licensing/license-registry.ts';
import { ConsoleClient } from '../../../devtools/console-client.ts';
import { testDialects } from '../../support/databases.ts';
import { startTestService, withoutBackgroundJobs, type TestService } from '../../support/service.ts';

const sqlite = testDialects.find((d) => d.name === 'sqlite');

describe('statements per key-path check-in [sqlite]', () => {
  let service: TestService;
  let key: string;
  let accountId: string;
  const at = new Date();
  // A still clock: the signing key's 5-second cache stays warm, so what is counted is the check-in's.
  const clock = { now: () => new Date(at) };

  beforeAll(async () => {
    if (!sqlite) throw new Error('no SQLite dialect');
    service = await startTestService(sqlite, { clock, env: withoutBackgroundJobs });
    const owner = new ConsoleClient(service.baseUrl);
    accountId = await owner.signUp('Counted Shop', 'owner@counted.example', 'correct horse battery');
    ({ key } = await addLicense(
      service.deps.database.db,
      clock,
      { accountId, edition: 'business', seats: 5, deviceLimit: 2, expiresAt: '2099-01-01' },
      'test',
    ));
  });
  afterAll(async () => service?.close());

  async function activate(who: string, licenseKey = key) {
    const res = await fetch(`${service.baseUrl}/api/v1/activations/by-key`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        licenseKey,
        email: `${who}@counted.example`,
        deviceId: `counted-device-${who}-0123456789`,
        deviceName: 'PC',
        os: 'Windows 11',
        appVersion: '1.0.0',
      }),
    });
    expect(res.status).toBe(201);
    return (await res.json()) as { activationId: string; activationSecret: string };
  }

  const checkIn = async (id: string, secret: string) => {
    const res = await fetch(`${service.baseUrl}/api/v1/activations/${id}/check-in`, {
      method: 'POST',
      headers: { authorization: `Bearer ${secret}` },
    });
    return {
      status: res.status,
      body: (await res.json()) as { error?: { code: string; reference?: number }; license?: string },
    };
  };

  /** The SQL of every statement the service ran while `work` ran. */
  async function statements(work: () => Promise<void>): Promise<string[]> {
    const database = service.deps.database;
    const seen: string[] = [];
    const observe = database.onQuery;
    database.onQuery = (ms, sqlText) => {
      seen.push(sqlText);
      observe?.(ms, sqlText);
    };
    try {
      await work();
    } finally {
      database.onQuery = observe;
    }
    return seen;
  }

  const stored = (id: string) =>
    service.deps.database.db
      .selectFrom('activations')
      .select(['last_checkin_at', 'lease_expires_at'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();

  const refusalsOf = (activationId: string) =>
    service.deps.database.db
      .selectFrom('activation_attempts')
      .select(['code', 'stage'])
      .where('outcome', '=', 'failure')
      .where('evidence', 'like', `%${activationId}%`)
      .execute();

  test('the caller and the check-in read are one statement, then the renewal: two in all', async () => {
    const ann = await activate('ann');
    expect((await checkIn(ann.activationId, ann.activationSecret)).status).toBe(200);
    at.setTime(at.getTime() + 1000);
    const sent = await statements(async () => {
      const done = await checkIn(ann.activationId, ann.activationSecret);
      expect(done.status).toBe(200);
      expect(done.body.license).toMatch(/^ey/);
    });
    expect(sent, sent.join('\n')).toHaveLength(2);
    expect(sent[0]).toMatch(/^select/);
    expect(sent[1]).toMatch(/^update "activations"/);
    const row = await service.deps.database.db
      .selectFrom('activations')
      .select('last_checkin_at')
      .where('id', '=', ann.activationId)
      .executeTakeFirstOrThrow();
    expect(row.last_checkin_at).toBe(at.toISOString());
  });

  test('a secret no activation has: 401, as before', async () => {
    const bo = await activate('bo');
    const refused = await checkIn(bo.activationId, `${bo.activationSecret.slice(0, -4)}AAAA`);
    expect(refused.status).toBe(401);
    expect(refused.body.error?.code).toBe('invalid_token');
  });

  test("another activation's secret: 403, and the other activation's lease untouched", async () => {
    const cy = await activate('cy');
    const di = await activate('di');
    const before = await service.deps.database.db
      .selectFrom('activations')
      .select(['last_checkin_at', 'lease_expires_at'])
      .where('id', '=', cy.activationId)
      .executeTakeFirstOrThrow();
    at.setTime(at.getTime() + 60_000);
    const refused = await checkIn(cy.activationId, di.activationSecret);
    expect(refused.status).toBe(403);
    expect(refused.body.error?.code).toBe('forbidden');
    const after = await service.deps.database.db
      .selectFrom('activations')
      .select(['last_checkin_at', 'lease_expires_at'])
      .where('id', '=', cy.activationId)
      .executeTakeFirstOrThrow();
    expect(after).toEqual(before);
  });

  test('a revoked activation: ACTIVATION_REVOKED, written to the activation log, lease not renewed', async () => {
    const ed = await activate('ed');
    await service.deps.database.db
      .updateTable('activations')
      .set({ revoked_at: at.toISOString(), revoked_code: 'ACTIVATION_REVOKED', revoked_reason: 'test' })
      .where('id', '=', ed.activationId)
      .execute();
    at.setTime(at.getTime() + 60_000);
    const refused = await checkIn(ed.activationId, ed.activationSecret);
    expect(refused.status).toBe(403);
    expect(refused.body.error?.code).toBe('ACTIVATION_REVOKED');
    expect(await refusalsOf(ed.activationId)).toEqual([{ code: 'ACTIVATION_REVOKED', stage: 'check-in' }]);
    const row = await service.deps.database.db
      .selectFrom('activations')
      .select('last_checkin_at')
      .where('id', '=', ed.activationId)
      .executeTakeFirstOrThrow();
    expect(row.last_checkin_at).not.toBe(at.toISOString());
  });

  // The seat is judged by the same read as before (check-in-read.ts), now reached by the secret.
  test('a deactivated (deprovisioned) user: refused, written to the log, the lease not renewed', async () => {
    const fay = await activate('fay');
    const before = await stored(fay.activationId);
    await service.deps.database.db
      .updateTable('account_users')
      .set({ active: 0 })
      .where('email', '=', 'fay@counted.example')
      .execute();
    at.setTime(at.getTime() + 60_000);
    const refused = await checkIn(fay.activationId, fay.activationSecret);
    expect(refused.status).toBe(403);
    expect(refused.body.error?.code).toBe('USER_DEACTIVATED');
    // The refusal's reference is its row in the activation log.
    const logged = await service.deps.database.db
      .selectFrom('activation_attempts')
      .select(['code', 'stage'])
      .where('id', '=', refused.body.error?.reference ?? -1)
      .execute();
    expect(logged).toEqual([{ code: 'USER_DEACTIVATED', stage: 'check-in' }]);
    expect(await stored(fay.activationId)).toEqual(before);
  });

  test('an expired license: LICENSE_EXPIRED, and the lease not renewed', async () => {
    const other = await addLicense(
      service.deps.database.db,
      clock,
      { accountId, edition: 'business', seats: 5, deviceLimit: 2, expiresAt: '2099-01-01' },
      'test',
    );
    const gus = await activate('gus', other.key);
    const before = await stored(gus.activationId);
    await service.deps.database.db
      .updateTable('licenses')
      .set({ expires_at: new Date(at.getTime() - 1000).toISOString() })
      .where('id', '=', other.id)
      .execute();
    at.setTime(at.getTime() + 60_000);
    const refused = await checkIn(gus.activationId, gus.activationSecret);
    expect(refused.body.error?.code).toBe('LICENSE_EXPIRED');
    expect(await stored(gus.activationId)).toEqual(before);
  });
});
