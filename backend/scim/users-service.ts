// SCIM Users: create (or adopt the account's local user of the same name),
// read, list with filters, replace, patch, and soft delete. Every change is
// audited with the token that made it, in the change's own transaction.
import { randomUUID } from 'node:crypto';
import type { Transaction } from 'kysely';
import { writeAudit } from '../audit/audit-log.ts';
import type { AccountUsersTable, Database } from '../db/schema.ts';
import { inTransaction } from '../db/types.ts';
import { isUniqueViolation } from '../db/unique-violation.ts';
import { revokeUserAccess } from './access-effects.ts';
import { isBackupLogin } from '../accounts/backup-login.ts';
import { compileFilter, parseFilter } from './filter.ts';
import { userFilterTargets } from './filter-targets.ts';
import { countAndPage, type ListQuery } from './list-query.ts';
import { countScimUsers } from './user-count.ts';
import { interpretPatch, type PatchOperation } from './patch.ts';
import { userPatchSchema } from './patch-schemas.ts';
import { userSchema, type UserResource } from './resource-schemas.ts';
import { ScimError, notFound } from './scim-error.ts';
import { actorOf, etagOf, type ScimContext } from './scim-context.ts';
import { lockResourceRow } from './row-lock.ts';
import { urn } from './scim-urns.ts';
import { emailRows, indexOf, renderUser, scimActiveOf, storedResource } from './user-rows.ts';
import { parseResource } from './validate.ts';

export { userExtensions } from './patch-schemas.ts';

function conflict(userName: string): ScimError {
  return new ScimError(409, `a user with userName "${userName}" already exists`, 'uniqueness');
}

async function loadUser(ctx: ScimContext, id: string, db = ctx.db): Promise<AccountUsersTable> {
  const row = await db
    .selectFrom('account_users')
    .selectAll()
    .where('id', '=', id)
    .where('account_id', '=', ctx.accountId)
    .where('deleted_at', 'is', null)
    .where('scim_resource', 'is not', null)
    .executeTakeFirst();
  if (!row) throw notFound(`User ${id}`);
  return row;
}

export function checkIfMatch(ifMatch: string | undefined, version: number): void {
  if (ifMatch === undefined || ifMatch.trim() === '*') return;
  const tags = ifMatch.split(',').map((t) => t.trim());
  if (!tags.includes(etagOf(version)) && !tags.includes(`"${version}"`)) {
    throw new ScimError(412, `the resource changed: its version is ${etagOf(version)}`);
  }
}

async function writeEmails(
  tx: Transaction<Database>,
  ctx: ScimContext,
  userId: string,
  resource: UserResource,
) {
  await tx.deleteFrom('user_emails').where('user_id', '=', userId).execute();
  const rows = emailRows(resource).map((e) => ({ ...e, user_id: userId, account_id: ctx.accountId }));
  if (rows.length) await tx.insertInto('user_emails').values(rows).execute();
}

/** The local user of the same name adopted (its version bumped), or a new SCIM user. */
async function adoptOrInsertUser(
  tx: Transaction<Database>,
  ctx: ScimContext,
  {
    id,
    existing,
    values,
    now,
  }: {
    id: string;
    existing: Pick<AccountUsersTable, 'version'> | undefined;
    values: ReturnType<typeof indexOf> & { scim_resource: string; updated_at: string };
    now: string;
  },
): Promise<void> {
  if (existing) {
    await tx
      .updateTable('account_users')
      .set({ ...values, version: Number(existing.version) + 1 })
      .where('id', '=', id)
      .execute();
  } else {
    await tx
      .insertInto('account_users')
      .values({
        id,
        account_id: ctx.accountId,
        ...values,
        password_hash: null,
        source: 'scim',
        is_owner: 0,
        version: 1,
        last_login_at: null,
        deleted_at: null,
        created_at: now,
      })
      .execute();
  }
}

