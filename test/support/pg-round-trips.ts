// The statements a piece of work really sent to PostgreSQL, one per round trip, as
// the driver (node-postgres) saw them: for tests that count round trips. A named
// prepared statement (backend/db/prepared-statements.ts) is shown as "[name] text".
import pg from 'pg';
import { vi } from 'vitest';

export interface SentStatement {
  /** The connection it went over (a transaction's statements share one). */
  client: pg.Client;
  text: string;
}

export async function pgStatementsSentBy(work: () => Promise<void>): Promise<SentStatement[]> {
  const sent: SentStatement[] = [];
  const query = pg.Client.prototype.query;
  const spy = vi.spyOn(pg.Client.prototype, 'query').mockImplementation(function (
    this: pg.Client,
    ...args: unknown[]
  ) {
    const q = args[0];
    sent.push({
      client: this,
      text:
        typeof q === 'string'
          ? q
          : `[${String((q as { name?: unknown }).name)}] ${String((q as { text?: unknown }).text)}`,
    });
    return (query as (...a: unknown[]) => unknown).apply(this, args) as never;
  });
  try {
    await work();
  } finally {
    spy.mockRestore();
  }
  return sent;
}

/** The SQL text of each round trip `work` caused. */
export const pgRoundTrips = async (work: () => Promise<void>): Promise<string[]> =>
  (await pgStatementsSentBy(work)).map((s) => s.text);
