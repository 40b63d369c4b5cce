// Email + password sign-in to the console. Who may (any local user with a
// password until the integration is active; then the backup login and outside
// collaborators) is decided in access/password-sign-in.ts, the rule every
// request of a password session is held to as well.
import { z } from 'zod';
import { passwordSignInRight } from '../access/password-sign-in.ts';
import { burnPasswordCheck, verifyPassword } from '../accounts/password.ts';
import { emailSchema } from '../accounts/account-service.ts';
import { adoptDefaultBackupLogin } from '../accounts/default-backup-login.ts';
import { writeAudit } from '../audit/audit-log.ts';
import type { Clock } from '../clock.ts';
import type { SessionVia } from '../db/schema.ts';
import type { Db } from '../db/types.ts';
import { ApiError } from '../http/api-error.ts';

export const passwordLoginInput = z
  .object({
    email: emailSchema,
    password: z.string().min(1).max(1024),
    /** Only this account (a caller that knows which one it wants). */
    accountId: z.uuid().optional(),
    /** "Add a business account": the grants join the browser's session instead of a new one. */
    addWorkspace: z.boolean().optional(),
  })
  .strict();

export type PasswordLoginInput = z.infer<typeof passwordLoginInput>;

export interface LoginGrant {
  accountId: string;
  userId: string;
  via: SessionVia;
}

const invalidCredentials = () => new ApiError(401, 'invalid_credentials', 'wrong email or password');

type Candidate = {
  id: string;
  account_id: string;
  active: number;
  status: 'active' | 'inactive';
  backup_user_id: string | null;
};

/** This account's answer to a password sign-in by this user: the session's `via`, or why not. */
async function verdictOf(db: Db, user: Candidate, email: string): Promise<SessionVia | ApiError> {
  if (user.active !== 1) return new ApiError(403, 'user_deactivated', 'this user is deactivated');
  const right = await passwordSignInRight(db, {
    accountId: user.account_id,
    userId: user.id,
    email,
    status: user.status,
    backupUserId: user.backup_user_id,
  });
  if (right === 'sso-required') {
    return new ApiError(
      403,
      'sso_required',
      'single sign-on is active for this account: sign in with SSO, or with the backup login',
    );
  }
  return right === 'backup' ? 'backup' : 'password';
}

/**
 * Every account where this email and password pass the rules becomes a
 * workspace of the session. The password is what proves each one: an account
 * is never granted because the email matches (sign-up emails are not
 * verified, so anyone may sign an account up under someone else's address).
 */
export async function passwordLogin(
  db: Db,
  clock: Clock,
  input: PasswordLoginInput,
  context: { trustedDevice: boolean } = { trustedDevice: false },
): Promise<LoginGrant[]> {
  let query = db
    .selectFrom('account_users as u')
    .innerJoin('idp_configs as c', 'c.account_id', 'u.account_id')
    .select(['u.id', 'u.account_id', 'u.password_hash', 'u.active', 'c.status', 'c.backup_user_id'])
    .where('u.email', '=', input.email)
    .where('u.password_hash', 'is not', null);
  if (input.accountId) query = query.where('u.account_id', '=', input.accountId);
  const candidates = await query.execute();
  if (candidates.length === 0) {
    await burnPasswordCheck(input.password);
    throw invalidCredentials();
  }
  const matching: Candidate[] = [];
  for (const c of candidates) {
    if (c.password_hash && (await verifyPassword(input.password, c.password_hash))) matching.push(c);
  }
  if (matching.length === 0) throw invalidCredentials();
  const grants: LoginGrant[] = [];
  let firstRefusal: ApiError | null = null;
  for (const user of matching) {
    const verdict = await verdictOf(db, user, input.email);
    if (verdict instanceof ApiError) firstRefusal ??= verdict;
    else grants.push(await recordLogin(db, clock, user, verdict, input.email, context));
  }
  // None allowed: the first refusal says why (deactivated, or SSO required).
  if (grants.length === 0) throw firstRefusal ?? invalidCredentials();
  return grants;
}

async function recordLogin(
  db: Db,
  clock: Clock,
  user: Candidate,
  via: SessionVia,
  email: string,
  context: { trustedDevice: boolean },
): Promise<LoginGrant> {
  const now = clock.now().toISOString();
  await db.updateTable('account_users').set({ last_login_at: now }).where('id', '=', user.id).execute();
  // Signed in with a password: step 7's default backup login when none is set yet.
  if (user.backup_user_id === null) {
    await adoptDefaultBackupLogin(db, clock, user.account_id, user.id, `user:${email}`);
  }
  await writeAudit(db, clock, {
    accountId: user.account_id,
    actor: `user:${email}`,
    action: 'console.login',
    // trustedDevice: held to its device cookie's counter, not the per-email/address lockout.
    detail: { via, ...(context.trustedDevice && { trustedDevice: true }) },
  });
  return { accountId: user.account_id, userId: user.id, via };
}
