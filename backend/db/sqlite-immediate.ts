// SQLite transactions that take the write lock when they begin (BEGIN
// IMMEDIATE). Kysely's SQLite driver begins deferred: two service processes on
// one file (WAL allows it) would both read a count, then one would fail to
// upgrade to a writer (SQLITE_BUSY) or both would write. Taken up front, the
// lock makes every read-then-write transaction wait for the one before it
// (sqlite-busy-wait.ts), which is what seats and device limits need
// (https://sqlite.org/lang_transaction.html, "BEGIN IMMEDIATE").
import { CompiledQuery, SqliteDialect, SqliteDriver, type DatabaseConnection, type Driver } from 'kysely';
import type { SqliteDialectConfig } from 'kysely';
import { waitWhenBusy, type BusyWaitOptions } from './sqlite-busy-wait.ts';

class ImmediateSqliteDriver extends SqliteDriver {
  readonly #busyWait: BusyWaitOptions;
  #connection: DatabaseConnection | undefined;

  constructor(config: SqliteDialectConfig, busyWait: BusyWaitOptions) {
    super(config);
    this.#busyWait = busyWait;
  }

  override async acquireConnection(): Promise<DatabaseConnection> {
    this.#connection ??= waitWhenBusy(await super.acquireConnection(), this.#busyWait);
    return this.#connection;
  }

  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}

export class ImmediateSqliteDialect extends SqliteDialect {
  readonly #config: SqliteDialectConfig;
  readonly #busyWait: BusyWaitOptions;

  constructor(config: SqliteDialectConfig & { busyWait: BusyWaitOptions }) {
    const { busyWait, ...sqliteConfig } = config;
    super(sqliteConfig);
    this.#config = sqliteConfig;
    this.#busyWait = busyWait;
  }

  override createDriver(): Driver {
    return new ImmediateSqliteDriver(this.#config, this.#busyWait);
  }
}
