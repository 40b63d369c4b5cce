// Events of things that happen without a change (issue 24 item 1): a
// certificate nearing its end, a metadata URL failing, SCIM gone silent. A
// detector tells each once per state change, so the state it last told is
// kept here, one row per account and subject (`certificate:<fingerprint>`,
// `metadata`, `scim`). The state moves by one conditional upsert in the
// transaction that writes the event: of two nodes moving it at once, one
// changes the row and tells, the other changes nothing (events/detector-state.ts).
import type { Kysely } from 'kysely';
import type { SqlDialect } from '../connect.ts';

type AnyDb = Kysely<unknown>;

export async function up(db: AnyDb, _dialect: SqlDialect): Promise<void> {
  await db.schema
    .createTable('detector_states')
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('since', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('detector_states_pk', ['account_id', 'subject'])
    .execute();
}

export async function down(db: AnyDb, _dialect: SqlDialect): Promise<void> {
  await db.schema.dropTable('detector_states').execute();
}
