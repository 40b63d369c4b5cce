// Inviting end users to install and activate the app (issue 25 item 3): typed
// emails, or every member with an email of one directory group. Each email has
// one row per account (unique in the database: app_invitations_one_per_email),
// so inviting the same person again, or two admins at once, never makes a
// duplicate: INSERT … ON CONFLICT DO NOTHING decides, not a count before it.
// Nothing is sent here: with SMTP the rows are queued for the sender
// (send-queued.ts, a background job in batches, so a group of 10,000 never
// waits in the request); without SMTP, typed invitees' links are made now for
// the admin to copy.
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { AppInvitationLink, AppInvitationResult } from '../../common/console-app-invitations.ts';
import { emailSchema } from '../accounts/account-service.ts';
import { emailDomain } from '../access/realm-rules.ts';
import { writeAudit } from '../audit/audit-log.ts';
import type { Clock } from '../clock.ts';
import type { AppInvitationsTable } from '../db/schema.ts';
import { inTransaction, type Db } from '../db/types.ts';
import { ApiError } from '../http/api-error.ts';
import { landingPageUrl, newAppInvitationToken } from './links.ts';

/** Typed emails per request; a larger list is a group (or several requests). */
export const maxTypedEmails = 500;
/** Rows per INSERT: well under both databases' limits on bound parameters. */
const insertChunk = 500;

/** Typed emails, or one directory group: exactly one of the two. */
export const appInvitationInput = z
  .object({
    emails: z
      .array(emailSchema)
      .min(1, 'type at least one email')
      .max(maxTypedEmails, `at most ${maxTypedEmails} emails at once: invite a group for more`)
      .optional(),
    groupId: z.uuid({ message: 'choose a group from the directory' }).optional(),
  })
  .strict()
  .refine((i) => (i.emails === undefined) !== (i.groupId === undefined), {
    message: 'type emails or choose a group (one of the two)',
  });

export interface InviteContext {
  accountId: string;
  actor: string;
  publicUrl: string;
  emailConfigured: boolean;
}

type NewRow = Pick<AppInvitationsTable, 'id' | 'email' | 'email_key' | 'token_hash' | 'send_state'>;

/** New rows for these emails; returns the ones inserted (the others had a row already). */
async function insertNew(
  tx: Db,
  ctx: InviteContext,
  emails: string[],
  groupName: string | null,
  now: string,
  withTokens: boolean,
): Promise<{ row: NewRow; token: string | null }[]> {
  const made: { row: NewRow; token: string | null }[] = [];
  for (let i = 0; i < emails.length; i += insertChunk) {
    const chunk = emails.slice(i, i + insertChunk).map((email) => {
      const issued = withTokens ? newAppInvitationToken() : null;
      const row: AppInvitationsTable = {
        id: randomUUID(),
        account_id: ctx.accountId,
        email,
        email_key: email.toLowerCase(),
        group_name: groupName,
        token_hash: issued?.tokenHash ?? null,
        created_by: ctx.actor,
        created_at: now,
        send_state: ctx.emailConfigured ? 'queued' : 'not_sent',
        claim_holder: null,
        claim_expires_at: null,
        sent_at: null,
        failure: null,
        opened_at: null,
        activated_at: null,
        revoked_at: null,
      };
      return { row, token: issued?.token ?? null };
    });
    const inserted = await tx
      .insertInto('app_invitations')
      .values(chunk.map((c) => c.row))
      .onConflict((oc) => oc.columns(['account_id', 'email_key']).doNothing())
      .returning('id')
      .execute();
    const ids = new Set(inserted.map((r) => r.id));
    made.push(...chunk.filter((c) => ids.has(c.row.id)));
  }
  return made;
}

/** Revoked invitations of these emails live again: a fresh start (the old link stays dead). */
async function reinstate(tx: Db, ctx: InviteContext, emailKeys: string[], now: string): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < emailKeys.length; i += insertChunk) {
    const rows = await tx
      .updateTable('app_invitations')
      .set({
        revoked_at: null,
        token_hash: null,
        send_state: ctx.emailConfigured ? 'queued' : 'not_sent',
        claim_holder: null,
        claim_expires_at: null,
        sent_at: null,
        failure: null,
        opened_at: null,
        created_by: ctx.actor,
        created_at: now,
      })
      .where('account_id', '=', ctx.accountId)
      .where('email_key', 'in', emailKeys.slice(i, i + insertChunk))
      .where('revoked_at', 'is not', null)
      .returning('id')
      .execute();
    ids.push(...rows.map((r) => r.id));
  }
  return ids;
}

