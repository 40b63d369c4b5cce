// Issue 21 items 3–4: why an activation was revoked reaches the user as a
// catalog code, not a phrase. `activations.revoked_code` holds the code
// (revoked_reason stays the free-text note the console shows); rows from
// before get theirs from what they hold: a catalog code as it stands, the
// known phrases ("deactivated on the device", "replaced by a new activation",
// "revoked by an admin") and anything else as ACTIVATION_REVOKED.
// `revoked_tokens` remembers, by the same hashed key as their oidc_models row,
// the app's tokens that deprovisioning deleted: a check-in that still presents
// one is refused with the reason and written to the activation log, instead
// of an anonymous invalid_grant (DESIGN.md: every attempt is written).
import { sql, type Kysely } from 'kysely';
import type { SqlDialect } from '../connect.ts';

type AnyDb = Kysely<unknown>;

// The catalog's codes a revocation could carry when this migration was written (frozen here:
// a migration must not change with the catalog).
const codesBefore = [
  'USER_NOT_PROVISIONED',
  'USER_DEACTIVATED',
  'USER_NOT_IN_GROUP',
  'NO_SEATS_AVAILABLE',
  'LICENSE_EXPIRED',
  'DEVICE_LIMIT_REACHED',
  'ACTIVATION_REVOKED',
  'GROUPS_OVERAGE',
  'INTEGRATION_NOT_ACTIVE',
];

export async function up(db: AnyDb, _dialect: SqlDialect): Promise<void> {
  await db.schema.alterTable('activations').addColumn('revoked_code', 'text').execute();
  await sql`UPDATE activations SET revoked_code = CASE
              WHEN revoked_reason IN (${sql.join(codesBefore)}) THEN revoked_reason
              ELSE 'ACTIVATION_REVOKED' END
            WHERE revoked_at IS NOT NULL`.execute(db);
  await db.schema
    .createTable('revoked_tokens')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('revoked_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('revoked_tokens_expires_at')
    .on('revoked_tokens')
    .column('expires_at')
    .execute();
}

export async function down(db: AnyDb, _dialect: SqlDialect): Promise<void> {
  await db.schema.dropTable('revoked_tokens').execute();
  await db.schema.alterTable('activations').dropColumn('revoked_code').execute();
}
