// Inviting a person to the console by email (issue 22 item 7), as a console
// admin or as the backup login: a local user without a password, and a
// one-time link (7 days) through which they set one (invitation-accept.ts).
// The link's token is 256 random bits; only its SHA-256 is stored, and it
// appears in no log line or audit detail. There is no mail sender yet (the
// issue "Events out"): the console shows the link once, for the inviter to pass on.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Transaction } from 'kysely';
import { z } from 'zod';
import type { Invitation } from '../../common/console-api.ts';
import { writeAudit } from '../audit/audit-log.ts';
import type { Clock } from '../clock.ts';
import type { Database, InvitationsTable } from '../db/schema.ts';
import { inTransaction, type Db } from '../db/types.ts';
import { isUniqueViolation } from '../db/unique-violation.ts';
import { newUserRow } from '../db/user-row.ts';
import { ApiError } from '../http/api-error.ts';
import { emailSchema } from './account-service.ts';

export const invitationDays = 7;

export const invitationInput = z
  .object({
    email: emailSchema,
    role: z.enum(['console_admin', 'backup_login'], { message: 'choose Console admin or Backup login' }),
  })
  .strict();

/** The link's token: 32 random bytes, base64url (43 characters). */
export const invitationToken = z.string().regex(/^[A-Za-z0-9_-]{43}$/, { message: 'not an invitation link' });

export const hashInvitationToken = (token: string): string =>
  createHash('sha256').update(token).digest('hex');

/** The inviter as people read it: the email of `user:<email>`. */
export const inviterOf = (createdBy: string): string => createdBy.replace(/^user:/, '');

export interface IssuedInvitation {
  invitation: Invitation;
  /** The one-time token: shown once (in the link), never stored. */
  token: string;
}

function newToken(clock: Clock) {
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(clock.now().getTime() + invitationDays * 86400_000).toISOString();
  return { token, tokenHash: hashInvitationToken(token), expiresAt };
}

function view(row: InvitationsTable, email: string, clock: Clock): Invitation {
  return {
    id: row.id,
    email,
    role: row.role,
    invitedBy: inviterOf(row.created_by),
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    expired: row.expires_at <= clock.now().toISOString(),
  };
}

/** The local user the invitation is for: an existing one without a password, or a new one. */
async function inviteeFor(tx: Transaction<Database>, accountId: string, email: string, now: string) {
  const find = () =>
    tx
      .selectFrom('account_users')
      .select(['id', 'source', 'password_hash'])
      .where('account_id', '=', accountId)
      .where('deleted_at', 'is', null)
      .where((eb) => eb.or([eb('email', '=', email), eb('user_name_key', '=', email)]))
      .executeTakeFirst();
  const existing = await find();
  if (existing && existing.source !== 'local')
    throw new ApiError(
      409,
      'invitee_has_sso',
      `${email} already has access through your IdP (single sign-on): they sign in with SSO, or choose another email`,
      { field: 'email' },
    );
  if (existing?.password_hash)
    throw new ApiError(
      409,
      'invitee_has_password',
      `${email} already signs in to this console with a password: choose them in step 7 for the backup login, or choose another email`,
      { field: 'email' },
    );
  if (existing) return existing.id;
  // Two invitations of one new email at once: the unique (account, user name) constraint decides.
  await tx
    .insertInto('account_users')
    .values(newUserRow({ accountId, userName: email, source: 'local', now }))
    .onConflict((oc) => oc.columns(['account_id', 'user_name_key']).doNothing())
    .execute();
  const created = await find();
  if (!created) throw new Error('the invited user was neither found nor created');
  return created.id;
}

/** The same email invited again: the new link replaces the old one, which dies. */
async function withdrawPending(tx: Db, userId: string, now: string): Promise<boolean> {
  const replaced = await tx
    .updateTable('invitations')
    .set({ revoked_at: now })
    .where('user_id', '=', userId)
    .where('accepted_at', 'is', null)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(replaced.numUpdatedRows) > 0;
}

/** A new pending invitation row (a fresh one-time token, 7 days) for this user and role. */
async function insertInvitation(
  tx: Db,
  clock: Clock,
  fields: { accountId: string; userId: string; role: InvitationsTable['role']; actor: string; now: string },
): Promise<{ row: InvitationsTable; token: string }> {
  const { token, tokenHash, expiresAt } = newToken(clock);
  const row: InvitationsTable = {
    id: randomUUID(),
    account_id: fields.accountId,
    user_id: fields.userId,
    role: fields.role,
    token_hash: tokenHash,
    created_by: fields.actor,
    created_at: fields.now,
    expires_at: expiresAt,
    accepted_at: null,
    revoked_at: null,
  };
  await tx.insertInto('invitations').values(row).execute();
  return { row, token };
}

