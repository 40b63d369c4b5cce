// scim/filter.ts run for real: every operator of RFC 7644 §3.4.2.2 compiled
// against the Users and Groups filter targets and executed on SQLite and on
// PostgreSQL over the same rows; the matched set must be what the RFC says,
// the same on both. (filter.test.ts pins the SQL text; this pins what it finds.)
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { openDatabase, type DatabaseHandle } from '../../../backend/db/connect.ts';
import { migrateToLatest } from '../../../backend/db/migrate.ts';
import { compileFilter, parseFilter } from '../../../backend/scim/filter.ts';
import { groupFilterTargets, userFilterTargets } from '../../../backend/scim/filter-targets.ts';
import type { TestDatabase } from '../../support/databases.ts';
import { describeEachDatabase } from '../../support/suites.ts';

const account = 'acct-filters';
const other = 'acct-other';

interface Person {
  id: string;
  userName: string;
  displayName: string | null;
  givenName: string | null;
  externalId: string | null;
  active: boolean;
  created: string;
  emails: { value: string; type: string | null }[];
}

// userName and email values are stored lowercased (the service does so); every other column as sent.
const people: Person[] = [
  {
    id: 'u-alice',
    userName: 'Alice@Corp.example',
    displayName: 'Alice Liddell',
    givenName: 'Alice',
    externalId: 'ext-A1',
    active: true,
    created: '2024-01-10T10:00:00.000Z',
    emails: [
      { value: 'alice@corp.example', type: 'work' },
      { value: 'alice@home.example', type: 'home' },
    ],
  },
  {
    id: 'u-bob',
    userName: 'bob@corp.example',
    displayName: 'Bob_50%',
    givenName: 'Bob',
    externalId: 'ext-b2',
    active: false,
    created: '2024-06-01T12:00:00.000Z',
    emails: [{ value: 'bob@corp.example', type: 'work' }],
  },
  {
    id: 'u-elodie',
    userName: 'elodie@corp.example',
    displayName: 'Élodie Durand',
    givenName: 'Élodie',
    externalId: null,
    active: true,
    created: '2025-02-01T00:00:00.000Z',
    emails: [],
  },
  {
    id: 'u-dan',
    userName: 'dan@other.example',
    displayName: null,
    givenName: null,
    externalId: 'EXT-D4',
    active: true,
    created: '2025-03-01T00:00:00.000Z',
    emails: [{ value: 'dan@corp.example', type: 'home' }],
  },
];

const groups = [
  { id: 'g-desktop', displayName: 'Desktop Users', externalId: 'grp-desktop', members: ['u-alice', 'u-bob'] },
  { id: 'g-admins', displayName: 'Admins', externalId: null, members: ['u-alice'] },
  { id: 'g-empty', displayName: 'Nobody', externalId: 'grp-empty', members: [] },
];

