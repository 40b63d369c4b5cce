// Who may hold a seat (DESIGN.md step 6): an active, provisioned user in the
// desktop-users group or in a group holding a sublicense, with a seat free in
// that license or sublicense. Seats count users, not devices. Sublicenses
// split a license's seats among groups; the rest is the desktop group's pool.
import { sql } from 'kysely';
import { LatchkeyError } from '../../common/latchkey-error.ts';
import type { Clock } from '../clock.ts';
import type { LicensesTable } from '../db/schema.ts';
import type { Db } from '../db/types.ts';

export interface Entitlement {
  license: LicensesTable;
  sublicenseId: string | null;
}

interface GroupRef {
  id: string;
  external_id: string | null;
  display_name_key: string;
}

const matches = (g: GroupRef, id: string | null, name: string | null) =>
  (id !== null && (g.external_id === id || g.id === id)) ||
  (name !== null && g.display_name_key === name.toLowerCase());

async function seatsTaken(
  db: Db,
  licenseId: string,
  sublicenseId: string | null,
  exceptUserId: string,
): Promise<number> {
  const row = await db
    .selectFrom('activations')
    .select(sql<number>`count(distinct user_id)`.as('n'))
    .where('license_id', '=', licenseId)
    .where('revoked_at', 'is', null)
    .where((eb) =>
      sublicenseId === null ? eb('sublicense_id', 'is', null) : eb('sublicense_id', '=', sublicenseId),
    )
    .where('user_id', '!=', exceptUserId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** `claimGroups`: the SAML groups claim at sign-in, used where SCIM has not provisioned membership. */
export async function decideEntitlement(
  db: Db,
  clock: Clock,
  accountId: string,
  userId: string,
  claimGroups: string[] = [],
): Promise<Entitlement> {
  const user = await db
    .selectFrom('account_users')
    .select(['id', 'active', 'deleted_at'])
    .where('id', '=', userId)
    .where('account_id', '=', accountId)
    .executeTakeFirst();
  if (!user || user.deleted_at)
    throw new LatchkeyError('USER_NOT_PROVISIONED', 'the user is not provisioned in this account', {
      userId,
    });
  if (user.active !== 1) throw new LatchkeyError('USER_DEACTIVATED', 'the user is deactivated', { userId });

  const config = await db
    .selectFrom('idp_configs')
    .select(['desktop_group_id', 'desktop_group_name'])
    .where('account_id', '=', accountId)
    .executeTakeFirstOrThrow();
  const groups = await db
    .selectFrom('group_members as m')
    .innerJoin('groups as g', 'g.id', 'm.group_id')
    .select(['g.id', 'g.external_id', 'g.display_name_key'])
    .where('m.user_id', '=', userId)
    .execute();
  const now = clock.now().toISOString();
  const licenses = await db
    .selectFrom('licenses')
    .selectAll()
    .where('account_id', '=', accountId)
    .orderBy('expires_at', 'desc')
    .execute();
  const live = licenses.filter((l) => l.expires_at > now);
  const evidence = {
    groups: groups.map((g) => g.external_id ?? g.id),
    claimGroups,
    licenses: licenses.length,
  };
  if (licenses.length > 0 && live.length === 0)
    throw new LatchkeyError('LICENSE_EXPIRED', 'every license of the account has expired', evidence);

  for (const license of live) {
    const subs = await db
      .selectFrom('sublicenses')
      .selectAll()
      .where('license_id', '=', license.id)
      .execute();
    for (const sub of subs) {
      if (!groups.some((g) => g.id === sub.group_id)) continue;
      if ((await seatsTaken(db, license.id, sub.id, userId)) < Number(sub.seats))
        return { license, sublicenseId: sub.id };
      throw new LatchkeyError(
        'NO_SEATS_AVAILABLE',
        `every seat of the group's sublicense is taken (${sub.seats})`,
        evidence,
      );
    }
    const inDesktopGroup =
      groups.some((g) => matches(g, config.desktop_group_id, config.desktop_group_name)) ||
      claimGroups.some(
        (c) =>
          c === config.desktop_group_id ||
          c.toLowerCase() === (config.desktop_group_name ?? '').toLowerCase(),
      );
    if (!inDesktopGroup) continue;
    const pool = Number(license.seats) - subs.reduce((sum, s) => sum + Number(s.seats), 0);
    if ((await seatsTaken(db, license.id, null, userId)) < pool) return { license, sublicenseId: null };
    throw new LatchkeyError('NO_SEATS_AVAILABLE', `every seat of the license is taken (${pool})`, evidence);
  }
  if (live.length === 0)
    throw new LatchkeyError('NO_SEATS_AVAILABLE', 'the account has no license', evidence);
  throw new LatchkeyError(
    'USER_NOT_IN_GROUP',
    'the user is not in the desktop-users group nor in a group with a sublicense',
    evidence,
  );
}
