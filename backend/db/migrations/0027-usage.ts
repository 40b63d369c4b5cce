// Usage (issue 23 item 1): who holds a seat and who does not use it. Each
// account chooses after how many days without a check-in a device counts as
// idle (default 30, 1..365). The usage list walks live activations by keyset
// on these partial indexes (revoked rows are not seats, so they are left out
// of the index too); every index begins with account_id, so a page never
// reads another tenant's rows, and ends with id, the unique tiebreaker.
//   - (account_id, created_at, id): the list in order of first activation;
//   - (account_id, last_checkin_at, id): "idle for N days" as a range, longest silent first,
//     and the summary's active/idle counts without reading the table;
//   - (account_id, license_id | sublicense_id, created_at, id): the license and sublicense filters;
//   - (account_id, license_id, user_id): seats held per license, distinct users streamed from the index.
// The two counting indexes also hold revoked_at (always NULL in them): SQLite treats a partial
// index as covering only if it holds every column the query names, and otherwise read the table.
// The check-in's UPDATE of last_checkin_at now touches an index (on PostgreSQL no longer a HOT
// update); idle devices cannot be found without one at 200,000 devices, and reclamation needs it too.
import { sql, type Kysely } from 'kysely';
import type { SqlDialect } from '../connect.ts';

type AnyDb = Kysely<unknown>;

const indexes = {
  activations_usage_first: ['account_id', 'created_at', 'id'],
  activations_usage_silent: ['account_id', 'last_checkin_at', 'id', 'revoked_at'],
  activations_usage_license: ['account_id', 'license_id', 'created_at', 'id'],
  activations_usage_sublicense: ['account_id', 'sublicense_id', 'created_at', 'id'],
  activations_usage_seats: ['account_id', 'license_id', 'user_id', 'revoked_at'],
} as const;

export async function up(db: AnyDb, _dialect: SqlDialect): Promise<void> {
  await db.schema
    .alterTable('accounts')
    .addColumn('usage_idle_days', 'integer', (c) => c.notNull().defaultTo(30))
    .execute();
  for (const [name, columns] of Object.entries(indexes))
    await db.schema
      .createIndex(name)
      .on('activations')
      .columns([...columns])
      .where(sql.ref('revoked_at'), 'is', null)
      .execute();
}

export async function down(db: AnyDb, _dialect: SqlDialect): Promise<void> {
  for (const name of Object.keys(indexes)) await db.schema.dropIndex(name).execute();
  await db.schema.alterTable('accounts').dropColumn('usage_idle_days').execute();
}
