// The PostgreSQL pool. Two things pg leaves to its user:
// - an idle client whose server goes away (restart, failover, 57P01 from
//   pg_terminate_backend) makes the pool emit 'error'; with no listener that
//   is an uncaught exception and the process dies. Here it is a fault episode
//   (logged once) and the pool simply opens new clients on the next query.
// - pool.end() resolves once its clients are *asked* to end, before their
//   sockets close; close() here waits until every connection has really gone,
//   so whoever drops the database next finds none (and terminates none).
import pg from 'pg';
import type { DatabaseHealth } from './health.ts';
import { sendRegisteredByName } from './prepared-statements.ts';

export interface PgPool {
  pool: pg.Pool;
  /** Resolves when every connection this pool ever opened has closed. */
  closed(): Promise<void>;
}

export function createPgPool(url: string, max: number, health: DatabaseHealth): PgPool {
  const pool = new pg.Pool({ connectionString: url, max });
  const open = new Set<pg.Client>();
  let allClosed: (() => void) | undefined;
  pool.on('error', (err) => {
    if (!health.report(err)) {
      health.begin({ kind: 'unavailable', code: 'CONNECTION_LOST', message: err.message });
    }
  });
  pool.on('connect', (client) => {
    open.add(client);
    sendRegisteredByName(client);
    // A checked-out client's socket error also reaches the query; this keeps
    // a late one (after the pool let the client go) from being uncaught.
    client.on('error', () => undefined);
    client.once('end', () => {
      open.delete(client);
      if (open.size === 0) allClosed?.();
    });
    // A new connection is proof the server is back.
    health.end('unavailable');
  });
  return {
    pool,
    closed: () =>
      open.size === 0
        ? Promise.resolve()
        : new Promise<void>((resolve) => {
            allClosed = resolve;
          }),
  };
}