/** filter → the ids it must match (RFC 7644 §3.4.2.2; caseExact per RFC 7643 §4.1 / §4.2). */
const userCases: [string, string[]][] = [
  // eq / ne; userName and displayName are caseExact=false, externalId caseExact=true
  ['userName eq "ALICE@corp.EXAMPLE"', ['u-alice']],
  ['userName ne "alice@corp.example"', ['u-bob', 'u-elodie', 'u-dan']],
  ['displayName eq "alice liddell"', ['u-alice']],
  ['displayName eq "ÉLODIE DURAND"', ['u-elodie']],
  ['name.givenName eq "élodie"', ['u-elodie']],
  ['displayName ne "BOB_50%"', ['u-alice', 'u-elodie', 'u-dan']],
  ['externalId eq "ext-A1"', ['u-alice']],
  ['externalId eq "EXT-A1"', []],
  ['externalId ne "ext-b2"', ['u-alice', 'u-elodie', 'u-dan']],
  ['id eq "u-bob"', ['u-bob']],
  // co / sw / ew, with LIKE's wildcards matching only themselves
  ['displayName co "LIDD"', ['u-alice']],
  ['displayName co "_"', ['u-bob']],
  ['displayName co "b%5"', []],
  ['displayName co "b_5"', ['u-bob']],
  ['displayName sw "ali"', ['u-alice']],
  ['displayName sw "élo"', ['u-elodie']],
  ['displayName ew "DURAND"', ['u-elodie']],
  ['userName sw "B"', ['u-bob']],
  ['userName ew "@CORP.EXAMPLE"', ['u-alice', 'u-bob', 'u-elodie']],
  ['externalId sw "ext-"', ['u-alice', 'u-bob']],
  ['externalId co "EXT"', ['u-dan']],
  ['externalId ew "a1"', []],
  // gt / ge / lt / le on strings (userName, stored lowercased) and on dates
  ['userName gt "bob@corp.example"', ['u-elodie', 'u-dan']],
  ['userName ge "bob@corp.example"', ['u-bob', 'u-elodie', 'u-dan']],
  ['userName lt "bob@corp.example"', ['u-alice']],
  ['userName le "BOB@corp.example"', ['u-alice', 'u-bob']],
  ['meta.created gt "2024-06-01T12:00:00Z"', ['u-elodie', 'u-dan']],
  ['meta.created ge "2024-06-01T12:00:00Z"', ['u-bob', 'u-elodie', 'u-dan']],
  // 07:00 at UTC-05:00 is 12:00Z: the offset is honoured, not compared as text
  ['meta.created le "2024-06-01T07:00:00-05:00"', ['u-alice', 'u-bob']],
  ['meta.created lt "2024-06-01T07:00:00-05:00"', ['u-alice']],
  ['meta.created gt "2025-02-01"', ['u-dan']],
  // booleans (Entra sends True/False in any case)
  ['active eq true', ['u-alice', 'u-elodie', 'u-dan']],
  ['active eq False', ['u-bob']],
  ['active ne true', ['u-bob']],
  // pr and null
  ['externalId pr', ['u-alice', 'u-bob', 'u-dan']],
  ['externalId eq null', ['u-elodie']],
  ['displayName eq null', ['u-dan']],
  ['displayName ne null', ['u-alice', 'u-bob', 'u-elodie']],
  ['emails pr', ['u-alice', 'u-bob', 'u-dan']],
  // multi-valued: "some value matches"; a value path is one element matching the whole inner filter
  ['emails.value eq "ALICE@HOME.EXAMPLE"', ['u-alice']],
  ['emails co "corp.example"', ['u-alice', 'u-bob', 'u-dan']],
  ['emails[type eq "work" and value ew "@corp.example"]', ['u-alice', 'u-bob']],
  ['emails[type eq "work" and value ew "@home.example"]', []],
  ['emails.type eq "work" and emails.value ew "@home.example"', ['u-alice']],
  ['emails[type eq "WORK"]', ['u-alice', 'u-bob']],
  ['emails[type eq "home"].value sw "dan"', ['u-dan']],
  ['emails[not (type eq "work")]', ['u-alice', 'u-dan']],
  ['emails[type eq "work" or value sw "dan"]', ['u-alice', 'u-bob', 'u-dan']],
  // and / or / not, precedence (and binds tighter) and nested parentheses
  ['userName eq "dan@other.example" or userName sw "b" and active eq true', ['u-dan']],
  ['(userName eq "dan@other.example" or userName sw "b") and active eq true', ['u-dan']],
  ['(userName eq "dan@other.example" or userName sw "b") and not (active eq true)', ['u-bob']],
  ['not (not (active eq false))', ['u-bob']],
  ['not (externalId pr)', ['u-elodie']],
  ['not (emails pr) or displayName eq null', ['u-elodie', 'u-dan']],
  ['((((displayName sw "a") or (displayName sw "b"))) and ((emails pr)))', ['u-alice', 'u-bob']],
  [
    'urn:ietf:params:scim:schemas:core:2.0:User:userName sw "a" OR (active EQ false AND emails[type eq "work"])',
    ['u-alice', 'u-bob'],
  ],
];

