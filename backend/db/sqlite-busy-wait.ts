// Waiting for another process's SQLite write lock without stopping this one.
// SQLite's own busy handler (busy_timeout) sleeps on the calling thread — 1,
// 2, 5, 10 … ms (sqlite3 main.c, sqliteDefaultBusyCallback) — and with
// better-sqlite3 that thread is the event loop: while `serve --workers 2`'s
// other worker held the lock for tens of microseconds, this one stopped for a
// millisecond or more and served nobody (check-ins over HTTP: two workers no
// faster than one). Here the connection has no busy timeout: a statement
// refused with SQLITE_BUSY before it changed anything is run again after the
// event loop has had its turn, for as long as busy_timeout would have waited.
// Safe to re-run: an autocommit statement or a BEGIN refused with SQLITE_BUSY
// made no change and opened no transaction (sqlite.org/rescode.html#busy).
import type { CompiledQuery, DatabaseConnection, QueryResult } from 'kysely';

export interface BusyWaitOptions {
  /** How long to keep trying, like busy_timeout. */
  timeoutMs: number;
  /** Whether the connection is inside a transaction now (better-sqlite3 `inTransaction`). */
  inTransaction: () => boolean;
}

const isBusy = (err: unknown): boolean =>
  typeof (err as { code?: unknown }).code === 'string' &&
  (err as { code: string }).code.startsWith('SQLITE_BUSY');

// The first retries only yield to the event loop (the other process's write is
// usually done by then); later ones back off, up to 10 ms between tries.
const pause = (attempt: number) =>
  new Promise<void>((resolve) =>
    attempt < 4 ? setImmediate(resolve) : setTimeout(resolve, Math.min(10, 2 ** (attempt - 4))),
  );

export function waitWhenBusy(inner: DatabaseConnection, options: BusyWaitOptions): DatabaseConnection {
  return {
    async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
      const deadline = Date.now() + options.timeoutMs;
      for (let attempt = 0; ; attempt++) {
        const wasInTransaction = options.inTransaction();
        try {
          return await inner.executeQuery<R>(query);
        } catch (err) {
          // Inside a transaction the statement's own effects are SQLite's to undo: not re-run here.
          if (!isBusy(err) || wasInTransaction || options.inTransaction() || Date.now() >= deadline)
            throw err;
        }
        await pause(attempt);
      }
    },
    streamQuery: (query, chunkSize) => inner.streamQuery(query, chunkSize),
  };
}
