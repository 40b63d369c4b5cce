// The prepared-statement cache under Kysely: same answers as without it, the
// same SQL run again while a stream of it is still open, and eviction.
import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect, sql } from 'kysely';
import { expect, test } from 'vitest';
import { withStatementCache } from '../../../backend/db/statement-cache.ts';

interface Db {
  items: { id: number; name: string };
}

function open(maxEntries?: number) {
  const raw = new SQLite(':memory:');
  let prepared = 0;
  const prepare = raw.prepare.bind(raw);
  raw.prepare = ((source: string) => {
    prepared += 1;
    return prepare(source);
  }) as typeof raw.prepare;
  const db = new Kysely<Db>({
    dialect: new SqliteDialect({ database: withStatementCache(raw, maxEntries) }),
  });
  return { db, prepared: () => prepared };
}

test('a statement is prepared once and reused with new parameters; results are the right rows', async () => {
  const { db, prepared } = open();
  await sql`create table items (id integer primary key, name text)`.execute(db);
  for (let i = 1; i <= 50; i++)
    await db
      .insertInto('items')
      .values({ id: i, name: `n${i}` })
      .execute();
  const before = prepared();
  for (let i = 1; i <= 50; i++) {
    const row = await db.selectFrom('items').select('name').where('id', '=', i).executeTakeFirst();
    expect(row?.name).toBe(`n${i}`);
  }
  expect(prepared() - before).toBe(1);
  await db.destroy();
});

test('a stream left half-way does not leave its statement stuck: the same query runs again', async () => {
  const { db } = open();
  await sql`create table items (id integer primary key, name text)`.execute(db);
  await db
    .insertInto('items')
    .values([
      { id: 1, name: 'a' },
      { id: 2, name: 'b' },
    ])
    .execute();
  const query = () => db.selectFrom('items').select(['id', 'name']).where('id', '>', 0).orderBy('id');
  for await (const row of query().stream()) {
    expect(row.name).toBe('a');
    break;
  }
  expect((await query().execute()).map((r) => r.name)).toEqual(['a', 'b']);
  await db.destroy();
});

test('past its size the least recently used statement is dropped, and still answers when prepared again', async () => {
  const { db, prepared } = open(2);
  await sql`create table items (id integer primary key, name text)`.execute(db);
  await db.insertInto('items').values({ id: 1, name: 'a' }).execute();
  const byId = () => db.selectFrom('items').select('name').where('id', '=', 1).executeTakeFirst();
  const byName = () => db.selectFrom('items').select('id').where('name', '=', 'a').executeTakeFirst();
  const count = () =>
    db
      .selectFrom('items')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirst();
  await byId();
  await byName();
  const before = prepared();
  await count(); // evicts byId
  await byName(); // still cached
  expect(prepared() - before).toBe(1);
  expect((await byId())?.name).toBe('a'); // prepared again
  expect(prepared() - before).toBe(2);
  await db.destroy();
});
