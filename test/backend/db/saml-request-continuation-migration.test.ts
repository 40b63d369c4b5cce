// Migration 0023 on a database written before it: a pending activation sign-in
// kept its interaction id in `return_to`, a console sign-in its landing page.
// After it, each continuation is in the column named for it, so a sign-in in
// flight during the upgrade still finds its way back.
import { sql } from 'kysely';
import { expect, test } from 'vitest';
import { migrateToLatest, migrateUpTo } from '../../../backend/db/migrate.ts';
import { useEmptyDatabase } from '../../support/empty-database.ts';
import { describeEachDatabase } from '../../support/suites.ts';

describeEachDatabase(
  'migration 0023: where a SAML sign-in continues, in a column named for it',
  (dialect) => {
    const database = useEmptyDatabase(dialect);

    test('an activation keeps its interaction id, a console sign-in and a Test connection their page', async () => {
      const db = () => database().db;
      await migrateUpTo(db(), database().dialect, '0022-provisioning-mode');
      const at = '2026-01-01T00:00:00.000Z';
      await sql`INSERT INTO accounts (id, name, created_at) VALUES ('acc', 'Old', ${at})`.execute(db());
      const pending: [string, string, string | null][] = [
        ['_act', 'activation', 'interaction-uid-1'],
        ['_con', 'console', '/console/'],
        ['_tst', 'test', '/console/integration#test'],
        ['_idp', 'console', null],
      ];
      for (const [id, purpose, returnTo] of pending)
        await sql`INSERT INTO saml_requests (id, account_id, purpose, email, return_to, created_at, expires_at)
                VALUES (${id}, 'acc', ${purpose}, null, ${returnTo}, ${at}, ${at})`.execute(db());

      expect(await migrateToLatest(db(), database().dialect)).toContain('0023-saml-request-continuation');

      const rows = await db()
        .selectFrom('saml_requests')
        .select(['id', 'interaction_uid', 'return_path'])
        .orderBy('id')
        .execute();
      expect(rows).toEqual([
        { id: '_act', interaction_uid: 'interaction-uid-1', return_path: null },
        { id: '_con', interaction_uid: null, return_path: '/console/' },
        { id: '_idp', interaction_uid: null, return_path: null },
        { id: '_tst', interaction_uid: null, return_path: '/console/integration#test' },
      ]);
    });
  },
);
