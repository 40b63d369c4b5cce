import { sql } from 'kysely';
import { expect, test } from 'vitest';
import { isMigrated, migrateToLatest } from '../../../backend/db/migrate.ts';
import { useEmptyDatabase } from '../../support/empty-database.ts';
import { describeEachDatabase } from '../../support/suites.ts';

describeEachDatabase('migrations', (dialect) => {
  const database = useEmptyDatabase(dialect);

  test('apply once, then are a no-op; the schema is complete', async () => {
    expect(await isMigrated(database().db, database().dialect)).toBe(false);
    expect(await migrateToLatest(database().db, database().dialect)).toEqual([
      '0001-initial',
      '0002-scim',
      '0003-sso-binding',
      '0004-saml',
      '0005-licensing',
      '0006-oidc',
      '0007-refusal-reference',
      '0008-trust-roots',
      '0009-oidc-keys-at-rest',
      '0010-rate-limits-and-domain-claims',
      '0011-scim-oauth',
      '0013-saml-options',
      '0014-sign-in-claims',
      '0015-oidc-user-column',
      '0016-connection-tests',
      '0017-activation-secret-index',
      '0018-secret-last-characters',
      '0019-revocation-codes',
      '0021-sso-sign-ins',
      '0022-provisioning-mode',
      '0023-saml-request-continuation',
      '0024-workspace-grants',
      '0025-business-profile-and-issued-keys',
      '0026-invitations',
      '0027-usage',
      '0028-reclamation',
      '0029-license-overage',
      '0030-dashboard-history',
      '0031-user-timeline',
      '0032-console-list-indexes',
      '0033-scim-paging-indexes',
      '0034-events',
      '0035-webhooks',
      '0036-notifications',
      '0037-detector-states',
      '0038-app-invitations',
      '0039-device-self-service',
      '0040-dpop-proofs',
      '0041-seat-counts',
      '0042-device-code-sign-in',
      '0044-access-token-lookup',
    ]);
    expect(await migrateToLatest(database().db, database().dialect)).toEqual([]);
    expect(await isMigrated(database().db, database().dialect)).toBe(true);
    const tables = (await database().db.introspection.getTables()).map((t) => t.name).sort();
    expect(tables).toEqual(
      expect.arrayContaining([
        'accounts',
        'account_users',
        'audit_log',
        'console_sessions',
        'domains',
        'idp_configs',
        'scim_access_tokens',
        'scim_client_secrets',
        'scim_clients',
        'scim_request_counts',
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
        'trust_roots',
        'key_certificates',
        'rate_limits',
        'connection_tests',
        'sign_in_claims',
        'sso_sign_ins',
        'invitations',
        'issued_license_keys',
        'app_invitations',
        'app_invitation_settings',
      ]),
    );
  });

  test('a migration merged after a higher-numbered one ran (parallel branches) still applies', async () => {
    // As a database migrated by a build that had 0009 but not yet 0008 looks.
    await database().db.schema.dropTable('key_certificates').execute();
    await database().db.schema.dropTable('trust_roots').execute();
    await sql`DELETE FROM kysely_migration WHERE name = '0008-trust-roots'`.execute(database().db);
    expect(await isMigrated(database().db, database().dialect)).toBe(false);
    expect(await migrateToLatest(database().db, database().dialect)).toEqual(['0008-trust-roots']);
    expect(await isMigrated(database().db, database().dialect)).toBe(true);
  });

  test('the database lets several accounts claim a domain, but only one verify it, and one account claim it once', async () => {
    const now = new Date().toISOString();
    for (const id of ['a1', 'a2', 'a3'])
      await database().db.insertInto('accounts').values({ id, name: id, created_at: now }).execute();
    const domain = (account_id: string, id: string, verified_at: string | null = null) => ({
      id,
      account_id,
      name: 'same.example',
      txt_token: 't',
      verified_at,
      last_checked_at: null,
      last_check_error: null,
      created_at: now,
    });
    await database()
      .db.insertInto('domains')
      .values(domain('a1', 'd1', now))
      .execute();
    await database().db.insertInto('domains').values(domain('a2', 'd2')).execute();
    await database().db.insertInto('domains').values(domain('a3', 'd3')).execute();
    await expect(database().db.insertInto('domains').values(domain('a2', 'd4')).execute()).rejects.toThrow();
    await expect(
      database().db.updateTable('domains').set({ verified_at: now }).where('id', '=', 'd2').execute(),
    ).rejects.toThrow();
  });
});
