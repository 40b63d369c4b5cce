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
    accountId: z.uuid().optional(),
  })
  .strict();

export type PasswordLoginInput = z.infer<typeof passwordLoginInput>;

export interface LoginOutcome {
  accountId: string;
  userId: string;
  via: SessionVia;
}

const invalidCredentials = () => new ApiError(401, 'invalid_credentials', 'wrong email or password');

export async function passwordLogin(
  db: Db,
  clock: Clock,
  input: PasswordLoginInput,
  context: { trustedDevice: boolean } = { trustedDevice: false },
): Promise<LoginOutcome> {
  let query = db
    .selectFrom('account_users as u')
    .innerJoin('idp_configs as c', 'c.account_id', 'u.account_id')
    .innerJoin('accounts as a', 'a.id', 'u.account_id')
    .select(['u.id', 'u.account_id', 'u.password_hash', 'u.active', 'c.status', 'c.backup_user_id', 'a.name'])
    .where('u.email', '=', input.email)
    .where('u.password_hash', 'is not', null);
  if (input.accountId) query = query.where('u.account_id', '=', input.accountId);
  const candidates = await query.execute();
  if (candidates.length === 0) {
    await burnPasswordCheck(input.password);
    throw invalidCredentials();
  }
  const matching = [];
  for (const c of candidates) {
    if (c.password_hash && (await verifyPassword(input.password, c.password_hash))) matching.push(c);
  }
  const [user, ...others] = matching;
  if (!user) throw invalidCredentials();
  if (others.length > 0) {
    throw new ApiError(409, 'account_choice_required', 'this email belongs to several accounts: pick one', {
      field: 'accountId',
      details: matching.map((m) => ({ accountId: m.account_id, name: m.name })),
    });
  }
  if (user.active !== 1) throw new ApiError(403, 'user_deactivated', 'this user is deactivated');
  const right = await passwordSignInRight(db, {
    accountId: user.account_id,
    userId: user.id,
    email: input.email,
    status: user.status,
    backupUserId: user.backup_user_id,
  });
  if (right === 'sso-required') {
    throw new ApiError(
      403,
      'sso_required',
      'single sign-on is active for this account: sign in with SSO, or with the backup login',
    );
  }
  const now = clock.now().toISOString();
  await db.updateTable('account_users').set({ last_login_at: now }).where('id', '=', user.id).execute();
  // Signed in with a password: step 7's default backup login when none is set yet.
  if (user.backup_user_id === null) {
    await adoptDefaultBackupLogin(db, clock, user.account_id, user.id, `user:${input.email}`);
  }
  const via: SessionVia = right === 'backup' ? 'backup' : 'password';
  await writeAudit(db, clock, {
    accountId: user.account_id,
    actor: `user:${input.email}`,
    action: 'console.login',
    // trustedDevice: held to its device cookie's counter, not the per-email/address lockout.
    detail: { via, ...(context.trustedDevice && { trustedDevice: true }) },
  });
  return { accountId: user.account_id, userId: user.id, via };
}
