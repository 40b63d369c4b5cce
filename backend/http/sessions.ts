// Console sessions: a random 256-bit cookie value; only its SHA-256 is stored.
// One session holds one or more workspace grants (migration 0024): a row per
// business account its holder authenticated to (password, backup login, SSO),
// all sharing the cookie's hash. A grant is never given because an email
// matches: sign-up emails are not verified, so each grant is earned by its own
// sign-in to that account (docs/admin-console.md, "Workspaces").
import { createHash, randomBytes } from 'node:crypto';
import type { Clock } from '../clock.ts';
import type { SessionVia } from '../db/schema.ts';
import { inTransaction, type Db } from '../db/types.ts';
import { adminsGroupMembership } from '../access/admin-rights.ts';
import { passwordSignInRight } from '../access/password-sign-in.ts';

export const sessionCookieName = 'lk_session';

/** One workspace grant, as a console route sees it: the account it reads and who reads it. */
export interface ConsoleSession {
  accountId: string;
  /** The business account's name (the workspace switcher's words). */
  accountName: string;
  userId: string;
  email: string;
  via: SessionVia;
  expiresAt: string;
}

export interface GrantInput {
  accountId: string;
  userId: string;
  via: SessionVia;
}

export interface OpenedSession {
  cookieValue: string;
  expiresAt: string;
}

const hashSessionId = (value: string): string => createHash('sha256').update(value).digest('hex');

/** Writes grants into the session `idHash`, replacing any it held for the same accounts. */
async function writeGrants(
  db: Db,
  clock: Clock,
  idHash: string,
  grants: GrantInput[],
  ttlHours: number,
): Promise<string> {
  const now = clock.now();
  // Each grant lasts from its own sign-in: adding a workspace never extends the others.
  const expiresAt = new Date(now.getTime() + ttlHours * 3600_000).toISOString();
  await inTransaction(db, async (tx) => {
    for (const grant of grants) {
      await tx
        .deleteFrom('console_sessions')
        .where('id_hash', '=', idHash)
        .where('account_id', '=', grant.accountId)
        .execute();
      await tx
        .insertInto('console_sessions')
        .values({
          id_hash: idHash,
          account_id: grant.accountId,
          user_id: grant.userId,
          via: grant.via,
          created_at: now.toISOString(),
          expires_at: expiresAt,
        })
        .execute();
    }
  });
  return expiresAt;
}

export async function createSession(
  db: Db,
  clock: Clock,
  params: { grants: GrantInput[]; ttlHours: number },
): Promise<OpenedSession> {
  const cookieValue = randomBytes(32).toString('base64url');
  const expiresAt = await writeGrants(db, clock, hashSessionId(cookieValue), params.grants, params.ttlHours);
  return { cookieValue, expiresAt };
}

/**
 * "Add a business account": the new grants join the live session behind
 * `cookieValue`; with no live session there, a new session is opened instead.
 */
export async function addGrants(
  db: Db,
  clock: Clock,
  cookieValue: string | undefined,
  params: { grants: GrantInput[]; ttlHours: number },
): Promise<OpenedSession> {
  if (cookieValue && (await isLive(db, clock, cookieValue))) {
    const expiresAt = await writeGrants(
      db,
      clock,
      hashSessionId(cookieValue),
      params.grants,
      params.ttlHours,
    );
    return { cookieValue, expiresAt };
  }
  return createSession(db, clock, params);
}

async function isLive(db: Db, clock: Clock, cookieValue: string): Promise<boolean> {
  const row = await db
    .selectFrom('console_sessions')
    .select('id_hash')
    .where('id_hash', '=', hashSessionId(cookieValue))
    .where('expires_at', '>', clock.now().toISOString())
    .executeTakeFirst();
  return row !== undefined;
}

interface GrantRow {
  account_id: string;
  user_id: string;
  via: SessionVia;
  email: string | null;
  active: number;
  deleted_at: string | null;
  status: 'active' | 'inactive';
  backup_user_id: string | null;
  admins_group_id: string | null;
  admins_group_name: string | null;
}

/** Whether a grant's right still holds (the rules listed at findSessionGrants). */
async function rightHolds(db: Db, row: GrantRow): Promise<boolean> {
  if (row.active !== 1 || row.deleted_at !== null) return false;
  if (row.via === 'sso') {
    const verdict = await adminsGroupMembership(db, row.account_id, row.user_id, {
      id: row.admins_group_id,
      name: row.admins_group_name,
    });
    return verdict !== 'not-member';
  }
  const right = await passwordSignInRight(db, {
    accountId: row.account_id,
    userId: row.user_id,
    email: row.email,
    status: row.status,
    backupUserId: row.backup_user_id,
  });
  return right !== 'sso-required';
}

