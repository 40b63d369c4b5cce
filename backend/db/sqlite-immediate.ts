// SQLite transactions that take the write lock when they begin (BEGIN
// IMMEDIATE). Kysely's SQLite driver begins deferred: two service processes on
// one file (WAL allows it) would both read a count, then one would fail to
// upgrade to a writer (SQLITE_BUSY) or both would write. Taken up front, the
// lock makes every read-then-write transaction wait for the one before it
// (busy_timeout), which is what seats and device limits need
// (https://sqlite.org/lang_transaction.html, "BEGIN IMMEDIATE").
import { CompiledQuery, SqliteDialect, SqliteDriver, type DatabaseConnection, type Driver } from 'kysely';
import type { SqliteDialectConfig } from 'kysely';

class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}

export class ImmediateSqliteDialect extends SqliteDialect {
  readonly #config: SqliteDialectConfig;

  constructor(config: SqliteDialectConfig) {
    super(config);
    this.#config = config;
  }

  override createDriver(): Driver {
    return new ImmediateSqliteDriver(this.#config);
  }
}
