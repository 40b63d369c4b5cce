// Finding the account's user a sign-in or a question names (DESIGN.md step
// 6): by the IdP's stable id first (externalId / Entra's objectidentifier),
// else by userName, else by email. Deleted users are not found.
import type { AccountUsersTable } from '../db/schema.ts';
import type { Db } from '../db/types.ts';

export interface UserNames {
  externalId?: string | null;
  userName?: string | null;
  email?: string | null;
}

/** Which name found the user, for the evidence. */
export type FoundBy = 'externalId' | 'userName' | 'email';

export async function findUserBy(
  db: Db,
  accountId: string,
  names: UserNames,
): Promise<{ user: AccountUsersTable; by: FoundBy } | undefined> {
  const base = () =>
    db
      .selectFrom('account_users')
      .selectAll()
      .where('account_id', '=', accountId)
      .where('deleted_at', 'is', null);
  if (names.externalId) {
    const user = await base().where('external_id', '=', names.externalId).executeTakeFirst();
    if (user) return { user, by: 'externalId' };
  }
  if (names.userName) {
    const user = await base().where('user_name_key', '=', names.userName.toLowerCase()).executeTakeFirst();
    if (user) return { user, by: 'userName' };
  }
  if (names.email) {
    // Along the email index alone: with `account_id` in the same read, SQLite (without statistics)
    // may walk the account's users instead (issue 27: 22 ms at 30,000 users). The same email in
    // other accounts, or deleted, is a handful of rows, filtered here.
    const sameEmail = await db
      .selectFrom('account_users')
      .selectAll()
      .where('email', '=', names.email)
      .execute();
    const user = sameEmail.find((u) => u.account_id === accountId && u.deleted_at === null);
    if (user) return { user, by: 'email' };
  }
  return undefined;
}

export async function findUser(
  db: Db,
  accountId: string,
  names: UserNames,
): Promise<AccountUsersTable | undefined> {
  return (await findUserBy(db, accountId, names))?.user;
}
