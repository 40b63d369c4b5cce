// SCIM Groups. Members are rows (group-members.ts); listing groups without
// members never reads them.
import { randomUUID } from 'node:crypto';
import type { Transaction } from 'kysely';
import { writeAudit } from '../audit/audit-log.ts';
import type { Database, GroupsTable } from '../db/schema.ts';
import { inTransaction, type Db } from '../db/types.ts';
import { isUniqueViolation } from '../db/unique-violation.ts';
import { compileFilter, parseFilter } from './filter.ts';
import { groupFilterTargets } from './filter-targets.ts';
import { revokeGroupSeats } from './access-effects.ts';
import { addMembers, maxMembersShown, readMembers, removeMembers } from './group-members.ts';
import { logMembershipChanges } from './membership-log.ts';
import { writeMembershipEvents } from './membership-events.ts';
import { countAndPage, type ListQuery } from './list-query.ts';
import { interpretPatch, type PatchOperation, type RowChange } from './patch.ts';
import { groupPatchSchema } from './patch-schemas.ts';
import { groupSchema, type MemberInput } from './resource-schemas.ts';
import { notFound, ScimError } from './scim-error.ts';
import { actorOf, etagOf, type ScimContext } from './scim-context.ts';
import { lockResourceRow } from './row-lock.ts';
import { urn } from './scim-urns.ts';
import { checkIfMatch } from './users-service.ts';
import { parseResource } from './validate.ts';

const conflict = (name: string) => new ScimError(409, `a group named "${name}" already exists`, 'uniqueness');

async function loadGroup(db: Db, ctx: ScimContext, id: string): Promise<GroupsTable> {
  const row = await db
    .selectFrom('groups')
    .selectAll()
    .where('id', '=', id)
    .where('account_id', '=', ctx.accountId)
    .executeTakeFirst();
  if (!row) throw notFound(`Group ${id}`);
  return row;
}

/**
 * Which members a rendering shows: none, all (the answer to a POST or PUT, which names them all
 * in its own body), or at most `budget` more (a read; past it the read is refused, see
 * maxMembersShown), counted down across the groups of one list page.
 */
type MembersShown = 'none' | 'all' | { budget: number };

function tooMany(what: string): ScimError {
  return new ScimError(
    400,
    `${what} more than ${maxMembersShown} members, more than one response carries: read it with excludedAttributes=members (as Microsoft Entra ID does) and change members with PATCH (RFC 7644 §3.5.2)`,
    'tooMany',
  );
}

async function renderGroup(db: Db, ctx: ScimContext, row: GroupsTable, shown: MembersShown, what?: string) {
  let read: Awaited<ReturnType<typeof readMembers>> | undefined;
  if (shown === 'all') read = await readMembers(db, row.id);
  else if (shown !== 'none') {
    read = await readMembers(db, row.id, shown.budget + 1);
    if (read.length > shown.budget) throw tooMany(what ?? `Group ${row.id} has`);
    shown.budget -= read.length;
  }
  const members = read?.map((m) => ({
    value: m.user_id,
    display: m.display ?? m.display_name ?? m.user_name,
    $ref: `${ctx.baseUrl}/Users/${m.user_id}`,
    type: 'User',
  }));
  return {
    schemas: [urn.group],
    id: row.id,
    ...(row.external_id !== null && { externalId: row.external_id }),
    displayName: row.display_name,
    ...(members && { members }),
    meta: {
      resourceType: 'Group',
      created: row.created_at,
      lastModified: row.updated_at,
      version: etagOf(Number(row.version)),
      location: `${ctx.baseUrl}/Groups/${row.id}`,
    },
  };
}

/** Whether a response will show members: only then are they read. */
export function wantsMembers(query: Pick<ListQuery, 'attributes' | 'excludedAttributes'>): boolean {
  if (query.excludedAttributes?.some((a) => a.toLowerCase().startsWith('members'))) return false;
  if (query.attributes?.length) return query.attributes.some((a) => a.toLowerCase().startsWith('members'));
  return true;
}

async function audit(
  tx: Transaction<Database>,
  ctx: ScimContext,
  action: string,
  target: string,
  detail: Record<string, unknown>,
) {
  await writeAudit(tx, ctx.clock, { accountId: ctx.accountId, actor: actorOf(ctx), action, target, detail });
}

