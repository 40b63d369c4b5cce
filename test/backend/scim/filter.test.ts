// scim/filter.ts: the grammar's tree for each construct of RFC 7644 §3.4.2.2,
// and the SQL each operator compiles to, on both dialects (compiled only:
// the HTTP suites run the same filters against real databases).
import {
  DummyDriver,
  Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
} from 'kysely';
import { describe, expect, test } from 'vitest';
import type { Database } from '../../../backend/db/schema.ts';
import { compileFilter, parseFilter, type Target } from '../../../backend/scim/filter.ts';
import { ScimError } from '../../../backend/scim/scim-error.ts';

const targets = new Map<string, Target>([
  ['username', { kind: 'column', column: 'user_name_key', type: 'text-key' }],
  ['displayname', { kind: 'column', column: 'display_name', type: 'text-ci' }],
  ['externalid', { kind: 'column', column: 'external_id', type: 'text' }],
  ['active', { kind: 'column', column: 'active', type: 'boolean' }],
  ['meta.created', { kind: 'column', column: 'created_at', type: 'datetime' }],
  ...(['emails', 'emails.value', 'emails.type'] as const).map(
    (p) =>
      [
        p,
        {
          kind: 'related',
          table: 'user_emails',
          key: 'user_id',
          parentKey: 'id',
          columns: { emails: 'value', 'emails.value': 'value', 'emails.type': 'type' },
        },
      ] as [string, Target],
  ),
]);
const into = { table: 'account_users', targets, uris: ['urn:ietf:params:scim:schemas:core:2.0:User'] };

const dialects = {
  sqlite: new Kysely<Database>({
    dialect: {
      createAdapter: () => new SqliteAdapter(),
      createDriver: () => new DummyDriver(),
      createIntrospector: (db) => new SqliteIntrospector(db),
      createQueryCompiler: () => new SqliteQueryCompiler(),
    },
  }),
  postgres: new Kysely<Database>({
    dialect: {
      createAdapter: () => new PostgresAdapter(),
      createDriver: () => new DummyDriver(),
      createIntrospector: (db) => new PostgresIntrospector(db),
      createQueryCompiler: () => new PostgresQueryCompiler(),
    },
  }),
};

function where(filter: string, dialect: keyof typeof dialects = 'sqlite') {
  const compiled = dialects[dialect]
    .selectFrom('account_users')
    .select('id')
    .where(compileFilter(parseFilter(filter), into, 'acct-1'))
    .compile();
  return {
    sql: compiled.sql.replace(/^select "id" from "account_users" where /, ''),
    params: compiled.parameters,
  };
}

function refusal(filter: string): ScimError {
  try {
    where(filter);
  } catch (err) {
    if (err instanceof ScimError) return err;
    throw err;
  }
  throw new Error(`no error for ${filter}`);
}