export async function createInvitation(
  db: Db,
  clock: Clock,
  accountId: string,
  input: z.infer<typeof invitationInput>,
  actor: string,
): Promise<IssuedInvitation> {
  const now = clock.now().toISOString();
  try {
    return await inTransaction(db, async (tx) => {
      const userId = await inviteeFor(tx, accountId, input.email, now);
      const replaced = await withdrawPending(tx, userId, now);
      const { row, token } = await insertInvitation(tx, clock, {
        accountId,
        userId,
        role: input.role,
        actor,
        now,
      });
      await writeAudit(tx, clock, {
        accountId,
        actor,
        action: 'invitation.created',
        target: input.email,
        detail: {
          invitationId: row.id,
          role: input.role,
          expiresAt: row.expires_at,
          replaced,
        },
      });
      return { invitation: view(row, input.email, clock), token };
    });
  } catch (err) {
    // Another invitation of this person was made at the same moment (invitations_one_pending).
    if (isUniqueViolation(err))
      throw new ApiError(
        409,
        'invitation_conflict',
        `${input.email} was being invited at the same time: try again`,
        {
          field: 'email',
        },
      );
    throw err;
  }
}

/** The account's pending invitations (not accepted, not revoked) with the invitee's email. */
const pendingOf = (db: Db, accountId: string) =>
  db
    .selectFrom('invitations as i')
    .innerJoin('account_users as u', 'u.id', 'i.user_id')
    .selectAll('i')
    .select(['u.email', 'u.user_name'])
    .where('i.account_id', '=', accountId)
    .where('i.accepted_at', 'is', null)
    .where('i.revoked_at', 'is', null);

/** Withdraws one pending invitation; 409 when it was accepted or revoked meanwhile (the database decides). */
async function withdrawInvitation(tx: Db, id: string, now: string): Promise<void> {
  const done = await tx
    .updateTable('invitations')
    .set({ revoked_at: now })
    .where('id', '=', id)
    .where('accepted_at', 'is', null)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  if (Number(done.numUpdatedRows) === 0)
    throw new ApiError(409, 'invitation_not_pending', 'this invitation was accepted or revoked meanwhile');
}

/** Pending invitations (not accepted, not revoked), expired ones included so they can get a new link. */
export async function listInvitations(db: Db, clock: Clock, accountId: string): Promise<Invitation[]> {
  const rows = await pendingOf(db, accountId).orderBy('i.created_at', 'desc').execute();
  return rows.map(({ email, user_name, ...row }) => view(row, email ?? user_name, clock));
}

async function pendingInvitation(db: Db, accountId: string, id: string) {
  const row = await pendingOf(db, accountId).where('i.id', '=', id).executeTakeFirst();
  if (!row)
    throw new ApiError(
      404,
      'invitation_not_found',
      'no pending invitation with this id (accepted or revoked?)',
      {
        field: 'id',
      },
    );
  return row;
}

export async function revokeInvitation(
  db: Db,
  clock: Clock,
  accountId: string,
  id: string,
  actor: string,
): Promise<void> {
  const row = await pendingInvitation(db, accountId, id);
  await inTransaction(db, async (tx) => {
    await withdrawInvitation(tx, id, clock.now().toISOString());
    await writeAudit(tx, clock, {
      accountId,
      actor,
      action: 'invitation.revoked',
      target: row.email ?? row.user_name,
      detail: { invitationId: id },
    });
  });
}

/** "New link": the pending invitation is withdrawn and a new one (new token, 7 more days) replaces it. */
export async function renewInvitationLink(
  db: Db,
  clock: Clock,
  accountId: string,
  id: string,
  actor: string,
): Promise<IssuedInvitation> {
  const row = await pendingInvitation(db, accountId, id);
  const email = row.email ?? row.user_name;
  return inTransaction(db, async (tx) => {
    const now = clock.now().toISOString();
    await withdrawInvitation(tx, id, now);
    const { row: renewed, token } = await insertInvitation(tx, clock, {
      accountId,
      userId: row.user_id,
      role: row.role,
      actor,
      now,
    });
    await writeAudit(tx, clock, {
      accountId,
      actor,
      action: 'invitation.link_renewed',
      target: email,
      detail: { invitationId: renewed.id, replaces: id, expiresAt: renewed.expires_at },
    });
    return { invitation: view(renewed, email, clock), token };
  });
}
