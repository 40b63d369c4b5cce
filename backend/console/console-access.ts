// Who may enter the console through SSO: members of the admins group mapped
// in step 3, by the SAML groups claim or by SCIM membership. An admin the IdP
// has not provisioned yet is created just in time.
import { sql } from 'kysely';
import { LatchkeyError } from '../../common/latchkey-error.ts';
import { findUser } from '../access/find-user.ts';
import { insertJitUser } from '../access/jit-user.ts';
import { claimMatches } from '../access/group-rule.ts';
import { newUserRow } from '../db/user-row.ts';
import { adminsGroupMembership } from '../access/admin-rights.ts';
import type { Clock } from '../clock.ts';
import type { Db } from '../db/types.ts';
import type { SamlProfile } from '../saml/attribute-presets.ts';

export async function decideConsoleAccess(
  db: Db,
  clock: Clock,
  accountId: string,
  profile: SamlProfile,
): Promise<string> {
  const config = await db
    .selectFrom('idp_configs')
    .selectAll()
    .where('account_id', '=', accountId)
    .executeTakeFirstOrThrow();
  const adminsGroup = { id: config.admins_group_id, name: config.admins_group_name };
  const evidence = { groups: profile.groups, adminsGroup, externalId: profile.externalId };
  const byClaim = claimMatches(profile.groups, adminsGroup);
  let user = await findUser(db, accountId, profile);
  const byScim = user
    ? (await adminsGroupMembership(db, accountId, user.id, adminsGroup)) === 'member'
    : false;
  if (!byClaim && !byScim) {
    if (profile.groupsOverage) {
      throw new LatchkeyError(
        'GROUPS_OVERAGE',
        'Entra sent groups.link and SCIM does not show the user in the admins group',
        evidence,
      );
    }
    throw new LatchkeyError('USER_NOT_IN_GROUP', 'not a member of the admins group', evidence);
  }
  const now = clock.now().toISOString();
  if (!user) {
    const name = profile.userName ?? profile.email ?? profile.externalId ?? 'unknown';
    const row = newUserRow(
      { accountId, userName: name, source: 'jit', now },
      {
        email: profile.email,
        given_name: profile.givenName,
        family_name: profile.familyName,
        external_id: profile.externalId,
        last_login_at: now,
      },
    );
    // Two first sign-ins of one new admin at once (two tabs, two nodes): the
    // unique (account, user name) constraint decides, and both read the one row.
    await insertJitUser(db, clock, row);
    user = await findUser(db, accountId, profile);
    if (!user) throw new Error('the just-in-time user was neither found nor created');
  }
  if (user.active !== 1) throw new LatchkeyError('USER_DEACTIVATED', 'the user is deactivated', evidence);
  await db
    .updateTable('account_users')
    .set({ last_login_at: now, version: sql`version + 1` })
    .where('id', '=', user.id)
    .execute();
  return user.id;
}
