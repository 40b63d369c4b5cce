// How the AuthnRequest reaches the IdP: HTTP-Redirect, or HTTP-POST where the
// IdP offers only that (JumpCloud).
import type { Kysely } from 'kysely';
import type { SqlDialect } from '../connect.ts';

type AnyDb = Kysely<unknown>;

export async function up(db: AnyDb, _dialect: SqlDialect): Promise<void> {
  await db.schema
    .alterTable('idp_configs')
    .addColumn('sso_binding', 'text', (c) => c.notNull().defaultTo('redirect'))
    .execute();
}

export async function down(db: AnyDb, _dialect: SqlDialect): Promise<void> {
  await db.schema.alterTable('idp_configs').dropColumn('sso_binding').execute();
}
