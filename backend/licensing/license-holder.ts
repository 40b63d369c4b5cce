// Who a license is for, as the service stores the user: the provisioned email
// (else the userName, which IdPs set to the UPN/email) and the display name.
// Signed into the license so that the app names the real holder, never the
// email typed into it (DESIGN.md, flow step 9).
import type { Db } from '../db/types.ts';
import { userEmailOf } from '../db/user-row.ts';
import type { LicenseHolder } from './license-token.ts';

export const holderOf = (user: {
  email: string | null;
  user_name: string;
  display_name: string | null;
}): LicenseHolder => ({
  email: userEmailOf(user),
  name: user.display_name,
});

/** The holder from the user row the decision already read (under the lock), else read now. */
export const holderFromDecision = (
  db: Db,
  decision: { user: Parameters<typeof holderOf>[0] | null },
  userId: string,
): Promise<LicenseHolder> =>
  decision.user ? Promise.resolve(holderOf(decision.user)) : readLicenseHolder(db, userId);

export async function readLicenseHolder(db: Db, userId: string): Promise<LicenseHolder> {
  const user = await db
    .selectFrom('account_users')
    .select(['email', 'user_name', 'display_name'])
    .where('id', '=', userId)
    .executeTakeFirstOrThrow();
  return holderOf(user);
}
