// Whether SCIM shows a user in the admins group mapped in step 3, by the one
// group rule (access/group-rule.ts: its IdP id, our id, or its name). Used when an admin
// signs in through SSO (console/console-access.ts) and on every console request
// of an SSO session (http/sessions.ts), so a SCIM change takes effect at once.
import { groupMatchesSql } from './group-rule.ts';
import type { Db } from '../db/types.ts';

export interface AdminsGroup {
  id: string | null;
  name: string | null;
}

/** `unknown` when SCIM has not provisioned the admins group (then only the SAML claim speaks). */
export type AdminsGroupVerdict = 'member' | 'not-member' | 'unknown';

export async function adminsGroupMembership(
  db: Db,
  accountId: string,
  userId: string,
  group: AdminsGroup,
): Promise<AdminsGroupVerdict> {
  const { id, name } = group;
  if (!id && !name) return 'unknown';
  const rows = await db
    .selectFrom('groups as g')
    .leftJoin('group_members as m', (join) =>
      join.onRef('m.group_id', '=', 'g.id').on('m.user_id', '=', userId),
    )
    .select(['g.id', 'm.user_id'])
    .where('g.account_id', '=', accountId)
    .where(groupMatchesSql('g', { id: id || null, name: name || null }))
    .execute();
  if (rows.length === 0) return 'unknown';
  return rows.some((r) => r.user_id !== null) ? 'member' : 'not-member';
}
