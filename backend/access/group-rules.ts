// Rule 5 (SSO only): the user is in the desktop-users group mapped in step 3
// or in a group that holds a sublicense.
//
// Which source wins (issue 21 item 1; DESIGN.md §Flow step 6): SCIM
// membership is the source of truth, on every way in — the browser step, the
// licensing API's issuance, check-in and the access check read the same
// rows, so they cannot disagree. The SAML groups claim does not add
// membership; it only names the refusal: Entra sends `groups.link` instead of
// groups past 150 groups, and then the refusal says so (GROUPS_OVERAGE). The
// claim is this sign-in's (the ACS), the one bound to the token's grant (the
// licensing API), or the last sign-in's (check-in, the access check).
// Without SCIM (step 5), the claim is the membership: claim-membership.ts.
import { LatchkeyError } from '../../common/latchkey-error.ts';
import { checkClaimMembership } from './claim-membership.ts';
import { groupMatches } from './group-rule.ts';
import type { AccessRule } from './rule-types.ts';
import { lastSignInClaim } from './sign-in-claims.ts';

export const groupRule: AccessRule = {
  id: 'group',
  title: 'In the desktop-users group or a group with a sublicense',
  codes: ['USER_NOT_IN_GROUP', 'GROUPS_OVERAGE', 'SIGN_IN_EXPIRED'],
  async check(db, now, request, state) {
    const accountId = state.accountId ?? '';
    const config = await db
      .selectFrom('idp_configs')
      .select(['desktop_group_id', 'desktop_group_name', 'provisioning', 'jit_renew_days'])
      .where('account_id', '=', accountId)
      .executeTakeFirst();
    state.desktopGroup = { id: config?.desktop_group_id ?? null, name: config?.desktop_group_name ?? null };
    if (config?.provisioning === 'jit')
      return checkClaimMembership(db, now, request, state, { mode: 'jit', renewDays: config.jit_renew_days });
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
    const remembered =
      !request.claim && request.lastSignIn && state.user ? await lastSignInClaim(db, state.user.id) : null;
    const claim = request.claim ?? remembered;
    const matched = [
      ...state.scimGroups
        .filter((g) => groupMatches(g, state.desktopGroup))
        .map((g) => ({ group: g.display_name, via: 'scim', grants: 'desktop-users' })),
      ...state.scimGroups
        .filter((g) => subGroups.some((s) => s.group_id === g.id))
        .map((g) => ({ group: g.display_name, via: 'scim', grants: 'sublicense' })),
    ];
    const evidence = {
      desktopGroup: state.desktopGroup,
      membership: 'from SCIM',
      scimGroups: state.scimGroups.map((g) => g.display_name),
      claimGroups: request.claim?.groups ?? null,
      ...(remembered && { lastSignInClaim: remembered }),
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