/** Members removed and not put back by the same request lose the seats this group gave them. */
async function revokeLostSeats(
  tx: Transaction<Database>,
  ctx: ScimContext,
  groupId: string,
  removed: string[],
): Promise<number> {
  if (removed.length === 0) return 0;
  const still = new Set(
    (
      await tx
        .selectFrom('group_members')
        .select('user_id')
        .where('group_id', '=', groupId)
        .where('user_id', 'in', [...new Set(removed)])
        .execute()
    ).map((r) => r.user_id),
  );
  return revokeGroupSeats(
    tx,
    ctx.clock,
    ctx.accountId,
    groupId,
    [...new Set(removed)].filter((u) => !still.has(u)),
  );
}

export async function createGroup(ctx: ScimContext, body: unknown) {
  const input = parseResource(groupSchema, body, urn.group);
  const now = ctx.clock.now().toISOString();
  const id = randomUUID();
  try {
    return await inTransaction(ctx.db, async (tx) => {
      await tx
        .insertInto('groups')
        .values({
          id,
          account_id: ctx.accountId,
          display_name: input.displayName,
          display_name_key: input.displayName.toLowerCase(),
          external_id: input.externalId ?? null,
          version: 1,
          created_at: now,
          updated_at: now,
        })
        .execute();
      const added = await addMembers(tx, ctx.accountId, id, input.members ?? [], now);
      await logMembershipChanges(
        tx,
        ctx,
        { id, name: input.displayName },
        { removed: [], inserted: added.inserted },
      );
      await writeMembershipEvents(
        tx,
        ctx,
        { id, name: input.displayName },
        { removed: [], inserted: added.inserted },
      );
      await audit(tx, ctx, 'scim.group_created', id, {
        displayName: input.displayName,
        members: added.added,
        unknownMembers: added.unknown,
      });
      return renderGroup(tx, ctx, await loadGroup(tx, ctx, id), 'all');
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw conflict(input.displayName);
    throw err;
  }
}

export async function getGroup(ctx: ScimContext, id: string, withMembers: boolean) {
  const shown: MembersShown = withMembers ? { budget: maxMembersShown } : 'none';
  return renderGroup(ctx.db, ctx, await loadGroup(ctx.db, ctx, id), shown);
}

export async function listGroups(ctx: ScimContext, query: ListQuery) {
  let base = ctx.db.selectFrom('groups').where('groups.account_id', '=', ctx.accountId);
  if (query.filter)
    base = base.where(compileFilter(parseFilter(query.filter), groupFilterTargets, ctx.accountId));
  const { total, rows } = await countAndPage(
    query,
    () => base.select((eb) => eb.fn.countAll<string | number>().as('n')).executeTakeFirstOrThrow(),
    (limit, offset) =>
      base
        .selectAll('groups')
        .orderBy('groups.created_at')
        .orderBy('groups.id')
        .limit(limit)
        .offset(offset)
        .execute(),
  );
  // One budget for the whole page: its groups together carry at most maxMembersShown members.
  const shown: MembersShown = wantsMembers(query) ? { budget: maxMembersShown } : 'none';
  const what = 'The groups of this page have';
  const resources = [];
  for (const row of rows) resources.push(await renderGroup(ctx.db, ctx, row, shown, what));
  return { total, resources };
}

async function bumpGroup(
  tx: Transaction<Database>,
  ctx: ScimContext,
  row: GroupsTable,
  changes: Partial<GroupsTable>,
) {
  const result = await tx
    .updateTable('groups')
    .set({ ...changes, version: Number(row.version) + 1, updated_at: ctx.clock.now().toISOString() })
    .where('id', '=', row.id)
    .where('version', '=', row.version)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) === 0) throw new ScimError(412, 'the group changed while it was updated');
}

