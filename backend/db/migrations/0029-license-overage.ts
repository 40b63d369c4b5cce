// Issue 23 item 3, "Over the count, on purpose": a license may allow up to
// `overage_percent` % over its seat count (0: off, the default, today's
// behaviour); the ceiling is floor(seats × (1 + P/100)), enforced under the
// account's lock like the count itself (access/overage.ts). Each activation
// that took a seat above the count is flagged (`over_count` = 1), so usage,
// the console and the activation log can show it. The CHECK keeps a value the
// API would refuse out of the table too.
import { sql, type Kysely } from 'kysely';
import type { SqlDialect } from '../connect.ts';

type AnyDb = Kysely<unknown>;

export async function up(db: AnyDb, _dialect: SqlDialect): Promise<void> {
  await db.schema
    .alterTable('licenses')
    .addColumn('overage_percent', 'integer', (c) =>
      c
        .notNull()
        .defaultTo(0)
        .check(sql`overage_percent >= 0 AND overage_percent <= 100`),
    )
    .execute();
  await db.schema
    .alterTable('activations')
    .addColumn('over_count', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
}

export async function down(db: AnyDb, _dialect: SqlDialect): Promise<void> {
  await db.schema.alterTable('activations').dropColumn('over_count').execute();
  await db.schema.alterTable('licenses').dropColumn('overage_percent').execute();
}
