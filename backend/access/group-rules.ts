// Rule 5 (SSO only): the user is in the desktop-users group mapped in step 3
// or in a group that holds a sublicense. Membership is SCIM's where SCIM has
// provisioned it, else the SAML groups claim of the sign-in. Entra sends
// `groups.link` instead of groups past 150 groups: then only SCIM can show
// membership, and a refusal says so (GROUPS_OVERAGE). The access check reads
// the claim of the user's last sign-in instead (rule-types.ts, lastSignIn).
import { LatchkeyError } from '../../common/latchkey-error.ts';
import { claimAsGroup, groupMatches } from './group-rule.ts';
import type { AccessRule } from './rule-types.ts';
import { lastSignInClaim } from './sign-in-claims.ts';

export const groupRule: AccessRule = {
  id: 'group',
  title: 'In the desktop-users group or a group with a sublicense',
  codes: ['USER_NOT_IN_GROUP', 'GROUPS_OVERAGE'],
  async check(db, _now, request, state) {
    const accountId = state.accountId ?? '';
    const config = await db
      .selectFrom('idp_configs')
      .select(['desktop_group_id', 'desktop_group_name'])
      .where('account_id', '=', accountId)
      .executeTakeFirst();
    state.desktopGroup = { id: config?.desktop_group_id ?? null, name: config?.desktop_group_name ?? null };
    state.scimGroups = state.user
      ? await db
          .selectFrom('group_members as m')
          .innerJoin('groups as g', 'g.id', 'm.group_id')
          .select(['g.id', 'g.external_id', 'g.display_name_key', 'g.display_name'])
          .where('m.user_id', '=', state.user.id)
          .execute()
      : [];
    const subGroups = await db
      .selectFrom('sublicenses as s')
      .innerJoin('licenses as l', 'l.id', 's.license_id')
      .select('s.group_id')
      .where('l.account_id', '=', accountId)
      .execute();
    const remembered = request.lastSignIn && state.user ? await lastSignInClaim(db, state.user.id) : null;
    const claim = request.lastSignIn
      ? remembered && { groups: [], overage: remembered.overage }
      : (request.claim ?? null);
    const matched = [
      ...state.scimGroups
        .filter((g) => groupMatches(g, state.desktopGroup))
        .map((g) => ({ group: g.display_name, via: 'scim', grants: 'desktop-users' })),
      ...(claim?.groups ?? [])
        .filter((value) => groupMatches(claimAsGroup(value), state.desktopGroup))
        .map((value) => ({ group: value, via: 'saml-claim', grants: 'desktop-users' })),
      ...state.scimGroups
        .filter((g) => subGroups.some((s) => s.group_id === g.id))
        .map((g) => ({ group: g.display_name, via: 'scim', grants: 'sublicense' })),
    ];
    const evidence = {
      desktopGroup: state.desktopGroup,
      scimGroups: state.scimGroups.map((g) => g.display_name),
      claimGroups: request.lastSignIn ? null : (claim?.groups ?? null),
      ...(request.lastSignIn && { lastSignInClaim: remembered }),
      ...(claim?.overage && { groupsOverage: true }),
      matched,
    };
    if (matched.length > 0) return evidence;
    if (claim?.overage)
      throw new LatchkeyError(
        'GROUPS_OVERAGE',
        'groups.link instead of groups, and SCIM shows no qualifying membership',
        evidence,
      );
    throw new LatchkeyError(
      'USER_NOT_IN_GROUP',
      'the user is not in the desktop-users group nor in a group with a sublicense',
      evidence,
    );
  },
};
