// A directory group and its members written straight into the database, as
// SCIM would have left them: for tests that need a group of N users without
// N SCIM requests (app invitations to a whole group, batches of 300).
import type { Db } from '../../backend/db/types.ts';

export interface SeededMember {
  id: string;
  userName: string;
  email: string | null;
}

/** A group named `name` with one member per entry of `emails` (null: a user without an email). */
export async function seedDirectoryGroup(
  db: Db,
  accountId: string,
  name: string,
  emails: readonly (string | null)[],
): Promise<{ groupId: string; members: SeededMember[] }> {
  const now = new Date().toISOString();
  const groupId = crypto.randomUUID();
  await db
    .insertInto('groups')
    .values({
      id: groupId,
      account_id: accountId,
      display_name: name,
      display_name_key: name.toLowerCase(),
      external_id: null,
      version: 1,
      created_at: now,
      updated_at: now,
    })
    .execute();
  const users = emails.map((email, i) => {
    const userName = email ?? `member${i}-${groupId.slice(0, 8)}`;
    return {
      id: crypto.randomUUID(),
      account_id: accountId,
      user_name: userName,
      user_name_key: userName.toLowerCase(),
      email,
      source: 'scim' as const,
      active: 1 as const,
      is_owner: 0 as const,
      version: 1,
      created_at: now,
      updated_at: now,
    };
  });
  // In chunks: PostgreSQL takes at most 65,535 parameters in one statement.
  for (let i = 0; i < users.length; i += 100) {
    const chunk = users.slice(i, i + 100);
    await db.insertInto('account_users').values(chunk).execute();
    await db
      .insertInto('group_members')
      .values(
        chunk.map((u) => ({
          group_id: groupId,
          user_id: u.id,
          account_id: accountId,
          display: null,
          added_at: now,
        })),
      )
      .execute();
  }
  return { groupId, members: users.map((u) => ({ id: u.id, userName: u.user_name, email: u.email })) };
}
