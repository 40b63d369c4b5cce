// Migration 0018 on a database written before it: SCIM tokens and client
// secrets made then have no last characters (only their hash was kept, and the
// hash cannot give them back). They stay live, and the console API lists them
// with lastCharacters null, so the console can say so; new ones keep theirs.
import { sql } from 'kysely';
import { expect, test } from 'vitest';
import { systemClock } from '../../../backend/clock.ts';
import { migrateToLatest, migrateUpTo } from '../../../backend/db/migrate.ts';
import { listScimClients } from '../../../backend/scim/scim-clients.ts';
import { createScimToken, listScimTokens } from '../../../backend/scim/scim-tokens.ts';
import { useEmptyDatabase } from '../../support/empty-database.ts';
import { describeEachDatabase } from '../../support/suites.ts';

describeEachDatabase('migration 0018: last characters of SCIM tokens and client secrets', (dialect) => {
  const database = useEmptyDatabase(dialect);

  test('rows written before it keep working with no last characters; a new token keeps its own', async () => {
    await migrateUpTo(database().db, database().dialect, '0017-activation-secret-index');
    const at = '2026-01-01T00:00:00.000Z';
    // As the build before 0018 wrote them (no last_characters column).
    await sql`INSERT INTO accounts (id, name, created_at) VALUES ('acc', 'Old', ${at})`.execute(
      database().db,
    );
    await sql`INSERT INTO scim_tokens (id, account_id, token_hash, label, created_at, last_used_at, revoked_at)
              VALUES ('tok', 'acc', 'hash-1', 'Okta', ${at}, NULL, NULL)`.execute(database().db);
    await sql`INSERT INTO scim_clients (id, account_id, label, created_at, revoked_at)
              VALUES ('lksc_old', 'acc', 'Entra', ${at}, NULL)`.execute(database().db);
    await sql`INSERT INTO scim_client_secrets (id, client_id, secret_hash, created_at, last_used_at, revoked_at)
              VALUES ('sec_old', 'lksc_old', 'hash-2', ${at}, NULL, NULL)`.execute(database().db);

    expect(await migrateToLatest(database().db, database().dialect)).toContain('0018-secret-last-characters');

    expect(await listScimTokens(database().db, 'acc')).toEqual([
      { id: 'tok', label: 'Okta', lastCharacters: null, createdAt: at, lastUsedAt: null, revokedAt: null },
    ]);
    const [client] = await listScimClients(database().db, 'acc');
    expect(client?.secrets).toEqual([
      { id: 'sec_old', lastCharacters: null, createdAt: at, lastUsedAt: null, revokedAt: null },
    ]);

    const { token, view } = await createScimToken(database().db, systemClock, 'acc', 'Rotated', 'test');
    expect(view.lastCharacters).toBe(token.slice(-4));
    expect((await listScimTokens(database().db, 'acc')).map((t) => t.lastCharacters)).toEqual([
      null,
      token.slice(-4),
    ]);
  });
});
