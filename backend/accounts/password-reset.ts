// A new password for a user who signs in with one (the owner, the backup login), set by the
// operator (`latchkey-server reset-password`). Every console session of that user ends in the
// same transaction, so whoever held the old password is out at their next request.
import type { Clock } from '../clock.ts';
import { writeAudit } from '../audit/audit-log.ts';
import { inTransaction, type Db } from '../db/types.ts';
import { ApiError } from '../http/api-error.ts';
import { hashPassword } from './password.ts';

export interface PasswordReset {
  accountId: string;
  userId: string;
  email: string;
  sessionsEnded: number;
}

export async function resetPassword(
  db: Db,
  clock: Clock,
  input: { email: string; accountId?: string; password: string },
  actor: string,
): Promise<PasswordReset> {
  let query = db
    .selectFrom('account_users')
    .select(['id', 'account_id'])
    .where('email', '=', input.email)
    .where('password_hash', 'is not', null)
    .where('deleted_at', 'is', null);
  if (input.accountId) query = query.where('account_id', '=', input.accountId);
  const [user, ...others] = await query.execute();
  if (!user)
    throw new ApiError(404, 'user_not_found', `no user ${input.email} with a password login`, {
      field: 'email',
    });
  if (others.length > 0)
    throw new ApiError(
      409,
      'account_choice_required',
      `${input.email} has a password login in several accounts (${[user, ...others].map((u) => u.account_id).join(', ')}): pick one with --account`,
      { field: 'accountId' },
    );
  const passwordHash = await hashPassword(input.password);
  return inTransaction(db, async (tx) => {
    await tx
      .updateTable('account_users')
      .set({ password_hash: passwordHash, updated_at: clock.now().toISOString() })
      .where('id', '=', user.id)
      .execute();
    const ended = await tx.deleteFrom('console_sessions').where('user_id', '=', user.id).executeTakeFirst();
    const sessionsEnded = Number(ended.numDeletedRows);
    await writeAudit(tx, clock, {
      accountId: user.account_id,
      actor,
      action: 'user.password_reset',
      target: input.email,
      detail: { sessionsEnded },
    });
    return { accountId: user.account_id, userId: user.id, email: input.email, sessionsEnded };
  });
}
