// Opens the service database: PostgreSQL for a postgres:// URL (several nodes
// can share it), otherwise a SQLite file in WAL mode.
import { accessSync, constants, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SQLite, { type Database as BetterSqlite } from 'better-sqlite3';
import { Kysely, PostgresDialect, sql, type LogEvent } from 'kysely';
import type { Logger } from 'pino';
import { isPostgresUrl } from '../config.ts';
import type { DatabaseFault } from './faults.ts';
import { DatabaseHealth } from './health.ts';
import { createPgPool } from './pg-pool.ts';
import type { Database } from './schema.ts';
import { fileGone, guardSqlite, openedFile, probeSqliteWrite } from './sqlite-file.ts';
import { prepareSqliteFile, restrictSqliteFiles } from './sqlite-file-mode.ts';
import { ImmediateSqliteDialect } from './sqlite-immediate.ts';
import { withStatementCache } from './statement-cache.ts';

export type SqlDialect = 'sqlite' | 'postgres';

export interface DatabaseHandle {
  db: Kysely<Database>;
  dialect: SqlDialect;
  health: DatabaseHealth;
  /** What keeps the database from serving now (for /readyz); undefined when it serves. */
  readiness(): Promise<DatabaseFault | undefined>;
  /** The SQLite connection itself (online backup); undefined on PostgreSQL. */
  sqlite: BetterSqlite | undefined;
  /** Called with each query's duration (metrics) and its parameters (tests); set it after opening. */
  onQuery: ((ms: number, sqlText: string, parameters?: readonly unknown[]) => void) | undefined;
  close(): Promise<void>;
}

export class DatabaseOpenError extends Error {
  override name = 'DatabaseOpenError';
}

export interface OpenOptions {
  poolSize?: number;
  /** Where database faults are said (once per episode). */
  logger?: Logger;
}

export function openDatabase(url: string, options: OpenOptions = {}): DatabaseHandle {
  const health = new DatabaseHealth(options.logger);
  const handle = isPostgresUrl(url)
    ? openPostgres(url, options.poolSize ?? 10, health)
    : openSqlite(url.replace(/^sqlite:(\/\/)?/, ''), health);
  return handle;
}

function kyselyLog(handle: () => DatabaseHandle) {
  return (event: LogEvent) =>
    handle().onQuery?.(event.queryDurationMillis, event.query.sql, event.query.parameters);
}

async function selectOne(db: Kysely<Database>, health: DatabaseHealth): Promise<DatabaseFault | undefined> {
  try {
    await sql`select 1`.execute(db);
    return undefined;
  } catch (err) {
    return health.report(err) ?? { kind: 'unavailable', code: 'UNKNOWN', message: (err as Error).message };
  }
}

function openPostgres(url: string, poolSize: number, health: DatabaseHealth): DatabaseHandle {
  const { pool, closed } = createPgPool(url, poolSize, health);
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }), log: kyselyLog(() => handle) });
  const handle: DatabaseHandle = {
    db,
    dialect: 'postgres',
    health,
    sqlite: undefined,
    onQuery: undefined,
    async readiness() {
      const fault = await selectOne(db, health);
      if (fault) return fault;
      const current = health.fault;
      if (current?.kind === 'read-only') {
        // 25006 after a failover to a standby: writable once a primary answers.
        const { rows } = await sql<{
          ro: string;
        }>`select current_setting('transaction_read_only') as ro`.execute(db);
        if (rows[0]?.ro === 'on') return current;
      }
      health.end();
      return undefined;
    },
    async close() {
      await db.destroy();
      await closed();
    },
  };
  return handle;
}

/** The file opened (its folder made, its permissions narrowed) with the connection settings every query relies on. */
function openSqliteFile(file: string, inMemory: boolean): BetterSqlite {
  let sqlite: BetterSqlite;
  try {
    if (!inMemory) {
      mkdirSync(dirname(file), { recursive: true });
      prepareSqliteFile(file);
    }
    sqlite = new SQLite(file);
    sqlite.pragma('journal_mode = WAL');
    if (!inMemory) restrictSqliteFiles(file);
  } catch (err) {
    throw new DatabaseOpenError(`cannot open the SQLite database ${file}: ${whyNotOpen(file, err)}`, {
      cause: err,
    });
  }
  sqlite.pragma('foreign_keys = ON');
  // No busy timeout of SQLite's own: it would sleep on the event loop. Kysely's statements wait for
  // another process's write lock in sqlite-busy-wait.ts instead, for the same 5 s.
  sqlite.pragma('busy_timeout = 0');
  sqlite.pragma('synchronous = NORMAL');
  // SQLite's lower() folds ASCII only; PostgreSQL's, and the service's toLowerCase(), fold all of
  // Unicode. Case-insensitive matches (SCIM caseExact=false, RFC 7643 §2.2) must agree on both.
  sqlite.function('lower', { deterministic: true }, (value: unknown) =>
    value === null || value === undefined ? null : String(value).toLowerCase(),
  );
  return sqlite;
}

function openSqlite(file: string, health: DatabaseHealth): DatabaseHandle {
  const inMemory = file === ':memory:';
  const sqlite = openSqliteFile(file, inMemory);
  const opened = inMemory ? undefined : openedFile(file);
  const db = new Kysely<Database>({
    dialect: new ImmediateSqliteDialect({
      database: guardSqlite(withStatementCache(sqlite), sqlite, opened),
      busyWait: { timeoutMs: 5000, inTransaction: () => sqlite.inTransaction },
    }),
    log: kyselyLog(() => handle),
  });
  const handle: DatabaseHandle = {
    db,
    dialect: 'sqlite',
    health,
    sqlite,
    onQuery: undefined,
    async readiness() {
      const gone = opened && fileGone(opened);
      if (gone) {
        health.begin(gone);
        return gone;
      }
      const fault = await selectOne(db, health);
      if (fault) return fault;
      if (!health.fault || inMemory) return undefined;
      const stillFaulty = probeSqliteWrite(sqlite, file);
      if (stillFaulty) return health.fault;
      health.end();
      return undefined;
    },
    close: () => db.destroy(),
  };
  // A database that cannot take writes is said at start, not at the first write.
  if (!inMemory) {
    const fault = probeSqliteWrite(sqlite, file);
    if (fault) health.begin(fault);
  }
  return handle;
}

function whyNotOpen(file: string, err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  try {
    accessSync(dirname(file), constants.W_OK);
  } catch (accessErr) {
    const code = (accessErr as NodeJS.ErrnoException).code;
    // WAL needs its -wal and -shm files beside the database.
    if (code === 'EROFS') return `its folder is on a read-only file system (EROFS); ${message}`;
    if (code === 'EACCES') return `its folder is not writable for this user (EACCES); ${message}`;
  }
  return `${(err as { code?: string }).code ?? 'error'}: ${message}`;
}
