// Console sessions: a random 256-bit cookie value; only its SHA-256 is stored.
import { createHash, randomBytes } from 'node:crypto';
import type { Clock } from '../clock.ts';
import type { SessionVia } from '../db/schema.ts';
import type { Db } from '../db/types.ts';
import { adminsGroupMembership } from '../access/admin-rights.ts';
import { passwordSignInRight } from '../access/password-sign-in.ts';

export const sessionCookieName = 'lk_session';

export interface ConsoleSession {
  accountId: string;
  userId: string;
  email: string;
  via: SessionVia;
  expiresAt: string;
}

const hashSessionId = (value: string): string => createHash('sha256').update(value).digest('hex');

export async function createSession(
  db: Db,
  clock: Clock,
  params: { accountId: string; userId: string; via: SessionVia; ttlHours: number },
): Promise<{ cookieValue: string; expiresAt: string }> {
  const cookieValue = randomBytes(32).toString('base64url');
  const now = clock.now();
  const expiresAt = new Date(now.getTime() + params.ttlHours * 3600_000).toISOString();
  await db
    .insertInto('console_sessions')
    .values({
      id_hash: hashSessionId(cookieValue),
      account_id: params.accountId,
      user_id: params.userId,
      via: params.via,
      created_at: now.toISOString(),
      expires_at: expiresAt,
    })
    .execute();
  return { cookieValue, expiresAt };
}

/**
 * The session behind a cookie, if it is live and its right still holds. The
 * right is re-checked on every request (one indexed join, plus one for an SSO
 * session) so a change in the directory or the account takes effect at the
 * next request, on every node, and not when the session expires:
 * - the user is active and not deleted;
 * - SSO (`sso`): SCIM still shows the user in the admins group, where SCIM
 *   provisions that group (otherwise the SAML claim was the only word);
 * - password (`password`, `backup`): access/password-sign-in.ts still allows it
 *   (SSO not enforced, the backup login, an outside collaborator) — the one
 *   rule password-login.ts applies too.
 */
export async function findSession(
  db: Db,
  clock: Clock,
  cookieValue: string,
): Promise<ConsoleSession | undefined> {
  const row = await db
    .selectFrom('console_sessions as s')
    .innerJoin('account_users as u', 'u.id', 's.user_id')
    .innerJoin('idp_configs as c', 'c.account_id', 's.account_id')
    .select([
      's.account_id',
      's.user_id',
      's.via',
      's.expires_at',
      'u.email',
      'u.user_name',
      'u.active',
      'u.deleted_at',
      'c.status',
      'c.backup_user_id',
      'c.admins_group_id',
      'c.admins_group_name',
    ])
    .where('s.id_hash', '=', hashSessionId(cookieValue))
    .executeTakeFirst();
  if (!row || row.active !== 1 || row.deleted_at !== null || row.expires_at <= clock.now().toISOString())
    return undefined;
  if (row.via === 'sso') {
    const verdict = await adminsGroupMembership(db, row.account_id, row.user_id, {
      id: row.admins_group_id,
      name: row.admins_group_name,
    });
    if (verdict === 'not-member') return undefined;
  } else {
    const right = await passwordSignInRight(db, {
      accountId: row.account_id,
      userId: row.user_id,
      email: row.email,
      status: row.status,
      backupUserId: row.backup_user_id,
    });
    if (right === 'sso-required') return undefined;
  }
  return {
    accountId: row.account_id,
    userId: row.user_id,
    email: row.email ?? row.user_name,
    via: row.via,
    expiresAt: row.expires_at,
  };
}

export async function deleteSession(db: Db, cookieValue: string): Promise<void> {
  await db.deleteFrom('console_sessions').where('id_hash', '=', hashSessionId(cookieValue)).execute();
}

export async function sweepExpiredSessions(db: Db, clock: Clock): Promise<number> {
  const result = await db
    .deleteFrom('console_sessions')
    .where('expires_at', '<=', clock.now().toISOString())
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
