// Who may use a password to enter the console: the one rule for a password
// sign-in (console/password-login.ts) and for every request of a password
// session (http/sessions.ts), so the two can never disagree.
// - While the integration is not active: any active local user with a password.
// - Once it is active, SSO is enforced, except for
//   - the backup login (step 7): the way in when the IdP is down;
//   - an outside collaborator: a person invited to the console (issue 22 item 7)
//     whose email is not in one of the account's verified domains — a consultant,
//     a parent company's admin. Their company's IdP is not ours: our IdP cannot
//     sign them in, so requiring SSO would lock them out. An invited admin whose
//     email is in a verified domain belongs to our IdP and uses SSO like everyone.
import type { Db } from '../db/types.ts';

export interface PasswordSignInFacts {
  accountId: string;
  userId: string;
  email: string | null;
  status: 'active' | 'inactive';
  backupUserId: string | null;
}

export type PasswordSignInRight = 'password' | 'backup' | 'outside-collaborator' | 'sso-required';

/** Whether `email`'s domain is one of the account's verified domains (or a subdomain of one). */
export async function inVerifiedDomain(db: Db, accountId: string, email: string | null): Promise<boolean> {
  const domain = email?.slice(email.lastIndexOf('@') + 1).toLowerCase();
  if (!domain) return false;
  const verified = await db
    .selectFrom('domains')
    .select('name')
    .where('account_id', '=', accountId)
    .where('verified_at', 'is not', null)
    .execute();
  return verified.some((d) => domain === d.name || domain.endsWith(`.${d.name}`));
}

export async function passwordSignInRight(db: Db, facts: PasswordSignInFacts): Promise<PasswordSignInRight> {
  if (facts.status !== 'active') return 'password';
  if (facts.backupUserId === facts.userId) return 'backup';
  const invited = await db
    .selectFrom('invitations')
    .select('id')
    .where('account_id', '=', facts.accountId)
    .where('user_id', '=', facts.userId)
    .where('accepted_at', 'is not', null)
    .executeTakeFirst();
  if (invited && !(await inVerifiedDomain(db, facts.accountId, facts.email))) return 'outside-collaborator';
  return 'sso-required';
}
