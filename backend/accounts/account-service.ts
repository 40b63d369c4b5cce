// Business accounts and their local users.
import { randomUUID } from 'node:crypto';
import type { Insertable, Kysely, Selectable } from 'kysely';
import { z } from 'zod';
import { writeAudit } from '../audit/audit-log.ts';
import type { Clock } from '../clock.ts';
import type { AccountUsersTable, Database, IdpConfigsTable } from '../db/schema.ts';
import type { Db } from '../db/types.ts';
import type { AccountUserView } from '../../common/console-directory.ts';
import { ApiError } from '../http/api-error.ts';
import { hashPassword, passwordRules } from './password.ts';
import { newUserRow } from '../db/user-row.ts';

export const emailSchema = z
  .email({ message: 'must be an email address' })
  .max(254)
  .transform((e) => e.trim().toLowerCase());

export const passwordSchema = z
  .string()
  .min(passwordRules.minLength, { message: `must be at least ${passwordRules.minLength} characters` })
  .max(passwordRules.maxLength);

export const createAccountInput = z
  .object({
    name: z.string().trim().min(1).max(200),
    ownerEmail: emailSchema,
    ownerPassword: passwordSchema,
    ownerName: z.string().trim().min(1).max(200).optional(),
  })
  .strict();

export type CreateAccountInput = z.infer<typeof createAccountInput>;

export interface AccountSummary {
  id: string;
  name: string;
  ownerUserId: string;
  ownerEmail: string;
  createdAt: string;
}

/** A new account's integration: inactive, nothing configured, SCIM provisioning, the defaults of the configurator. */
function newIntegrationRow(accountId: string, now: string): Insertable<IdpConfigsTable> {
  return {
    account_id: accountId,
    certificates: '[]',
    sso_binding: 'redirect',
    clock_skew_seconds: 180,
    allow_idp_initiated: 0,
    attribute_preset: 'generic',
    sign_authn_requests: 0,
    encrypt_assertions: 0,
    require_signed_response: 0,
    allow_sha1: 0,
    metadata_url: null,
    metadata_fetched_at: null,
    metadata_checked_at: null,
    metadata_error: null,
    sp_registered_done: 0,
    scim_done: 0,
    users_assigned_done: 0,
    provisioning: 'scim',
    jit_renew_days: 7,
    status: 'inactive',
    updated_at: now,
  };
}

export async function createAccount(
  db: Kysely<Database>,
  clock: Clock,
  input: CreateAccountInput,
  actor: string,
): Promise<AccountSummary> {
  const now = clock.now().toISOString();
  const accountId = randomUUID();
  const ownerUserId = randomUUID();
  const passwordHash = await hashPassword(input.ownerPassword);
  await db.transaction().execute(async (tx) => {
    await tx.insertInto('accounts').values({ id: accountId, name: input.name, created_at: now }).execute();
    await tx
      .insertInto('account_users')
      .values(
        newUserRow(
          { accountId, userName: input.ownerEmail, source: 'local', now },
          {
            id: ownerUserId,
            display_name: input.ownerName ?? null,
            password_hash: passwordHash,
            is_owner: 1,
          },
        ),
      )
      .execute();
    await tx.insertInto('idp_configs').values(newIntegrationRow(accountId, now)).execute();
    await writeAudit(tx, clock, {
      accountId,
      actor,
      action: 'account.created',
      target: accountId,
      detail: { name: input.name, ownerEmail: input.ownerEmail },
    });
  });
  return { id: accountId, name: input.name, ownerUserId, ownerEmail: input.ownerEmail, createdAt: now };
}

export async function getAccount(
  db: Db,
  accountId: string,
): Promise<{ id: string; name: string; createdAt: string }> {
  const row = await db.selectFrom('accounts').selectAll().where('id', '=', accountId).executeTakeFirst();
  if (!row) throw new ApiError(404, 'account_not_found', `no account ${accountId}`);
  return { id: row.id, name: row.name, createdAt: row.created_at };
}

export async function listAccounts(db: Db): Promise<{ id: string; name: string; createdAt: string }[]> {
  const rows = await db.selectFrom('accounts').selectAll().orderBy('created_at').execute();
  return rows.map((r) => ({ id: r.id, name: r.name, createdAt: r.created_at }));
}

/** A user row as the console's user list answers it. */
export function accountUserView(u: Selectable<AccountUsersTable>): AccountUserView {
  return {
    id: u.id,
    userName: u.user_name,
    email: u.email,
    displayName: u.display_name,
    source: u.source,
    active: u.active === 1,
    isOwner: u.is_owner === 1,
    hasPassword: u.password_hash !== null,
    lastLoginAt: u.last_login_at,
  };
}
