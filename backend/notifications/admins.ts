// Who may receive notifications: the account's console admins with an email.
// That is whoever can enter the console (DESIGN.md "admin connects the IdP"):
// the owner and local users with a password (invited console admins, the
// backup login), members of the admins group mapped in step 3 (SCIM), and
// anyone who signed in to the console by SSO (their grant is a session row).
import { sql } from 'kysely';
import type { NotificationRecipient } from '../../common/console-notifications.ts';
import { groupMatchesSql } from '../access/group-rule.ts';
import type { Db } from '../db/types.ts';

export async function listConsoleAdmins(db: Db, accountId: string): Promise<NotificationRecipient[]> {
  const config = await db
    .selectFrom('idp_configs')
    .select(['admins_group_id', 'admins_group_name'])
    .where('account_id', '=', accountId)
    .executeTakeFirst();
  const adminsGroup = { id: config?.admins_group_id || null, name: config?.admins_group_name || null };
  const rows = await db
    .selectFrom('account_users as u')
    .select(['u.id', 'u.email', 'u.display_name', 'u.user_name'])
    .where('u.account_id', '=', accountId)
    .where('u.active', '=', 1)
    .where('u.deleted_at', 'is', null)
    .where('u.email', 'is not', null)
    .where((eb) =>
      eb.or([
        eb('u.is_owner', '=', 1),
        eb('u.password_hash', 'is not', null),
        eb.exists(
          eb
            .selectFrom('console_sessions as s')
            .select(sql`1`.as('one'))
            .where('s.user_id', '=', eb.ref('u.id'))
            .where('s.account_id', '=', accountId),
        ),
        ...(adminsGroup.id || adminsGroup.name
          ? [
              eb.exists(
                eb
                  .selectFrom('group_members as m')
                  .innerJoin('groups as g', 'g.id', 'm.group_id')
                  .select(sql`1`.as('one'))
                  .where('m.user_id', '=', eb.ref('u.id'))
                  .where('g.account_id', '=', accountId)
                  .where(groupMatchesSql('g', adminsGroup)),
              ),
            ]
          : []),
      ]),
    )
    .orderBy('u.email')
    .execute();
  return rows.map((r) => ({
    userId: r.id,
    email: r.email ?? '',
    name: r.display_name ?? r.user_name,
  }));
}