describe('every operator compiled to parameterised SQL', () => {
  const cases: [string, string, unknown[]][] = [
    ['userName eq "Bob@X"', '("account_users"."user_name_key" = ?)', ['bob@x']],
    [
      'userName ne "bob"',
      '("account_users"."user_name_key" is null or "account_users"."user_name_key" <> ?)',
      ['bob'],
    ],
    ['displayName co "a_b%"', `(lower("account_users"."display_name") like ? escape '\\')`, ['%a\\_b\\%%']],
    ['displayName sw "Bo"', `(lower("account_users"."display_name") like ? escape '\\')`, ['bo%']],
    ['displayName ew "Ob"', `(lower("account_users"."display_name") like ? escape '\\')`, ['%ob']],
    ['externalId gt "m"', '("account_users"."external_id" > ?)', ['m']],
    ['externalId ge "m"', '("account_users"."external_id" >= ?)', ['m']],
    ['externalId lt "m"', '("account_users"."external_id" < ?)', ['m']],
    ['externalId le "m"', '("account_users"."external_id" <= ?)', ['m']],
    ['externalId pr', '("account_users"."external_id" is not null)', []],
    ['externalId eq null', '("account_users"."external_id" is null)', []],
    ['active eq true', '("account_users"."active" = ?)', [1]],
    ['active ne False', '("account_users"."active" is null or "account_users"."active" <> ?)', [0]],
    [
      'meta.created gt "2015-10-10T14:38:21-07:00"',
      '("account_users"."created_at" > ?)',
      ['2015-10-10T21:38:21.000Z'],
    ],
  ];
  for (const [filter, sql, params] of cases) {
    test(filter, () => {
      expect(where(filter)).toEqual({ sql, params });
    });
  }

  test('and, or, not and parentheses keep RFC precedence (and binds tighter)', () => {
    expect(where('userName eq "a" or userName eq "b" and not (active eq true)').sql).toBe(
      '(("account_users"."user_name_key" = ?) or (("account_users"."user_name_key" = ?) and (not ("account_users"."active" = ?))))',
    );
    expect(where('(userName eq "a" or userName eq "b") and active eq true').sql).toBe(
      '((("account_users"."user_name_key" = ?) or ("account_users"."user_name_key" = ?)) and ("account_users"."active" = ?))',
    );
  });

  test("a value path is one test over one element; a plain sub-attribute its own — among the account's rows, from their index", () => {
    expect(where('emails[type eq "work" and value co "@X"]')).toEqual({
      sql: `"account_users"."id" in (select rel."user_id" from "user_emails" as rel where rel."account_id" = ? and (("rel"."type" = ?) and ("rel"."value" like ? escape '\\')))`,
      params: ['acct-1', 'work', '%@x%'],
    });
    expect(where('emails[type eq "work"].value eq "a@x"')).toEqual(
      where('emails[type eq "work" and value eq "a@x"]'),
    );
    expect(where('emails.value ew "@x"').sql).toBe(
      `"account_users"."id" in (select rel."user_id" from "user_emails" as rel where rel."account_id" = ? and ("rel"."value" like ? escape '\\'))`,
    );
    expect(where('emails pr').sql).toContain('("rel"."value" is not null)');
  });

  test('PostgreSQL gets the same shape with numbered parameters', () => {
    expect(where('userName eq "a" and emails[type eq "work"]', 'postgres')).toEqual({
      sql: `(("account_users"."user_name_key" = $1) and "account_users"."id" in (select rel."user_id" from "user_emails" as rel where rel."account_id" = $2 and ("rel"."type" = $3)))`,
      params: ['a', 'acct-1', 'work'],
    });
  });

  test('the core schema URN prefix and any case of names and keywords are accepted', () => {
    expect(where('urn:ietf:params:scim:schemas:core:2.0:User:USERNAME EQ "a" AND Active Eq TRUE')).toEqual(
      where('userName eq "a" and active eq true'),
    );
  });

  test('string values are JSON strings: escapes decoded, injection is only a value', () => {
    expect(where('userName eq "a\\"b\\u0041"').params).toEqual(['a"ba']);
    expect(where(`userName eq "x' or 1=1 --"`).params).toEqual(["x' or 1=1 --"]);
  });
});

describe('refusals: 400 invalidFilter with a detail that names the problem', () => {
  for (const [filter, detail] of [
    ['userName eq "a" and', /dangling/],
    ['userName eq "a" or ', /dangling/],
    ['(userName eq "a"', /position/],
    ['userName eq "a")', /position 16/],
    ['userName', /dangling|position/],
    ['title eq "x"', /"title" is not supported/],
    ['active co "x"', /eq\/ne with true or false/],
    ['meta.created gt "yesterday"', /date-time/],
    ['urn:example:other:2.0:User:userName eq "a"', /not supported/],
    ['userName[value eq "x"]', /not multi-valued/],
    [`${'('.repeat(40)}userName pr${')'.repeat(40)}`, /deeper than 32/],
    ['a'.repeat(2001), /too long/],
  ] as const) {
    test(filter.slice(0, 60), () => {
      const err = refusal(filter);
      expect(err.status).toBe(400);
      expect(err.scimType).toBe('invalidFilter');
      expect(err.message).toMatch(detail);
      expect(err.message).not.toMatch(/undefined|Cannot read|TypeError/);
    });
  }
});
