// A session of the authorization server belongs to one person. When the app
// asks for a sign-in for another email (login_hint, OpenID Connect Core §3.1.2.1)
// than the session's user, the login prompt is due again: a shared computer
// never hands one person's sign-in to the next (DESIGN.md, flow step 2).
import type { interactionPolicy as Policy, KoaContextWithOIDC } from 'oidc-provider';
import type { Db } from '../db/types.ts';
import { userEmailOf } from '../db/user-row.ts';

export const loginHintMismatch = 'login_hint_mismatch';

/** The email the app typed, as it is compared: trimmed and lowercased. */
export const hintedEmail = (hint: unknown): string | null =>
  typeof hint === 'string' && hint.trim() ? hint.trim().toLowerCase() : null;

/** The email a user signs in as (their provisioned email, else userName), lowercased. */
export async function signInEmailOf(db: Db, userId: string): Promise<string | null> {
  const user = await db
    .selectFrom('account_users')
    .select(['email', 'user_name'])
    .where('id', '=', userId)
    .executeTakeFirst();
  return user ? userEmailOf(user) : null;
}

/** oidc-provider's default prompts, with the login prompt also due when login_hint names someone else. */
export function interactionPolicyFor(policy: typeof Policy, db: Db): Policy.Prompt[] {
  const prompts = policy.base();
  const login = prompts.get('login');
  if (!login) throw new Error("oidc-provider's base policy has no login prompt");
  login.checks.add(
    new policy.Check(
      loginHintMismatch,
      'login_hint names someone other than the signed-in user',
      async (ctx: KoaContextWithOIDC) => {
        const { oidc } = ctx;
        const hint = hintedEmail(oidc.params?.login_hint);
        // oidc-provider's "accountId" is our user (account_users.id).
        const userId = oidc.session?.accountId;
        // A login just finished in this interaction stands, whoever it turned out to be
        // (the person typed bob@ but signed in as alice@: the app says so, item by item).
        if (!hint || !userId || oidc.result?.login) return policy.Check.NO_NEED_TO_PROMPT;
        return (await signInEmailOf(db, userId)) === hint
          ? policy.Check.NO_NEED_TO_PROMPT
          : policy.Check.REQUEST_PROMPT;
      },
    ),
  );
  return prompts;
}