export async function replaceGroup(ctx: ScimContext, id: string, body: unknown, ifMatch: string | undefined) {
  const input = parseResource(groupSchema, body, urn.group);
  try {
    return await inTransaction(ctx.db, async (tx) => {
      await lockResourceRow(tx, ctx.dialect, 'groups', id);
      const row = await loadGroup(tx, ctx, id);
      checkIfMatch(ifMatch, Number(row.version));
      await bumpGroup(tx, ctx, row, {
        display_name: input.displayName,
        display_name_key: input.displayName.toLowerCase(),
        external_id: input.externalId ?? null,
      });
      // PUT replaces the whole resource (RFC 7644 §3.5.1): members not sent are removed.
      const removed = await removeMembers(tx, id, 'all');
      const added = await addMembers(
        tx,
        ctx.accountId,
        id,
        input.members ?? [],
        ctx.clock.now().toISOString(),
      );
      // The change is logged before the revocations it causes: a timeline shows the cause first.
      await logMembershipChanges(
        tx,
        ctx,
        { id, name: input.displayName },
        { removed, inserted: added.inserted },
      );
      const revoked = await revokeLostSeats(tx, ctx, id, removed);
      await writeMembershipEvents(
        tx,
        ctx,
        { id, name: input.displayName },
        { removed, inserted: added.inserted },
      );
      await audit(tx, ctx, 'scim.group_replaced', id, {
        displayName: input.displayName,
        removed: removed.length,
        added: added.added,
        activationsRevoked: revoked,
      });
      return renderGroup(tx, ctx, await loadGroup(tx, ctx, id), 'all');
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw conflict(input.displayName);
    throw err;
  }
}

async function applyMemberChanges(
  tx: Transaction<Database>,
  ctx: ScimContext,
  id: string,
  changes: RowChange[],
): Promise<{ removed: string[]; inserted: string[] }> {
  const now = ctx.clock.now().toISOString();
  const removed: string[] = [];
  const inserted: string[] = [];
  for (const change of changes) {
    if (change.op === 'remove') {
      removed.push(...(await removeMembers(tx, id, change.values)));
      continue;
    }
    if (change.op === 'replace') removed.push(...(await removeMembers(tx, id, 'all')));
    // Parsed by the members schema in the interpreter.
    inserted.push(...(await addMembers(tx, ctx.accountId, id, change.values as MemberInput[], now)).inserted);
  }
  return { removed, inserted };
}

export async function patchGroup(
  ctx: ScimContext,
  id: string,
  operations: PatchOperation[],
  ifMatch: string | undefined,
) {
  try {
    await inTransaction(ctx.db, async (tx) => {
      await lockResourceRow(tx, ctx.dialect, 'groups', id);
      const row = await loadGroup(tx, ctx, id);
      checkIfMatch(ifMatch, Number(row.version));
      const current = {
        displayName: row.display_name,
        ...(row.external_id !== null && { externalId: row.external_id }),
      };
      const { resource, rowChanges } = interpretPatch(current, operations, groupPatchSchema(id));
      const input = parseResource(groupSchema, resource, urn.group);
      const members = await applyMemberChanges(tx, ctx, id, rowChanges);
      await logMembershipChanges(tx, ctx, { id, name: input.displayName }, members);
      const revoked = await revokeLostSeats(tx, ctx, id, members.removed);
      await bumpGroup(tx, ctx, row, {
        display_name: input.displayName,
        display_name_key: input.displayName.toLowerCase(),
        external_id: input.externalId ?? null,
      });
      await writeMembershipEvents(tx, ctx, { id, name: input.displayName }, members);
      await audit(tx, ctx, 'scim.group_patched', id, {
        operations: operations.map((o) => ({ op: o.op, path: o.path ?? null })),
        activationsRevoked: revoked,
      });
    });
  } catch (err) {
    if (isUniqueViolation(err))
      throw new ScimError(409, 'another group already has that displayName', 'uniqueness');
    throw err;
  }
}

export async function deleteGroup(ctx: ScimContext, id: string, ifMatch: string | undefined) {
  await inTransaction(ctx.db, async (tx) => {
    await lockResourceRow(tx, ctx.dialect, 'groups', id);
    const row = await loadGroup(tx, ctx, id);
    checkIfMatch(ifMatch, Number(row.version));
    const members = await removeMembers(tx, id, 'all');
    await logMembershipChanges(tx, ctx, { id, name: row.display_name }, { removed: members, inserted: [] });
    await revokeGroupSeats(tx, ctx.clock, ctx.accountId, id, members);
    await tx.deleteFrom('groups').where('id', '=', id).execute();
    await writeMembershipEvents(tx, ctx, { id, name: row.display_name }, { removed: members, inserted: [] });
    await audit(tx, ctx, 'scim.group_deleted', id, { displayName: row.display_name });
  });
}
