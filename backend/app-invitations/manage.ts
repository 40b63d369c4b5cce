// One app invitation at a time, from the console's list: Resend (queued again;
// the next email carries a new link and the old one stops working), Revoke
// (its landing page then says so), and Copy link (a new link made now, for an
// admin without SMTP or who passes it on another way). Each a conditional
// UPDATE: a revoked invitation is neither sent nor given a link.
import type { AppInvitationLink } from '../../common/console-app-invitations.ts';
import { writeAudit } from '../audit/audit-log.ts';
import type { Clock } from '../clock.ts';
import type { Updateable } from 'kysely';
import type { AppInvitationsTable } from '../db/schema.ts';
import { inTransaction, type Db } from '../db/types.ts';
import { ApiError } from '../http/api-error.ts';
import { landingPageUrl, newAppInvitationToken } from './links.ts';

interface Target {
  accountId: string;
  id: string;
  actor: string;
}

async function emailOf(db: Db, t: Target): Promise<{ email: string; revoked: boolean }> {
  const row = await db
    .selectFrom('app_invitations')
    .select(['email', 'revoked_at'])
    .where('account_id', '=', t.accountId)
    .where('id', '=', t.id)
    .executeTakeFirst();
  if (!row) throw new ApiError(404, 'not_found', 'app invitation not found');
  return { email: row.email, revoked: row.revoked_at !== null };
}

const revokedError = () =>
  new ApiError(
    409,
    'invitation_revoked',
    'this invitation was revoked: invite the email again to send it anew',
  );

type Change = Updateable<AppInvitationsTable>;

/**
 * One conditional UPDATE of a live (not revoked) invitation, with its audit entry, in one
 * transaction: a revoked invitation is refused (409), an unknown one 404. Returns the email.
 */
async function changeLiveInvitation(
  db: Db,
  clock: Clock,
  t: Target,
  change: Change,
  action: 'app_invitation.resent' | 'app_invitation.revoked' | 'app_invitation.link_copied',
): Promise<string> {
  return inTransaction(db, async (tx) => {
    const { email } = await emailOf(tx, t);
    const done = await tx
      .updateTable('app_invitations')
      .set(change)
      .where('account_id', '=', t.accountId)
      .where('id', '=', t.id)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    if (Number(done.numUpdatedRows) !== 1) throw revokedError();
    // Never a token in the detail: a copied link is in the answer only.
    await writeAudit(tx, clock, {
      accountId: t.accountId,
      actor: t.actor,
      action,
      target: email,
      detail: { invitationId: t.id },
    });
    return email;
  });
}

export async function resendAppInvitation(db: Db, clock: Clock, t: Target, emailConfigured: boolean) {
  if (!emailConfigured)
    throw new ApiError(
      409,
      'email_not_configured',
      'email is not configured on this service (LATCHKEY_SMTP_URL): copy the link and pass it on instead',
    );
  const queuedAgain = {
    send_state: 'queued',
    failure: null,
    claim_holder: null,
    claim_expires_at: null,
  } as const;
  await changeLiveInvitation(db, clock, t, queuedAgain, 'app_invitation.resent');
}

export async function revokeAppInvitation(db: Db, clock: Clock, t: Target) {
  const revoked = { revoked_at: clock.now().toISOString(), claim_holder: null, claim_expires_at: null };
  await changeLiveInvitation(db, clock, t, revoked, 'app_invitation.revoked');
}

export async function copyAppInvitationLink(
  db: Db,
  clock: Clock,
  t: Target,
  publicUrl: string,
): Promise<AppInvitationLink> {
  const { token, tokenHash } = newAppInvitationToken();
  const email = await changeLiveInvitation(
    db,
    clock,
    t,
    { token_hash: tokenHash },
    'app_invitation.link_copied',
  );
  return { id: t.id, email, link: landingPageUrl(publicUrl, token) };
}
