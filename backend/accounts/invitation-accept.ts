// The invitee's side (issue 22 item 7), signed out: read what the link is for,
// then set a password. Accepting is one conditional UPDATE (not accepted, not
// revoked, not expired): of two accepts at once exactly one changes the row,
// on SQLite and on PostgreSQL alike, and only that one sets the password.
// Invited as the backup login, the person becomes the account's backup login
// in the same transaction: they proved the email and set a password, which is
// what step 7 asks of a backup login (no earlier sign-in needed).
import { z } from 'zod';
import type { InvitationDetails } from '../../common/console-api.ts';
import { inVerifiedDomain, passwordSignInRight } from '../access/password-sign-in.ts';
import { writeAudit } from '../audit/audit-log.ts';
import type { Clock } from '../clock.ts';
import { inTransaction, type Db } from '../db/types.ts';
import { ApiError } from '../http/api-error.ts';
import { passwordSchema } from './account-service.ts';
import { hashInvitationToken, invitationToken, inviterOf } from './invitations.ts';
import { hashPassword } from './password.ts';

export const invitationLookupInput = z.object({ token: invitationToken }).strict();
export const invitationAcceptInput = z.object({ token: invitationToken, password: passwordSchema }).strict();

async function invitationByToken(db: Db, token: string) {
  return db
    .selectFrom('invitations as i')
    .innerJoin('account_users as u', 'u.id', 'i.user_id')
    .innerJoin('accounts as a', 'a.id', 'i.account_id')
    .innerJoin('idp_configs as c', 'c.account_id', 'i.account_id')
    .selectAll('i')
    .select(['u.email', 'u.user_name', 'u.active', 'u.deleted_at', 'a.name as account_name', 'c.status'])
    .where('i.token_hash', '=', hashInvitationToken(token))
    .executeTakeFirst();
}

type InvitationRow = NonNullable<Awaited<ReturnType<typeof invitationByToken>>>;

/** Why a link cannot be used: unknown (404), or expired, used or revoked (410, with whom to ask). */
function unusable(row: InvitationRow | undefined, now: string): ApiError | undefined {
  if (!row)
    return new ApiError(
      404,
      'invitation_not_found',
      'This invitation link is not valid: check that you copied all of it, or ask for a new one',
      { field: 'token' },
    );
  const why = row.accepted_at
    ? 'was already used'
    : row.revoked_at
      ? 'was withdrawn'
      : row.expires_at <= now
        ? 'has expired'
        : row.active !== 1 || row.deleted_at !== null
          ? 'is for a user who was removed'
          : undefined;
  if (!why) return undefined;
  return new ApiError(
    410,
    'invitation_unusable',
    `This invitation ${why}: ask ${inviterOf(row.created_by)} for a new one`,
    { field: 'token', details: { invitedBy: inviterOf(row.created_by) } },
  );
}

async function ssoRequiredFor(db: Db, row: InvitationRow): Promise<boolean> {
  return (
    row.status === 'active' &&
    row.role === 'console_admin' &&
    (await inVerifiedDomain(db, row.account_id, row.email))
  );
}

export async function lookupInvitation(db: Db, clock: Clock, token: string): Promise<InvitationDetails> {
  const row = await invitationByToken(db, token);
  const refusal = unusable(row, clock.now().toISOString());
  if (refusal || !row) throw refusal;
  return {
    accountName: row.account_name,
    email: row.email ?? row.user_name,
    role: row.role,
    invitedBy: inviterOf(row.created_by),
    expiresAt: row.expires_at,
    ssoRequired: await ssoRequiredFor(db, row),
  };
}

export interface AcceptedInvitation {
  accountId: string;
  userId: string;
  /** Whether the new password opens a console session now (not when SSO is required of this admin). */
  signIn: 'password' | 'backup' | 'sso-required';
}

/** The one-time spend: the conditional UPDATE decides (two accepts at once: exactly one wins). */
async function spendInvitation(tx: Db, before: InvitationRow, token: string, now: string): Promise<void> {
  const won = await tx
    .updateTable('invitations')
    .set({ accepted_at: now })
    .where('id', '=', before.id)
    .where('token_hash', '=', before.token_hash)
    .where('accepted_at', 'is', null)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', now)
    .executeTakeFirst();
  if (Number(won.numUpdatedRows) > 0) return;
  throw (
    unusable(await invitationByToken(tx, token), now) ??
    new ApiError(
      410,
      'invitation_unusable',
      `This invitation was already used: ask ${inviterOf(before.created_by)} for a new one`,
    )
  );
}

/** A Backup login invitee becomes step 7's backup login, audited. */
async function makeBackupLogin(tx: Db, clock: Clock, before: InvitationRow, email: string, now: string) {
  await tx
    .updateTable('idp_configs')
    .set({ backup_user_id: before.user_id, updated_at: now })
    .where('account_id', '=', before.account_id)
    .execute();
  await writeAudit(tx, clock, {
    accountId: before.account_id,
    actor: `user:${email}`,
    action: 'integration.backup_login_set',
    detail: { userId: before.user_id, by: 'invitation', invitationId: before.id },
  });
}

/** What the new password opens now: a session, or nothing where SSO is this admin's way in. */
async function signInAfterAccepting(
  db: Db,
  before: InvitationRow,
  email: string,
): Promise<AcceptedInvitation['signIn']> {
  const config = await db
    .selectFrom('idp_configs')
    .select(['status', 'backup_user_id'])
    .where('account_id', '=', before.account_id)
    .executeTakeFirstOrThrow();
  const right = await passwordSignInRight(db, {
    accountId: before.account_id,
    userId: before.user_id,
    email,
    status: config.status,
    backupUserId: config.backup_user_id,
  });
  return right === 'sso-required' ? 'sso-required' : right === 'backup' ? 'backup' : 'password';
}

export async function acceptInvitation(
  db: Db,
  clock: Clock,
  input: z.infer<typeof invitationAcceptInput>,
): Promise<AcceptedInvitation> {
  const before = await invitationByToken(db, input.token);
  const refusal = unusable(before, clock.now().toISOString());
  if (refusal || !before) throw refusal;
  // The costly hash before the transaction; the conditional UPDATE in spendInvitation decides.
  const passwordHash = await hashPassword(input.password);
  const now = clock.now().toISOString();
  const email = before.email ?? before.user_name;
  await inTransaction(db, async (tx) => {
    await spendInvitation(tx, before, input.token, now);
    // Accepting signs the person in (or proves the email where SSO is their way in): a sign-in.
    await tx
      .updateTable('account_users')
      .set({ password_hash: passwordHash, last_login_at: now, updated_at: now })
      .where('id', '=', before.user_id)
      .execute();
    if (before.role === 'backup_login') await makeBackupLogin(tx, clock, before, email, now);
    await writeAudit(tx, clock, {
      accountId: before.account_id,
      actor: `user:${email}`,
      action: 'invitation.accepted',
      target: email,
      detail: { invitationId: before.id, role: before.role },
    });
  });
  return {
    accountId: before.account_id,
    userId: before.user_id,
    signIn: await signInAfterAccepting(db, before, email),
  };
}
