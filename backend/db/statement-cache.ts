// better-sqlite3 prepares every statement Kysely runs afresh (about a seventh
// of a check-in's CPU in the profile). The SQL text is fixed per call site and
// the values are bound parameters, so prepared statements can be reused: this
// keeps the most recently used ones. Kysely's SQLite driver runs one query at a
// time on its one connection, so a statement is never in use twice at once.
import type { Database as BetterSqlite, Statement } from 'better-sqlite3';
import type { SqliteDatabase } from 'kysely';

export function withStatementCache(database: BetterSqlite, maxEntries = 500): SqliteDatabase {
  const cache = new Map<string, Statement>();
  return {
    close: () => {
      cache.clear();
      database.close();
    },
    prepare(sql: string) {
      let statement = cache.get(sql);
      if (statement) {
        // Most recently used last, so the first key is the one to drop.
        cache.delete(sql);
      } else {
        statement = database.prepare(sql);
        if (cache.size >= maxEntries) cache.delete(cache.keys().next().value as string);
      }
      cache.set(sql, statement);
      return statement;
    },
  };
}
