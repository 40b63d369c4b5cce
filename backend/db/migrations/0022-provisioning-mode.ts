// SCIM is optional (issue 21 item 2): step 5 chooses how users reach the
// account — pushed by SCIM ('scim', every account so far), or created just in
// time at their first SSO sign-in ('jit', for IdPs that cannot push SCIM, such
// as Google Workspace's custom SAML apps). Without SCIM no directory says when
// a user leaves, so a license renews only within `jit_renew_days` of the
// user's last SSO sign-in.
import type { Kysely } from 'kysely';
import type { SqlDialect } from '../connect.ts';

type AnyDb = Kysely<unknown>;

export async function up(db: AnyDb, _dialect: SqlDialect): Promise<void> {
  await db.schema
    .alterTable('idp_configs')
    .addColumn('provisioning', 'text', (c) => c.notNull().defaultTo('scim'))
    .execute();
  await db.schema
    .alterTable('idp_configs')
    .addColumn('jit_renew_days', 'integer', (c) => c.notNull().defaultTo(7))
    .execute();
}

export async function down(db: AnyDb, _dialect: SqlDialect): Promise<void> {
  await db.schema.alterTable('idp_configs').dropColumn('jit_renew_days').execute();
  await db.schema.alterTable('idp_configs').dropColumn('provisioning').execute();
}
