// Named prepared statements on PostgreSQL for the hot queries (node-postgres
// `name:`): each connection parses and plans such a statement once, then only
// binds and runs it — for the check-in's one statement, a CTE over six tables,
// most of its server time. Only queries whose text is fixed (compileOnce,
// compiled-query.ts) are named: a prepared statement lives as long as its
// connection, so naming every text (IN lists of any length…) would grow each
// backend without bound. Kysely's driver sends (text, values); the pool's
// clients are wrapped (pg-pool.ts) to send a registered text by its name.
import { createHash } from 'node:crypto';
import type pg from 'pg';

const names = new Map<string, string>();

/** From now on, every pool connection runs this exact text as a named prepared statement. */
export function prepareByName(text: string): void {
  if (names.has(text)) return;
  names.set(text, `lk_${createHash('sha256').update(text).digest('hex').slice(0, 32)}`);
}

type Query = (config: unknown, values?: unknown, callback?: unknown) => unknown;

/** The client sends a registered text by its name (prepared on that connection at first use). */
export function sendRegisteredByName(client: pg.Client): void {
  // The class's own query, looked up at each call (so a spy on pg.Client.prototype still sees it).
  const proto = Object.getPrototypeOf(client) as { query: Query };
  const named: Query = (config, values, callback) => {
    const name = typeof config === 'string' ? names.get(config) : undefined;
    if (name === undefined || callback !== undefined || !Array.isArray(values)) {
      return proto.query.call(client, config, values, callback);
    }
    return proto.query.call(client, { name, text: config, values });
  };
  client.query = named as typeof client.query;
}
