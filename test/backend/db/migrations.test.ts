import { afterAll, beforeAll, expect, test } from 'vitest';
import { openDatabase, type DatabaseHandle } from '../../../backend/db/connect.ts';
import { isMigrated, migrateToLatest } from '../../../backend/db/migrate.ts';
import type { TestDatabase } from '../../support/databases.ts';
import { describeEachDatabase } from '../../support/suites.ts';

describeEachDatabase('migrations', (dialect) => {
  let testDb: TestDatabase;
  let handle: DatabaseHandle;
  beforeAll(async () => {
    testDb = await dialect.create();
    handle = openDatabase(testDb.url);
  });
  afterAll(async () => {
    await handle?.close();
    await testDb?.drop();
  });

  test('apply once, then are a no-op; the schema is complete', async () => {
    expect(await isMigrated(handle.db, handle.dialect)).toBe(false);
    expect(await migrateToLatest(handle.db, handle.dialect)).toEqual([
      '0001-initial',
      '0002-scim',
      '0003-sso-binding',
      '0004-saml',
      '0005-licensing',
      '0006-oidc',
      '0007-refusal-reference',
      '0009-oidc-keys-at-rest',
    ]);
    expect(await migrateToLatest(handle.db, handle.dialect)).toEqual([]);
    expect(await isMigrated(handle.db, handle.dialect)).toBe(true);
    const tables = (await handle.db.introspection.getTables()).map((t) => t.name).sort();
    expect(tables).toEqual(
      expect.arrayContaining([
        'accounts',
        'account_users',
        'audit_log',
        'console_sessions',
        'domains',
        'idp_configs',
        'licenses',
        'scim_tokens',
        'user_emails',
        'groups',
        'group_members',
        'saml_requests',
        'saml_replay',
        'activation_attempts',
        'sp_keys',
        'signing_keys',
        'sublicenses',
        'activations',
        'oidc_models',
      ]),
    );
  });

  test('the database enforces domain uniqueness across accounts', async () => {
    const now = new Date().toISOString();
    for (const id of ['a1', 'a2'])
      await handle.db.insertInto('accounts').values({ id, name: id, created_at: now }).execute();
    const domain = (account_id: string, id: string) => ({
      id,
      account_id,
      name: 'same.example',
      txt_token: 't',
      verified_at: null,
      last_checked_at: null,
      last_check_error: null,
      created_at: now,
    });
    await handle.db.insertInto('domains').values(domain('a1', 'd1')).execute();
    await expect(handle.db.insertInto('domains').values(domain('a2', 'd2')).execute()).rejects.toThrow();
  });
});
