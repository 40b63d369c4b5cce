// Migration 0019 on a database written before it: activations revoked then
// hold their reason as free text or a code ("deactivated on the device",
// "USER_NOT_IN_GROUP", "revoked by an admin"). They stay readable: each gets
// its catalog code, and a check-in of one is refused with that code as the
// reason the app shows; the words stay for the console.
import { sql } from 'kysely';
import { expect, test } from 'vitest';
import { LatchkeyError } from '../../../common/latchkey-error.ts';
import { systemClock } from '../../../backend/clock.ts';
import { migrateToLatest, migrateUpTo } from '../../../backend/db/migrate.ts';
import { checkIn } from '../../../backend/licensing/check-in.ts';
import { useEmptyDatabase } from '../../support/empty-database.ts';
import { describeEachDatabase } from '../../support/suites.ts';

describeEachDatabase('migration 0019: revocation reasons as catalog codes', (dialect) => {
  const database = useEmptyDatabase(dialect);

  test('old reasons, codes and phrases, become catalog codes; a check-in of one is refused with it', async () => {
    const db = () => database().db;
    await migrateUpTo(db(), database().dialect, '0018-secret-last-characters');
    const at = '2026-01-01T00:00:00.000Z';
    await sql`INSERT INTO accounts (id, name, created_at) VALUES ('acc', 'Old', ${at})`.execute(db());
    await sql`INSERT INTO account_users (id, account_id, user_name, user_name_key, source, created_at, updated_at)
              VALUES ('u1', 'acc', 'ann@old.test', 'ann@old.test', 'scim', ${at}, ${at})`.execute(db());
    await sql`INSERT INTO licenses (id, account_id, license_key, edition, seats, device_limit, expires_at, created_at)
              VALUES ('lic', 'acc', 'KEY-OLD', 'business', 5, 3, '2099-01-01', ${at})`.execute(db());
    const reasons: Record<string, string | null> = {
      grp: 'USER_NOT_IN_GROUP',
      dev: 'deactivated on the device',
      adm: 'revoked by an admin',
      live: null,
    };
    for (const [id, reason] of Object.entries(reasons))
      await sql`INSERT INTO activations (id, account_id, user_id, license_id, device_id, device_name, os,
                  app_version, created_at, last_checkin_at, lease_expires_at, revoked_at, revoked_reason, via)
                VALUES (${id}, 'acc', 'u1', 'lic', ${`device-${id}`}, 'Mac', 'macOS', '1.0', ${at}, ${at}, ${at},
                  ${reason === null ? null : at}, ${reason}, 'sso')`.execute(db());

    expect(await migrateToLatest(db(), database().dialect)).toContain('0019-revocation-codes');

    const rows = await db()
      .selectFrom('activations')
      .select(['id', 'revoked_code', 'revoked_reason'])
      .orderBy('id')
      .execute();
    expect(rows).toEqual([
      { id: 'adm', revoked_code: 'ACTIVATION_REVOKED', revoked_reason: 'revoked by an admin' },
      { id: 'dev', revoked_code: 'ACTIVATION_REVOKED', revoked_reason: 'deactivated on the device' },
      { id: 'grp', revoked_code: 'USER_NOT_IN_GROUP', revoked_reason: 'USER_NOT_IN_GROUP' },
      { id: 'live', revoked_code: null, revoked_reason: null },
    ]);
    const ctx = {
      db: db(),
      clock: systemClock,
      masterKey: Buffer.alloc(32),
      publicUrl: 'http://127.0.0.1:9',
      leaseMs: 86400_000,
      renewAfterMs: 3600_000,
    };
    const refused = await checkIn(ctx, 'grp', 'u1').catch((err: unknown) => err);
    expect(refused).toBeInstanceOf(LatchkeyError);
    expect(refused).toMatchObject({ code: 'ACTIVATION_REVOKED', evidence: { reason: 'USER_NOT_IN_GROUP' } });
  });
});
