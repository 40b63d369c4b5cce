// The backup login (configurator step 7) exists for when the IdP or its
// provisioning misbehaves, so SCIM never disables it: the configured backup
// user, and the account owner (whose password is the way in until a backup
// login is chosen). SCIM may mark such a user inactive or delete them — the
// IdP sees what it set, desktop rights follow the directory — but the local
// login stays, and the audit entry says so (issue 10 item 7).
import type { Transaction } from 'kysely';
import type { AccountUsersTable, Database } from '../db/schema.ts';

export async function isBackupLogin(
  tx: Transaction<Database>,
  accountId: string,
  row: Pick<AccountUsersTable, 'id' | 'is_owner' | 'password_hash'>,
): Promise<boolean> {
  if (row.password_hash === null) return false;
  if (row.is_owner === 1) return true;
  const config = await tx
    .selectFrom('idp_configs')
    .select('backup_user_id')
    .where('account_id', '=', accountId)
    .executeTakeFirst();
  return config?.backup_user_id === row.id;
}
