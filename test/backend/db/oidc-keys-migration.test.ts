// Migration 0009 on rows written before it: tokens and grants keep working,
// found by their value, while the database no longer holds the value; sessions
// and interactions (short-lived, with cookies in their payload) are gone.
import { randomBytes } from 'node:crypto';
import { expect, test } from 'vitest';
import { systemClock } from '../../../backend/clock.ts';
import { migrateToLatest, migrateUpTo } from '../../../backend/db/migrate.ts';
import { kyselyAdapter } from '../../../backend/oidc/kysely-adapter.ts';
import { useEmptyDatabase } from '../../support/empty-database.ts';
import { describeEachDatabase } from '../../support/suites.ts';
import { desktopClientId } from '../../../common/desktop-client.ts';

describeEachDatabase('migration 0009: oidc_models keyed by hashes', (dialect) => {
  const database = useEmptyDatabase(dialect);

  test('existing tokens are re-keyed and still found by their value; no value stays in the table', async () => {
    await migrateUpTo(database().db, database().dialect, '0007-refusal-reference');
    const refreshToken = `rt-${randomBytes(24).toString('base64url')}`;
    const grantId = `grant-${randomBytes(16).toString('base64url')}`;
    const sessionCookie = `sess-${randomBytes(16).toString('base64url')}`;
    const expires = new Date(Date.now() + 86400_000).toISOString();
    const row = (model: string, id: string, payload: object, extra: object = {}) => ({
      model,
      id,
      payload: JSON.stringify({ jti: id, ...payload }),
      grant_id: null,
      user_code: null,
      uid: null,
      account_id: 'user-1',
      expires_at: expires,
      consumed_at: null,
      ...extra,
    });
    await database()
      .db.insertInto('oidc_models')
      .values([
        row(
          'RefreshToken',
          refreshToken,
          { kind: 'RefreshToken', grantId, accountId: 'user-1' },
          { grant_id: grantId },
        ),
        row('Grant', grantId, { kind: 'Grant', accountId: 'user-1', clientId: desktopClientId }),
        row('Session', sessionCookie, { kind: 'Session', uid: 'session-uid-1' }, { uid: 'session-uid-1' }),
        row(
          'Interaction',
          'interaction-uid-1',
          { session: { cookie: sessionCookie } },
          { uid: 'interaction-uid-1' },
        ),
      ])
      .execute();

    expect(await migrateToLatest(database().db, database().dialect)).toContain('0009-oidc-keys-at-rest');

    const table = (await database().db.selectFrom('oidc_models').selectAll().execute()).map((r) =>
      JSON.stringify(r),
    );
    expect(table).toHaveLength(2); // the refresh token and the grant; session and interaction deleted
    // the bearer values (a grant id is none: it stays inside old payloads until they rotate)
    for (const value of [refreshToken, sessionCookie]) expect(table.join('\n')).not.toContain(value);

    const Adapter = kyselyAdapter({
      db: database().db,
      clock: systemClock,
      masterKey: randomBytes(32),
      alreadyConsumed: (d) => new Error(d),
    });
    expect(await new Adapter('RefreshToken').find(refreshToken)).toMatchObject({
      jti: refreshToken,
      grantId,
      accountId: 'user-1',
    });
    expect(await new Adapter('Grant').find(grantId)).toMatchObject({
      jti: grantId,
      clientId: desktopClientId,
    });
    expect(await new Adapter('Session').findByUid('session-uid-1')).toBeUndefined();
    // revocation by grant id still reaches the migrated token
    await new Adapter('RefreshToken').revokeByGrantId(grantId);
    expect(await new Adapter('RefreshToken').find(refreshToken)).toBeUndefined();
  });
});
