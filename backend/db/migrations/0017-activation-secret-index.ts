// A key activation's check-in finds its activation by the hash of its secret
// (licensing/api-caller.ts → activationForSecret): without an index that is a
// scan of every activation on every check-in of a key-activated device.
import type { Kysely } from 'kysely';
import type { SqlDialect } from '../connect.ts';

type AnyDb = Kysely<unknown>;

export async function up(db: AnyDb, _dialect: SqlDialect): Promise<void> {
  await db.schema.createIndex('activations_secret_hash').on('activations').column('secret_hash').execute();
}

export async function down(db: AnyDb, _dialect: SqlDialect): Promise<void> {
  await db.schema.dropIndex('activations_secret_hash').execute();
}
