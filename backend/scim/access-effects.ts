// What follows, in the same transaction, when a user loses access over SCIM:
// deactivated or deleted → every activation revoked, console sessions ended,
// and the app's grants, refresh and access tokens deleted; removed from a
// group → the seats that group gave (the desktop-users pool, or its
// sublicense) revoked, and — once no group gives the user a seat any more —
// the app's tokens too (DESIGN.md "SCIM": activations and refresh tokens).
// The app learns at its next check-in.
import type { Transaction } from 'kysely';
import type { Clock } from '../clock.ts';
import type { Database } from '../db/schema.ts';
import { groupMatches, groupMatchesSql } from '../access/group-rule.ts';
import { revokeActivations } from '../access/revoke.ts';
import { revokeUserTokensFor } from '../oidc/port.ts';

export type AccessLossReason = 'deactivated' | 'deleted';

const reasonCode = { deactivated: 'USER_DEACTIVATED', deleted: 'USER_DEACTIVATED' } as const;

export async function revokeUserAccess(
  tx: Transaction<Database>,
  clock: Clock,
  accountId: string,
  userIds: string[],
  reason: AccessLossReason,
  options: { keepLocalLogin?: boolean } = {},
): Promise<void> {
  if (userIds.length === 0) return;
  let sessions = tx
    .deleteFrom('console_sessions')
    .where('account_id', '=', accountId)
    .where('user_id', 'in', userIds);
  // A backup login keeps its password sessions; what SSO opened follows the directory.
  if (options.keepLocalLogin) sessions = sessions.where('via', '=', 'sso');
  await sessions.execute();
  await revokeActivations(tx, clock, { accountId, userIds }, reasonCode[reason]);
  await revokeUserTokensFor(tx, clock, userIds, reasonCode[reason]);
}

export async function revokeGroupSeats(
  tx: Transaction<Database>,
  clock: Clock,
  accountId: string,
  groupId: string,
  userIds: string[],
): Promise<number> {
  if (userIds.length === 0) return 0;
  const group = await tx
    .selectFrom('groups')
    .select(['id', 'external_id', 'display_name_key'])
    .where('id', '=', groupId)
    .executeTakeFirst();
  const config = await tx
    .selectFrom('idp_configs')
    .select(['desktop_group_id', 'desktop_group_name'])
    .where('account_id', '=', accountId)
    .executeTakeFirst();
  let revoked = 0;
  const isDesktop =
    group && config && groupMatches(group, { id: config.desktop_group_id, name: config.desktop_group_name });
  if (isDesktop)
    revoked += await revokeActivations(
      tx,
      clock,
      { accountId, userIds, sublicenseId: null },
      'USER_NOT_IN_GROUP',
    );
  const subs = await tx.selectFrom('sublicenses').select('id').where('group_id', '=', groupId).execute();
  for (const sub of subs)
    revoked += await revokeActivations(
      tx,
      clock,
      { accountId, userIds, sublicenseId: sub.id },
      'USER_NOT_IN_GROUP',
    );
  if (isDesktop || subs.length > 0)
    await revokeUserTokensFor(
      tx,
      clock,
      await usersWithoutSeatGroup(tx, accountId, userIds, config),
      'USER_NOT_IN_GROUP',
    );
  return revoked;
}

/** Of these users, those in neither the desktop-users group nor a group with a sublicense. */
async function usersWithoutSeatGroup(
  tx: Transaction<Database>,
  accountId: string,
  userIds: string[],
  config: { desktop_group_id: string | null; desktop_group_name: string | null } | undefined,
): Promise<string[]> {
  const seated = await tx
    .selectFrom('group_members as m')
    .innerJoin('groups as g', 'g.id', 'm.group_id')
    .select('m.user_id')
    .where('m.user_id', 'in', userIds)
    .where('g.account_id', '=', accountId)
    .where((eb) =>
      eb.or([
        groupMatchesSql('g', {
          id: config?.desktop_group_id ?? null,
          name: config?.desktop_group_name ?? null,
        }),
        eb.exists(eb.selectFrom('sublicenses as s').select('s.id').whereRef('s.group_id', '=', 'g.id')),
      ]),
    )
    .execute();
  const still = new Set(seated.map((r) => r.user_id));
  return userIds.filter((id) => !still.has(id));
}
