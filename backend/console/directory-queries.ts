// Read-only views of the account's directory for the console's Users and
// Licenses screens and step 6: users with their groups and device counts,
// groups with member counts, and per-license seat use (its devices are a paged list: lists/device-list.ts).
import type { Selectable } from 'kysely';
import type { AccountUsersTable } from '../db/schema.ts';
import type { DirectoryGroup, DirectoryUser, LicenseUsage } from '../../common/console-directory.ts';
import type { Db } from '../db/types.ts';
import { seatHolders } from './seat-holders.ts';
import { membershipFromSignIn } from '../access/claim-membership.ts';
import { provisioningOf } from '../access/provisioning.ts';
import { overageUsage } from './overage-usage.ts';

/** Without SCIM (step 5): each user's membership is their last sign-in's groups claim. Null with SCIM. */
async function claimMembershipOf(db: Db, accountId: string, ids: string[]) {
  if ((await provisioningOf(db, accountId)).mode !== 'jit') return null;
  const rows = await db
    .selectFrom('sign_in_claims')
    .select(['user_id', 'groups', 'seen_at'])
    .where('account_id', '=', accountId)
    .where('user_id', 'in', ids)
    .execute();
  return new Map(
    rows.map((r) => {
      const groups: unknown = JSON.parse(r.groups);
      const names = Array.isArray(groups) ? groups.filter((g): g is string => typeof g === 'string') : [];
      return [r.user_id, { groups: names, from: membershipFromSignIn(r.seen_at) }];
    }),
  );
}

/** Each user's groups (by SCIM), by name. */
async function groupsOfUsers(db: Db, accountId: string, ids: string[]) {
  const memberships = await db
    .selectFrom('group_members as m')
    .innerJoin('groups as g', 'g.id', 'm.group_id')
    .select(['m.user_id', 'g.id', 'g.display_name'])
    .where('m.account_id', '=', accountId)
    .where('m.user_id', 'in', ids)
    .orderBy('g.display_name')
    .execute();
  const groupsOf = new Map<string, { id: string; name: string }[]>();
  for (const m of memberships) {
    const list = groupsOf.get(m.user_id) ?? [];
    list.push({ id: m.id, name: m.display_name });
    groupsOf.set(m.user_id, list);
  }
  return groupsOf;
}

/** How many live activations each user has. */
async function activeDevicesOf(db: Db, accountId: string, ids: string[]) {
  const devices = await db
    .selectFrom('activations')
    .select(['user_id', (eb) => eb.fn.countAll<string | number>().as('n')])
    .where('account_id', '=', accountId)
    .where('user_id', 'in', ids)
    .where('revoked_at', 'is', null)
    .groupBy('user_id')
    .execute();
  return new Map(devices.map((d) => [d.user_id, Number(d.n)]));
}

/** A page of users as the Users screen shows them: with their groups, live devices and (without SCIM) claimed groups. */
export async function describeDirectoryUsers(
  db: Db,
  accountId: string,
  users: Selectable<AccountUsersTable>[],
): Promise<DirectoryUser[]> {
  if (users.length === 0) return [];
  const ids = users.map((u) => u.id);
  const groupsOf = await groupsOfUsers(db, accountId, ids);
  const devicesOf = await activeDevicesOf(db, accountId, ids);
  const claimsOf = await claimMembershipOf(db, accountId, ids);
  return users.map((u) => ({
    id: u.id,
    userName: u.user_name,
    email: u.email,
    displayName: u.display_name,
    source: u.source,
    active: u.active === 1,
    isOwner: u.is_owner === 1,
    hasPassword: u.password_hash !== null,
    lastLoginAt: u.last_login_at,
    groups: groupsOf.get(u.id) ?? [],
    activeDevices: devicesOf.get(u.id) ?? 0,
    claimMembership:
      claimsOf?.get(u.id) ?? (claimsOf ? { groups: [], from: 'no sign-in yet, no SCIM' } : null),
  }));
}

export async function listDirectoryGroups(db: Db, accountId: string): Promise<DirectoryGroup[]> {
  const rows = await db
    .selectFrom('groups as g')
    .leftJoin('group_members as m', 'm.group_id', 'g.id')
    .select([
      'g.id',
      'g.display_name',
      'g.external_id',
      (eb) => eb.fn.count<string | number>('m.user_id').as('n'),
    ])
    .where('g.account_id', '=', accountId)
    .groupBy(['g.id', 'g.display_name', 'g.external_id'])
    .orderBy('g.display_name')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    name: r.display_name,
    externalId: r.external_id,
    members: Number(r.n),
  }));
}

export async function licenseUsage(db: Db, accountId: string): Promise<LicenseUsage[]> {
  const licenses = await db
    .selectFrom('licenses')
    .select('id')
    .where('account_id', '=', accountId)
    .orderBy('created_at')
    .execute();
  const held = await seatHolders(db, accountId);
  const overage = await overageUsage(db, accountId, held);
  return licenses.map(({ id }) => ({
    licenseId: id,
    seatsUsed: held.perLicense.get(id) ?? 0,
    ...(overage.get(id) ?? { overagePercent: 0, overSeats: 0, ceiling: 0 }),
    sublicenses: held.perPlace
      .filter((p) => p.licenseId === id && p.sublicenseId !== null)
      .map((p) => ({ id: p.sublicenseId ?? '', seatsUsed: p.used })),
  }));
}