export async function createUser(ctx: ScimContext, body: unknown) {
  const resource = parseResource(userSchema, body, urn.user);
  const index = indexOf(resource);
  const now = ctx.clock.now().toISOString();
  try {
    return await inTransaction(ctx.db, async (tx) => {
      const existing = await tx
        .selectFrom('account_users')
        .selectAll()
        .where('account_id', '=', ctx.accountId)
        .where('user_name_key', '=', index.user_name_key)
        .executeTakeFirst();
      // A local user (the owner) of the same name is adopted, not duplicated.
      if (existing && existing.scim_resource !== null) throw conflict(resource.userName);
      const id = existing?.id ?? randomUUID();
      const keepLogin = existing ? await isBackupLogin(tx, ctx.accountId, existing) : false;
      const values = {
        ...index,
        ...(keepLogin && { active: 1 as const }),
        scim_resource: JSON.stringify(storedResource(resource)),
        updated_at: now,
      };
      await adoptOrInsertUser(tx, ctx, { id, existing, values, now });
      await writeEmails(tx, ctx, id, resource);
      await writeAudit(tx, ctx.clock, {
        accountId: ctx.accountId,
        actor: actorOf(ctx),
        action: existing ? 'scim.user_linked' : 'scim.user_created',
        target: id,
        detail: {
          userName: resource.userName,
          externalId: resource.externalId ?? null,
          active: index.active === 1,
          ...(keepLogin && index.active === 0 && { backupLoginKept: true }),
        },
      });
      return renderUser(ctx, await loadUser(ctx, id, tx));
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw conflict(resource.userName);
    throw err;
  }
}

export async function getUser(ctx: ScimContext, id: string) {
  return renderUser(ctx, await loadUser(ctx, id));
}

export async function listUsers(ctx: ScimContext, query: ListQuery) {
  let base = ctx.db
    .selectFrom('account_users')
    .where('account_users.account_id', '=', ctx.accountId)
    .where('account_users.deleted_at', 'is', null)
    // Local users (the owner) are not the IdP's: they appear once provisioned.
    .where('account_users.scim_resource', 'is not', null);
  if (query.filter)
    base = base.where(compileFilter(parseFilter(query.filter), userFilterTargets, ctx.accountId));
  const { total, rows } = await countAndPage(
    query,
    async () =>
      query.filter
        ? base.select((eb) => eb.fn.countAll<string | number>().as('n')).executeTakeFirstOrThrow()
        : { n: await countScimUsers(ctx) },
    // startIndex is an offset (RFC 7644 §3.4.2.4), so the rows before it are stepped over: in
    // account_users_scim_page_idx (migration 0033), which holds this order and these conditions,
    // so that walk reads only the index; then the page's own rows by primary key.
    async (limit, offset) => {
      const ids = await base
        .select('account_users.id')
        .orderBy('account_users.created_at')
        .orderBy('account_users.id')
        .limit(limit)
        .offset(offset)
        .execute();
      return rowsInOrder(
        ctx,
        ids.map((r) => r.id),
      );
    },
  );
  return { total, resources: rows.map((r) => renderUser(ctx, r)) };
}

async function rowsInOrder(ctx: ScimContext, ids: string[]): Promise<AccountUsersTable[]> {
  if (ids.length === 0) return [];
  const rows = await ctx.db.selectFrom('account_users').selectAll().where('id', 'in', ids).execute();
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}

/** Stores a new version of the user; revokes access when it was deactivated. */
async function saveUser(
  tx: Transaction<Database>,
  ctx: ScimContext,
  row: AccountUsersTable,
  resource: UserResource,
  action: string,
): Promise<Record<string, unknown>> {
  const keepLogin = await isBackupLogin(tx, ctx.accountId, row);
  const index = indexOf(resource);
  const updated = await tx
    .updateTable('account_users')
    .set({
      ...index,
      ...(keepLogin && { active: 1 as const }),
      scim_resource: JSON.stringify(storedResource(resource)),
      version: Number(row.version) + 1,
      updated_at: ctx.clock.now().toISOString(),
    })
    .where('id', '=', row.id)
    .where('version', '=', row.version) // the row is locked: this only guards the lock
    .executeTakeFirst();
  if (Number(updated.numUpdatedRows) === 0)
    throw new ScimError(412, 'the resource changed while it was updated');
  await writeEmails(tx, ctx, row.id, resource);
  const wasActive = scimActiveOf(row);
  const deactivated = wasActive && index.active === 0;
  if (deactivated)
    await revokeUserAccess(tx, ctx.clock, ctx.accountId, [row.id], 'deactivated', {
      keepLocalLogin: keepLogin,
    });
  await writeAudit(tx, ctx.clock, {
    accountId: ctx.accountId,
    actor: actorOf(ctx),
    action: deactivated
      ? 'scim.user_deactivated'
      : !wasActive && index.active === 1
        ? 'scim.user_reactivated'
        : action,
    target: row.id,
    detail: {
      userName: resource.userName,
      ...(keepLogin && index.active === 0 && { backupLoginKept: true }),
    },
  });
  return renderUser(ctx, await loadUser(ctx, row.id, tx));
}

/**
 * Runs a change of one user with its row locked, so concurrent writers queue
 * in the database and each sees the last one's result; only an If-Match that
 * names an older version is refused (RFC 7644 §3.14).
 */
async function changeUser<T>(
  ctx: ScimContext,
  id: string,
  ifMatch: string | undefined,
  change: (tx: Transaction<Database>, row: AccountUsersTable) => Promise<T>,
): Promise<T> {
  try {
    return await inTransaction(ctx.db, async (tx) => {
      await lockResourceRow(tx, ctx.dialect, 'account_users', id);
      const row = await loadUser(ctx, id, tx);
      checkIfMatch(ifMatch, Number(row.version));
      return await change(tx, row);
    });
  } catch (err) {
    if (isUniqueViolation(err))
      throw new ScimError(409, 'another user already has that userName', 'uniqueness');
    throw err;
  }
}

export async function replaceUser(ctx: ScimContext, id: string, body: unknown, ifMatch: string | undefined) {
  const resource = parseResource(userSchema, body, urn.user);
  return changeUser(ctx, id, ifMatch, (tx, row) => saveUser(tx, ctx, row, resource, 'scim.user_replaced'));
}

export async function patchUser(
  ctx: ScimContext,
  id: string,
  operations: PatchOperation[],
  ifMatch: string | undefined,
) {
  return changeUser(ctx, id, ifMatch, async (tx, row) => {
    const { id: _id, meta: _meta, ...editable } = renderUser(ctx, row);
    const { resource: patched } = interpretPatch(editable, operations, userPatchSchema(row.id));
    return saveUser(tx, ctx, row, parseResource(userSchema, patched, urn.user), 'scim.user_patched');
  });
}

/**
 * DELETE deactivates and hides the user; the row stays for the audit trail.
 * A backup login is only unlinked from the directory: its local login stays.
 */
export async function deleteUser(ctx: ScimContext, id: string, ifMatch: string | undefined) {
  await changeUser(ctx, id, ifMatch, async (tx, row) => {
    const now = ctx.clock.now().toISOString();
    const keepLogin = await isBackupLogin(tx, ctx.accountId, row);
    await tx
      .updateTable('account_users')
      .set(
        keepLogin
          ? { scim_resource: null, version: Number(row.version) + 1, updated_at: now }
          : {
              active: 0,
              deleted_at: now,
              user_name_key: null,
              version: Number(row.version) + 1,
              updated_at: now,
            },
      )
      .where('id', '=', row.id)
      .execute();
    await tx.deleteFrom('group_members').where('user_id', '=', row.id).execute();
    await revokeUserAccess(tx, ctx.clock, ctx.accountId, [row.id], 'deleted', { keepLocalLogin: keepLogin });
    await writeAudit(tx, ctx.clock, {
      accountId: ctx.accountId,
      actor: actorOf(ctx),
      action: keepLogin ? 'scim.user_unlinked' : 'scim.user_deleted',
      target: row.id,
      detail: { userName: row.user_name, ...(keepLogin && { backupLoginKept: true }) },
    });
  });
}
