// Migration 0024 on a database written before it: a console session signed in
// before the upgrade keeps working (its one row becomes its first grant), and
// the same cookie may then hold a grant for a second account — which the old
// key (the cookie's hash alone) refused.
import { sql } from 'kysely';
import { expect, test } from 'vitest';
import { migrateToLatest, migrateUpTo } from '../../../backend/db/migrate.ts';
import { newUserRow } from '../../../backend/db/user-row.ts';
import { useEmptyDatabase } from '../../support/empty-database.ts';
import { describeEachDatabase } from '../../support/suites.ts';

describeEachDatabase('migration 0024: a session holds a grant per business account', (dialect) => {
  const database = useEmptyDatabase(dialect);

  test('a live session survives the upgrade, and its cookie can then hold a second account', async () => {
    const db = () => database().db;
    await migrateUpTo(db(), database().dialect, '0023-saml-request-continuation');
    const at = '2026-01-01T00:00:00.000Z';
    const later = '2099-01-01T00:00:00.000Z';
    for (const id of ['acc-a', 'acc-b'])
      await sql`INSERT INTO accounts (id, name, created_at) VALUES (${id}, ${id}, ${at})`.execute(db());
    const a = newUserRow({ accountId: 'acc-a', userName: 'owner@a.example', source: 'local', now: at });
    const b = newUserRow({ accountId: 'acc-b', userName: 'owner@a.example', source: 'local', now: at });
    await db().insertInto('account_users').values([a, b]).execute();
    const session = { id_hash: 'h', via: 'password' as const, created_at: at, expires_at: later };
    await db()
      .insertInto('console_sessions')
      .values({ ...session, account_id: 'acc-a', user_id: a.id })
      .execute();
    // Before 0024 the cookie's hash is the key: a second account under it is refused.
    await expect(
      db()
        .insertInto('console_sessions')
        .values({ ...session, account_id: 'acc-b', user_id: b.id })
        .execute(),
    ).rejects.toThrow();

    expect(await migrateToLatest(db(), database().dialect)).toContain('0024-workspace-grants');
    await db()
      .insertInto('console_sessions')
      .values({ ...session, account_id: 'acc-b', user_id: b.id })
      .execute();
    const grants = await db()
      .selectFrom('console_sessions')
      .select(['account_id', 'user_id'])
      .where('id_hash', '=', 'h')
      .orderBy('account_id')
      .execute();
    expect(grants).toEqual([
      { account_id: 'acc-a', user_id: a.id },
      { account_id: 'acc-b', user_id: b.id },
    ]);
  });
});
