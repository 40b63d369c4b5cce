// What a check-in costs PostgreSQL, counted at the driver (a spy on pg's
// Client.query that lets every query through to the real server): one round
// trip for a key-path check-in over HTTP (caller, seat and lease renewal in one
// statement), one for the check-in itself on the SSO path. SQLite has no round
// trips to count (in-process), so the suite is PostgreSQL's only.
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, test, vi } from 'vitest';
import { addLicense } from '../../../backend/licensing/license-registry.ts';
import { checkIn } from '../../../backend/licensing/check-in.ts';
import { licensingContext } from '../../../backend/licensing/licensing-context.ts';
import { ConsoleClient } from '../../../devtools/console-client.ts';
import { testDialects } from '../../support/databases.ts';
import { startTestService, type TestService } from '../../support/service.ts';

const postgres = testDialects.find((d) => d.name === 'postgres');

describe.skipIf(!postgres || Boolean(postgres.skip))('round trips per check-in [postgres]', () => {
  let service: TestService;
  let activation: { activationId: string; activationSecret: string };
  let userId: string;
  // A still clock: the signing key's 5-second cache (signing-keys.ts) stays warm, so what is counted
  // is the check-in's own work.
  const at = new Date();
  const clock = { now: () => new Date(at) };

  beforeAll(async () => {
    service = await startTestService(postgres!, { clock });
    const owner = new ConsoleClient(service.baseUrl);
    const accountId = await owner.signUp('Counted Shop', 'owner@counted.example', 'correct horse battery');
    const { key } = await addLicense(
      service.deps.database.db,
      clock,
      { accountId, edition: 'business', seats: 5, deviceLimit: 2, expiresAt: '2099-01-01' },
      'test',
    );
    const res = await fetch(`${service.baseUrl}/api/v1/activations/by-key`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        licenseKey: key,
        email: 'ann@counted.example',
        deviceId: 'counted-device-0123456789',
        deviceName: 'PC',
        os: 'Windows 11',
        appVersion: '1.0.0',
      }),
    });
    expect(res.status).toBe(201);
    activation = (await res.json()) as typeof activation;
    userId = (
      await service.deps.database.db
        .selectFrom('activations')
        .select('user_id')
        .where('id', '=', activation.activationId)
        .executeTakeFirstOrThrow()
    ).user_id;
  });
  afterAll(async () => service?.close());
  afterEach(() => vi.restoreAllMocks());

  /** The SQL each real round trip carried while `work` ran. */
  async function roundTrips(work: () => Promise<void>): Promise<string[]> {
    const sent: string[] = [];
    const query = pg.Client.prototype.query;
    vi.spyOn(pg.Client.prototype, 'query').mockImplementation(function (this: pg.Client, ...args: unknown[]) {
      const q = args[0];
      // A named prepared statement (prepared-statements.ts) is sent as { name, text }.
      sent.push(
        typeof q === 'string'
          ? q
          : `[${String((q as { name?: unknown }).name)}] ${String((q as { text?: unknown }).text)}`,
      );
      return (query as (...a: unknown[]) => unknown).apply(this, args) as never;
    });
    await work();
    vi.restoreAllMocks();
    return sent;
  }

  const checkInOverHttp = async () => {
    const res = await fetch(`${service.baseUrl}/api/v1/activations/${activation.activationId}/check-in`, {
      method: 'POST',
      headers: { authorization: `Bearer ${activation.activationSecret}` },
    });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { license: string }).license).toMatch(/^ey/);
  };

  test('a key-path check-in over HTTP is one round trip, and the lease is renewed', async () => {
    await checkInOverHttp(); // the signing key read once into its cache
    at.setTime(at.getTime() + 1000);
    for (let i = 0; i < 3; i++) {
      const sent = await roundTrips(checkInOverHttp);
      expect(sent, sent.join('\n')).toHaveLength(1);
      // Prepared once per connection, then only bound and run.
      expect(sent[0]).toMatch(/^\[lk_[0-9a-f]{32}\] with c as/);
    }
    const row = await service.deps.database.db
      .selectFrom('activations')
      .select('last_checkin_at')
      .where('id', '=', activation.activationId)
      .executeTakeFirstOrThrow();
    expect(row.last_checkin_at).toBe(at.toISOString());
  });

  test('the check-in itself (what the SSO token path runs once the caller is known) is one round trip', async () => {
    const ctx = licensingContext(service.deps);
    await checkIn(ctx, activation.activationId, userId);
    at.setTime(at.getTime() + 1000);
    const sent = await roundTrips(async () => {
      await checkIn(ctx, activation.activationId, userId);
    });
    expect(sent, sent.join('\n')).toHaveLength(1);
    expect(sent[0]).toMatch(/^\[lk_[0-9a-f]{32}\] with r as/);
    const row = await service.deps.database.db
      .selectFrom('activations')
      .select('last_checkin_at')
      .where('id', '=', activation.activationId)
      .executeTakeFirstOrThrow();
    expect(row.last_checkin_at).toBe(at.toISOString());
  });
});