/**
 * Only emails in the account's verified domains are invited: those are the people who can activate
 * with SSO (home realm discovery goes by the verified domain), and it keeps the service from
 * emailing whatever addresses an account types (an open sign-up must not make a mail relay).
 */
async function inVerifiedDomains(db: Db, accountId: string, emails: string[]) {
  const rows = await db
    .selectFrom('domains')
    .select('name')
    .where('account_id', '=', accountId)
    .where('verified_at', 'is not', null)
    .execute();
  const verified = new Set(rows.map((r) => r.name));
  const inside: string[] = [];
  const outside: string[] = [];
  for (const email of emails) (verified.has(emailDomain(email) ?? '') ? inside : outside).push(email);
  return { inside, outside };
}

async function groupEmails(db: Db, accountId: string, groupId: string) {
  const group = await db
    .selectFrom('groups')
    .select('display_name')
    .where('account_id', '=', accountId)
    .where('id', '=', groupId)
    .executeTakeFirst();
  if (!group) throw new ApiError(404, 'not_found', 'group not found in this account’s directory');
  const members = await db
    .selectFrom('group_members as m')
    .innerJoin('account_users as u', 'u.id', 'm.user_id')
    .select('u.email')
    .where('m.group_id', '=', groupId)
    .where('u.account_id', '=', accountId)
    .where('u.deleted_at', 'is', null)
    .where('u.active', '=', 1)
    .execute();
  const emails = [...new Set(members.flatMap((m) => (m.email ? [m.email.toLowerCase()] : [])))];
  return {
    name: group.display_name,
    emails,
    withoutEmail: members.length - members.filter((m) => m.email).length,
  };
}

export async function inviteToApp(
  db: Db,
  clock: Clock,
  ctx: InviteContext,
  input: z.infer<typeof appInvitationInput>,
): Promise<AppInvitationResult> {
  const now = clock.now().toISOString();
  const fromGroup = input.groupId ? await groupEmails(db, ctx.accountId, input.groupId) : null;
  const wanted = fromGroup?.emails ?? [...new Set(input.emails ?? [])];
  const { inside: emails, outside } = await inVerifiedDomains(db, ctx.accountId, wanted);
  // Typed: the admin fixes the list. A group: its members outside the domains are counted and left out.
  if (outside.length && !fromGroup)
    throw new ApiError(
      400,
      'invalid_input',
      `emails: ${outside.slice(0, 3).join(', ')}${outside.length > 3 ? ` and ${outside.length - 3} more` : ''} ${outside.length === 1 ? 'is' : 'are'} not in a verified domain of this account (IdP Integration, step 1): they could not activate with SSO`,
      { field: 'emails' },
    );
  // Links to copy only for typed invitees: a group's are copied one by one from the list.
  const withTokens = !ctx.emailConfigured && fromGroup === null;
  return inTransaction(db, async (tx) => {
    const made = await insertNew(tx, ctx, emails, fromGroup?.name ?? null, now, withTokens);
    const madeKeys = new Set(made.map((m) => m.row.email_key));
    const reinstated = await reinstate(
      tx,
      ctx,
      emails.filter((e) => !madeKeys.has(e)),
      now,
    );
    const links: AppInvitationLink[] = made.flatMap(({ row, token }) =>
      token ? [{ id: row.id, email: row.email, link: landingPageUrl(ctx.publicUrl, token) }] : [],
    );
    const result: AppInvitationResult = {
      invited: made.length,
      alreadyInvited: emails.length - made.length - reinstated.length,
      reinstated: reinstated.length,
      withoutEmail: fromGroup?.withoutEmail ?? 0,
      outsideDomains: outside.length,
      emailConfigured: ctx.emailConfigured,
      links,
    };
    const { links: _links, ...counts } = result;
    await writeAudit(tx, clock, {
      accountId: ctx.accountId,
      actor: ctx.actor,
      action: 'app_invitation.created',
      target: fromGroup
        ? `group:${fromGroup.name}`
        : emails.length === 1
          ? emails[0]
          : `${emails.length} emails`,
      // The emails themselves for a typed list (at most 500); a group's are its members.
      detail: { ...counts, ...(fromGroup ? {} : { emails: made.map((m) => m.row.email) }) },
    });
    return result;
  });
}
