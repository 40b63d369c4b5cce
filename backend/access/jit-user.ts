// An account without SCIM creates the desktop user just in time from the
// signed assertion of their first SSO sign-in (source 'jit'; issue 21 item 2),
// before the decision: one the group rule then refuses is kept too, so the
// access check and the Users page can say what their sign-in's claim said.
// Two first sign-ins of one person at once (two tabs, two nodes) race: the
// unique (account, user name) index decides in the database — insert or
// nothing, then read the one row — never check-then-insert.
import { newUserRow } from '../db/user-row.ts';
import type { Clock } from '../clock.ts';
import type { AccountUsersTable } from '../db/schema.ts';
import { inTransaction, type Db } from '../db/types.ts';
import { writeEvent } from '../events/write-events.ts';
import { findUser, type UserNames } from './find-user.ts';

export interface JitProfile extends UserNames {
  givenName?: string | null;
  familyName?: string | null;
}

export async function createJitUser(
  db: Db,
  clock: Clock,
  accountId: string,
  profile: JitProfile,
): Promise<AccountUsersTable | undefined> {
  const name = profile.userName ?? profile.email ?? profile.externalId;
  if (!name) return undefined;
  const now = clock.now().toISOString();
  const row = newUserRow(
    { accountId, userName: name, source: 'jit', now },
    {
      email: profile.email?.toLowerCase() ?? null,
      given_name: profile.givenName ?? null,
      family_name: profile.familyName ?? null,
      display_name: [profile.givenName, profile.familyName].filter(Boolean).join(' ') || null,
      external_id: profile.externalId ?? null,
    },
  );
  await insertJitUser(db, clock, row);
  return findUser(db, accountId, profile);
}

/**
 * Inserts the just-in-time user unless the unique (account, user name) index
 * already holds one; the insert that made the row tells `user.provisioned` in
 * its transaction (issue 24: the change SCIM's outbox does not see). Also the
 * console's first SSO sign-in of an admin (console/console-access.ts).
 */
export async function insertJitUser(db: Db, clock: Clock, row: AccountUsersTable): Promise<void> {
  await inTransaction(db, async (tx) => {
    const made = await tx
      .insertInto('account_users')
      .values(row)
      .onConflict((oc) => oc.columns(['account_id', 'user_name_key']).doNothing())
      .returning('id')
      .executeTakeFirst();
    if (made)
      await writeEvent(tx, clock, row.account_id, {
        type: 'user.provisioned',
        data: {
          userId: row.id,
          userName: row.user_name,
          externalId: row.external_id,
          active: row.active === 1,
        },
      });
  });
}