const groupCases: [string, string[]][] = [
  ['displayName eq "desktop USERS"', ['g-desktop']],
  ['displayName sw "ad"', ['g-admins']],
  ['externalId pr', ['g-desktop', 'g-empty']],
  ['externalId eq "GRP-DESKTOP"', []],
  ['members[value eq "u-alice"]', ['g-desktop', 'g-admins']],
  ['members[value eq "u-bob"]', ['g-desktop']],
  ['members.value eq "u-elodie"', []],
  ['members pr', ['g-desktop', 'g-admins']],
  ['not (members pr)', ['g-empty']],
  ['members[value eq "u-bob"] or displayName eq "nobody"', ['g-desktop', 'g-empty']],
];

async function seed(handle: DatabaseHandle): Promise<void> {
  const db = handle.db;
  const now = '2026-01-01T00:00:00.000Z';
  await db
    .insertInto('accounts')
    .values([account, other].map((id) => ({ id, name: id, created_at: now })))
    .execute();
  for (const [accountId, prefix] of [
    [account, ''],
    [other, 'other-'],
  ] as const) {
    for (const p of people) {
      await db
        .insertInto('account_users')
        .values({
          id: prefix + p.id,
          account_id: accountId,
          user_name: p.userName,
          user_name_key: p.userName.toLowerCase(),
          email: p.emails[0]?.value ?? null,
          display_name: p.displayName,
          given_name: p.givenName,
          family_name: null,
          password_hash: null,
          source: 'scim',
          external_id: p.externalId,
          active: p.active ? 1 : 0,
          is_owner: 0,
          scim_resource: '{}',
          version: 1,
          last_login_at: null,
          deleted_at: null,
          created_at: p.created,
          updated_at: p.created,
        })
        .execute();
      for (const e of p.emails) {
        await db
          .insertInto('user_emails')
          .values({
            user_id: prefix + p.id,
            account_id: accountId,
            value: e.value,
            type: e.type,
            is_primary: 0,
          })
          .execute();
      }
    }
    for (const g of groups) {
      await db
        .insertInto('groups')
        .values({
          id: prefix + g.id,
          account_id: accountId,
          display_name: g.displayName,
          display_name_key: g.displayName.toLowerCase(),
          external_id: g.externalId,
          version: 1,
          created_at: now,
          updated_at: now,
        })
        .execute();
      for (const m of g.members) {
        await db
          .insertInto('group_members')
          .values({
            group_id: prefix + g.id,
            user_id: prefix + m,
            account_id: accountId,
            display: null,
            added_at: now,
          })
          .execute();
      }
    }
  }
}

describeEachDatabase('SCIM filters executed against rows', (dialect) => {
  let database: TestDatabase;
  let handle: DatabaseHandle;

  beforeAll(async () => {
    database = await dialect.create();
    handle = openDatabase(database.url);
    await migrateToLatest(handle.db, handle.dialect);
    await seed(handle);
  });
  afterAll(async () => {
    await handle?.close();
    await database?.drop();
  });

  const users = async (filter: string) =>
    (
      await handle.db
        .selectFrom('account_users')
        .select('id')
        .where('account_id', '=', account)
        .where(compileFilter(parseFilter(filter), userFilterTargets, account))
        .execute()
    )
      .map((r) => r.id)
      .sort();
  const groupsMatching = async (filter: string) =>
    (
      await handle.db
        .selectFrom('groups')
        .select('id')
        .where('account_id', '=', account)
        .where(compileFilter(parseFilter(filter), groupFilterTargets, account))
        .execute()
    )
      .map((r) => r.id)
      .sort();

  describe('Users', () => {
    test.each(userCases)('%s', async (filter, expected) => {
      expect(await users(filter)).toEqual([...expected].sort());
    });
  });

  describe('Groups', () => {
    test.each(groupCases)('%s', async (filter, expected) => {
      expect(await groupsMatching(filter)).toEqual([...expected].sort());
    });
  });
});
