// The one group rule and its one SQL form give the same answer for the same
// group and configured group, on both databases: with the configured group
// as values (admins rights) and as columns of idp_configs (check-in's read).
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, test } from 'vitest';
import {
  claimAsGroup,
  claimMatches,
  groupMatches,
  groupMatchesSql,
  type ConfiguredGroup,
} from '../../../backend/access/group-rule.ts';
import { createScimAccount } from '../../support/scim-account.ts';
import { startTestService, type TestService } from '../../support/service.ts';
import { describeEachDatabase } from '../../support/suites.ts';

// display names as SCIM stores them (display_name_key is their JS lowercase)
const groups = [
  { name: 'Latchkey Desktop Users', externalId: 'grp-desktop' },
  { name: 'latchkey admins', externalId: null },
  { name: 'Ärzte', externalId: 'Grp-Ärzte' },
  { name: 'Contractors', externalId: 'grp-desktop-2' },
];

const configured: ConfiguredGroup[] = [
  { id: 'grp-desktop', name: null },
  { id: null, name: 'LATCHKEY desktop users' },
  { id: 'GRP-DESKTOP', name: null }, // ids are exact
  { id: 'grp-desktop', name: 'Contractors' },
  { id: null, name: 'Latchkey Admins' },
  { id: null, name: 'ärzte' },
  { id: 'grp-ärzte', name: null },
  { id: null, name: null },
  { id: 'nothing', name: 'nothing' },
];

describeEachDatabase('the group rule: function and SQL form agree', (dialect) => {
  let service: TestService;
  let accountId: string;
  const rows: { id: string; external_id: string | null; display_name_key: string; display_name: string }[] =
    [];

  beforeAll(async () => {
    service = await startTestService(dialect);
    ({ accountId } = await createScimAccount(service.baseUrl, 'grouprule'));
    const now = new Date().toISOString();
    for (const g of groups) {
      const row = {
        id: randomUUID(),
        account_id: accountId,
        display_name: g.name,
        display_name_key: g.name.toLowerCase(),
        external_id: g.externalId,
        version: 1,
        created_at: now,
        updated_at: now,
      };
      await service.deps.database.db.insertInto('groups').values(row).execute();
      rows.push(row);
    }
  });
  afterAll(async () => service?.close());

  const bySql = async (c: ConfiguredGroup) => {
    const found = await service.deps.database.db
      .selectFrom('groups as g')
      .select('g.id')
      .where('g.account_id', '=', accountId)
      .where(groupMatchesSql('g', c))
      .execute();
    return found.map((r) => r.id).sort();
  };
  const byFunction = (c: ConfiguredGroup) =>
    rows
      .filter((r) => groupMatches(r, c))
      .map((r) => r.id)
      .sort();

  test.each(configured)('configured %j as values: the same groups match', async (c) => {
    expect(await bySql(c)).toEqual(byFunction(c));
  });

  test('our own group id matches too, in both forms', async () => {
    const own = { id: rows[1]?.id ?? '', name: null };
    expect(byFunction(own)).toEqual([rows[1]?.id]);
    expect(await bySql(own)).toEqual([rows[1]?.id]);
  });

  test.each(configured)(
    'configured %j as idp_configs columns (check-in’s form): the same groups match',
    async (c) => {
      const db = service.deps.database.db;
      await db
        .updateTable('idp_configs')
        .set({ desktop_group_id: c.id, desktop_group_name: c.name })
        .where('account_id', '=', accountId)
        .execute();
      const found = await db
        .selectFrom('groups as g')
        .innerJoin('idp_configs as c', 'c.account_id', 'g.account_id')
        .select('g.id')
        .where('g.account_id', '=', accountId)
        .where(
          groupMatchesSql('g', { id: sql.ref('c.desktop_group_id'), name: sql.ref('c.desktop_group_name') }),
        )
        .execute();
      expect(found.map((r) => r.id).sort()).toEqual(byFunction(c));
    },
  );

  test('a SAML claim value is the same rule: an id exactly, a name without regard to case', () => {
    const desktop = { id: 'grp-desktop', name: 'Latchkey Desktop Users' };
    expect(claimMatches(['grp-desktop'], desktop)).toBe(true);
    expect(claimMatches(['latchkey desktop users'], desktop)).toBe(true);
    expect(claimMatches(['GRP-DESKTOP'], desktop)).toBe(false);
    expect(claimMatches([], desktop)).toBe(false);
    expect(groupMatches(claimAsGroup('Ärzte'), { id: null, name: 'ÄRZTE' })).toBe(true);
  });
});
