// App invitations (issue 25 item 3, the guide's "Deploying via an Invitation
// Email"): end users invited by email to install the desktop app and activate
// it with SSO. Not the console's own invitations (0026, people invited to
// administer the console).
// - `app_invitations`: one row per invited email per account, unique on
//   (account_id, email_key) in the database, so inviting the same person twice
//   (or two admins at once) never makes a second row. Only the SHA-256 of the
//   landing page's token is kept; a new token is made each time the email is
//   sent. `send_state` is what the sender works through; a sender claims a row
//   with a conditional UPDATE of `claim_holder`/`claim_expires_at`, so two
//   nodes never send one email twice, and a node that died mid-send leaves a
//   claim that expires. The status times are when it happened, first time only.
// - `app_invitation_settings`: the account's download link (else the service's).
import { sql, type Kysely } from 'kysely';
import type { SqlDialect } from '../connect.ts';

type AnyDb = Kysely<unknown>;

export async function up(db: AnyDb, _dialect: SqlDialect): Promise<void> {
  await db.schema
    .createTable('app_invitations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('email_key', 'text', (c) => c.notNull())
    /** The directory group it was invited with, if any (shown in the list). */
    .addColumn('group_name', 'text')
    .addColumn('token_hash', 'text', (c) => c.unique())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    /** queued | sent | failed | not_sent (no SMTP: the admin copies the link). */
    .addColumn('send_state', 'text', (c) => c.notNull())
    .addColumn('claim_holder', 'text')
    .addColumn('claim_expires_at', 'text')
    .addColumn('sent_at', 'text')
    .addColumn('failure', 'text')
    .addColumn('opened_at', 'text')
    .addColumn('activated_at', 'text')
    .addColumn('revoked_at', 'text')
    .execute();
  await db.schema
    .createIndex('app_invitations_one_per_email')
    .on('app_invitations')
    .columns(['account_id', 'email_key'])
    .unique()
    .execute();
  // The console's list: newest first, keyset-paged on (created_at, id).
  await db.schema
    .createIndex('app_invitations_list_idx')
    .on('app_invitations')
    .columns(['account_id', 'created_at', 'id'])
    .execute();
  // The sender's queue: only rows waiting to be sent are in it.
  await db.schema
    .createIndex('app_invitations_queue_idx')
    .on('app_invitations')
    .columns(['created_at', 'id'])
    .where(sql.ref('send_state'), '=', 'queued')
    .execute();
  await db.schema
    .createTable('app_invitation_settings')
    .addColumn('account_id', 'text', (c) => c.primaryKey().references('accounts.id').onDelete('cascade'))
    .addColumn('download_url', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: AnyDb, _dialect: SqlDialect): Promise<void> {
  await db.schema.dropTable('app_invitation_settings').execute();
  await db.schema.dropTable('app_invitations').execute();
}
