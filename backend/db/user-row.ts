// A new account_users row with the defaults every kind of user starts from
// (local owner, SCIM-provisioned, just-in-time from SSO); callers set the rest.
import { randomUUID } from 'node:crypto';
import type { AccountUsersTable, UserSource } from './schema.ts';

export function newUserRow(
  base: { accountId: string; userName: string; source: UserSource; now: string },
  fields: Partial<AccountUsersTable> = {},
): AccountUsersTable {
  return {
    id: randomUUID(),
    account_id: base.accountId,
    user_name: base.userName,
    user_name_key: base.userName.toLowerCase(),
    email: base.userName.includes('@') ? base.userName.toLowerCase() : null,
    display_name: null,
    given_name: null,
    family_name: null,
    password_hash: null,
    source: base.source,
    external_id: null,
    active: 1,
    is_owner: 0,
    scim_resource: null,
    version: 1,
    last_login_at: null,
    deleted_at: null,
    created_at: base.now,
    updated_at: base.now,
    ...fields,
  };
}

/**
 * The email a user is known by — the provisioned email, else the userName
 * (IdPs set it to the UPN/email) — lowercased: the one reading for the
 * license's holder and the sign-in's login_hint comparison.
 */
export const userEmailOf = (user: { email: string | null; user_name: string }): string =>
  (user.email ?? user.user_name).toLowerCase();