/**
 * The session's grants whose right still holds, first signed-in first (then by name). Each
 * right is re-checked on every request (one indexed join, plus one per SSO
 * grant) so a change in the directory or the account takes effect at the
 * next request, on every node, and not when the session expires:
 * - the user is active and not deleted;
 * - SSO (`sso`): SCIM still shows the user in the admins group, where SCIM
 *   provisions that group (otherwise the SAML claim was the only word);
 * - password (`password`, `backup`): access/password-sign-in.ts still allows it
 *   (SSO not enforced, the backup login, an outside collaborator) — the one
 *   rule password-login.ts applies too.
 * A grant that fails drops out alone: the session's other workspaces keep working.
 */
export async function findSessionGrants(
  db: Db,
  clock: Clock,
  cookieValue: string,
): Promise<ConsoleSession[]> {
  const rows = await db
    .selectFrom('console_sessions as s')
    .innerJoin('account_users as u', 'u.id', 's.user_id')
    .innerJoin('idp_configs as c', 'c.account_id', 's.account_id')
    .innerJoin('accounts as a', 'a.id', 's.account_id')
    .select([
      's.account_id',
      'a.name as account_name',
      's.user_id',
      's.via',
      's.created_at',
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
    .where('s.expires_at', '>', clock.now().toISOString())
    // Signed-in order; grants of one sign-in (one password, several accounts) by name.
    .orderBy('s.created_at')
    .orderBy('a.name')
    .orderBy('s.account_id')
    .execute();
  const live: ConsoleSession[] = [];
  for (const row of rows) {
    if (!(await rightHolds(db, row))) continue;
    live.push({
      accountId: row.account_id,
      accountName: row.account_name,
      userId: row.user_id,
      email: row.email ?? row.user_name,
      via: row.via,
      expiresAt: row.expires_at,
    });
  }
  return live;
}

/** The accounts of the session's unexpired grants (their rights are checked by findSessionGrants). */
export async function grantAccounts(db: Db, clock: Clock, cookieValue: string): Promise<string[]> {
  const rows = await db
    .selectFrom('console_sessions')
    .select('account_id')
    .where('id_hash', '=', hashSessionId(cookieValue))
    .where('expires_at', '>', clock.now().toISOString())
    .orderBy('created_at')
    .execute();
  return rows.map((r) => r.account_id);
}

/** When the session's last grant expires (what its cookie's expiry follows). */
export async function sessionExpiry(db: Db, cookieValue: string): Promise<string> {
  const row = await db
    .selectFrom('console_sessions')
    .select((eb) => eb.fn.max('expires_at').as('last'))
    .where('id_hash', '=', hashSessionId(cookieValue))
    .executeTakeFirst();
  return row?.last ?? new Date(0).toISOString();
}

/** Sign out: every grant of the session ends. */
export async function deleteSession(db: Db, cookieValue: string): Promise<void> {
  await db.deleteFrom('console_sessions').where('id_hash', '=', hashSessionId(cookieValue)).execute();
}

/** "Leave this workspace": one grant ends, the session's others stay. */
export async function deleteGrant(db: Db, cookieValue: string, accountId: string): Promise<void> {
  await db
    .deleteFrom('console_sessions')
    .where('id_hash', '=', hashSessionId(cookieValue))
    .where('account_id', '=', accountId)
    .execute();
}

/** An SSO "add" finished in this browser: the grants of `from` move into the live session `to`. */
export async function mergeSessions(db: Db, clock: Clock, from: string, to: string): Promise<boolean> {
  if (!(await isLive(db, clock, to))) return false;
  const fromHash = hashSessionId(from);
  const toHash = hashSessionId(to);
  await inTransaction(db, async (tx) => {
    const moving = await tx
      .selectFrom('console_sessions')
      .select('account_id')
      .where('id_hash', '=', fromHash)
      .execute();
    const accounts = moving.map((m) => m.account_id);
    if (accounts.length === 0) return;
    await tx
      .deleteFrom('console_sessions')
      .where('id_hash', '=', toHash)
      .where('account_id', 'in', accounts)
      .execute();
    await tx
      .updateTable('console_sessions')
      .set({ id_hash: toHash })
      .where('id_hash', '=', fromHash)
      .execute();
  });
  return true;
}

export async function sweepExpiredSessions(db: Db, clock: Clock): Promise<number> {
  const result = await db
    .deleteFrom('console_sessions')
    .where('expires_at', '<=', clock.now().toISOString())
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
