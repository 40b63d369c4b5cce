// Migration 0015 on a database written before it: oidc_models.account_id held
// oidc-provider's "accountId", which in Latchkey is a user id (account_users.id),
// never an account. The column is renamed user_id; the rows, and revoking a
// deprovisioned user's tokens by it, carry on.
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { expect, test } from 'vitest';
import { systemClock } from '../../../backend/clock.ts';
import { migrateToLatest, migrateUpTo } from '../../../backend/db/migrate.ts';
import { kyselyAdapter, revokeUserTokens } from '../../../backend/oidc/kysely-adapter.ts';
import { useEmptyDatabase } from '../../support/empty-database.ts';
import { describeEachDatabase } from '../../support/suites.ts';

describeEachDatabase('migration 0015: oidc_models.account_id is a user id, renamed user_id', (dialect) => {
  const database = useEmptyDatabase(dialect);

  test('rows written before it keep their user, and revoking that user still finds them', async () => {
    await migrateUpTo(database().db, database().dialect, '0013-saml-options');
    const masterKey = randomBytes(32);
    const Adapter = kyselyAdapter({
      db: database().db,
      clock: systemClock,
      masterKey,
      alreadyConsumed: (d) => new Error(d),
    });
    const refreshToken = `rt-${randomBytes(24).toString('base64url')}`;
    // As the adapter of the build before 0015 wrote it (its column was account_id).
    await sql`INSERT INTO oidc_models (model, id, payload, grant_id, user_code, uid, account_id, expires_at, consumed_at)
              VALUES ('RefreshToken', 'k1', 'x', NULL, NULL, NULL, 'user-1', NULL, NULL),
                     ('RefreshToken', 'k2', 'x', NULL, NULL, NULL, 'user-2', NULL, NULL)`.execute(
      database().db,
    );

    expect(await migrateToLatest(database().db, database().dialect)).toContain('0015-oidc-user-column');

    const columns = (await database().db.introspection.getTables())
      .find((t) => t.name === 'oidc_models')
      ?.columns.map((c) => c.name);
    expect(columns).toContain('user_id');
    expect(columns).not.toContain('account_id');
    const rows = await database()
      .db.selectFrom('oidc_models')
      .select(['id', 'user_id'])
      .orderBy('id')
      .execute();
    expect(rows).toEqual([
      { id: 'k1', user_id: 'user-1' },
      { id: 'k2', user_id: 'user-2' },
    ]);

    // A token written after it lands in the same column; deprovisioning user-1 takes theirs only.
    await new Adapter('RefreshToken').upsert(
      refreshToken,
      { accountId: 'user-1', kind: 'RefreshToken' },
      3600,
    );
    expect(await revokeUserTokens(database().db, ['user-1'])).toBe(2);
    expect(await database().db.selectFrom('oidc_models').select('user_id').execute()).toEqual([
      { user_id: 'user-2' },
    ]);
  });
});
