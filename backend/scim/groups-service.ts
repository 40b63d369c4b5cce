// SCIM Groups. Members are rows (group-members.ts); listing groups without
// members never reads them.
import { randomUUID } from 'node:crypto';
import type { Transaction } from 'kysely';
import { writeAudit } from '../audit/audit-log.ts';
import type { Database, GroupsTable } from '../db/schema.ts';
import { inTransaction, type Db } from '../db/types.ts';
import { isUniqueViolation } from '../db/unique-violation.ts';
import { compileFilter, parseFilter, type Target } from './filter.ts';
import { revokeGroupSeats } from './access-effects.ts';
import { addMembers, readMembers, removeMembers } from './group-members.ts';
import { countAndPage, type ListQuery } from './list-query.ts';
import { isOwnIdOrRefuse, parsePath, type PatchOperation } from './patch.ts';
import { groupSchema, membersSchema, type MemberInput } from './resource-schemas.ts';
import { badRequest, notFound, ScimError } from './scim-error.ts';
import { actorOf, etagOf, type ScimContext } from './scim-context.ts';
import { lockResourceRow } from './row-lock.ts';
import { urn } from './scim-urns.ts';
import { checkIfMatch } from './users-service.ts';
import { parseResource } from './validate.ts';

// A Map: filter attribute names come from the request (item 1 of issue 11).
const groupTargets = new Map<string, Target>(
  Object.entries({
    id: { kind: 'column', column: 'id', type: 'text' },
    displayname: { kind: 'column', column: 'display_name_key', type: 'text-key' },
    externalid: { kind: 'column', column: 'external_id', type: 'text' },
    'meta.created': { kind: 'column', column: 'created_at', type: 'datetime' },
    'meta.lastmodified': { kind: 'column', column: 'updated_at', type: 'datetime' },
    ...Object.fromEntries(
      ['members', 'members.value'].map((p) => [
        p,
        {
          kind: 'related',
          table: 'group_members',
          key: 'group_id',
          parentKey: 'id',
          columns: { members: 'user_id', 'members.value': 'user_id' },
        } satisfies Target,
      ]),
    ),
  } satisfies Record<string, Target>),
);
const groupFilterTargets = { table: 'groups', targets: groupTargets, uris: [urn.group] };

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

async function renderGroup(db: Db, ctx: ScimContext, row: GroupsTable, withMembers: boolean) {
  const members = withMembers
    ? (await readMembers(db, row.id)).map((m) => ({
        value: m.user_id,
        display: m.display ?? m.display_name ?? m.user_name,
        $ref: `${ctx.baseUrl}/Users/${m.user_id}`,
        type: 'User',
      }))
    : undefined;
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
      await audit(tx, ctx, 'scim.group_created', id, {
        displayName: input.displayName,
        members: added.added,
        unknownMembers: added.unknown,
      });
      return renderGroup(tx, ctx, await loadGroup(tx, ctx, id), true);
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw conflict(input.displayName);
    throw err;
  }
}

export async function getGroup(ctx: ScimContext, id: string, withMembers: boolean) {
  return renderGroup(ctx.db, ctx, await loadGroup(ctx.db, ctx, id), withMembers);
}

export async function listGroups(ctx: ScimContext, query: ListQuery) {
  let base = ctx.db.selectFrom('groups').where('groups.account_id', '=', ctx.accountId);
  if (query.filter) base = base.where(compileFilter(parseFilter(query.filter), groupFilterTargets));
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
  const withMembers = wantsMembers(query);
  const resources = [];
  for (const row of rows) resources.push(await renderGroup(ctx.db, ctx, row, withMembers));
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
      const revoked = await revokeLostSeats(tx, ctx, id, removed);
      await audit(tx, ctx, 'scim.group_replaced', id, {
        displayName: input.displayName,
        removed: removed.length,
        added: added.added,
        activationsRevoked: revoked,
      });
      return renderGroup(tx, ctx, await loadGroup(tx, ctx, id), true);
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw conflict(input.displayName);
    throw err;
  }
}

const parseMembers = (value: unknown): MemberInput[] => {
  const parsed = membersSchema.safeParse(value);
  if (!parsed.success)
    throw badRequest(`members: ${parsed.error.issues[0]?.message ?? 'invalid value'}`, 'invalidValue');
  return parsed.data;
};

/** `value eq "id"` is the only filter a member path may carry. */
function memberIdFrom(filter: string): string {
  const m = /^\s*value\s+eq\s+"([^"]+)"\s*$/i.exec(filter);
  if (!m?.[1]) throw badRequest(`unsupported member filter: ${filter}`, 'invalidFilter');
  return m[1];
}

async function applyGroupOp(
  tx: Transaction<Database>,
  ctx: ScimContext,
  id: string,
  op: PatchOperation,
  changes: Partial<GroupsTable>,
  removed: string[],
) {
  const now = ctx.clock.now().toISOString();
  const setAttribute = async (name: string, value: unknown) => {
    const key = name.toLowerCase();
    if (isOwnIdOrRefuse({ ...op, value }, name, id)) return;
    if (key === 'members') {
      if (op.op === 'replace') removed.push(...(await removeMembers(tx, id, 'all')));
      await addMembers(tx, ctx.accountId, id, parseMembers(value), now);
    } else if (key === 'displayname') {
      if (typeof value !== 'string' || !value.trim())
        throw badRequest('displayName must be a non-empty string');
      changes.display_name = value.trim();
      changes.display_name_key = value.trim().toLowerCase();
    } else if (key === 'externalid') {
      if (typeof value !== 'string') throw badRequest('externalId must be a string');
      changes.external_id = value;
    } else {
      throw badRequest(`attribute "${name}" cannot be changed on a Group`, 'invalidPath');
    }
  };

  if (!op.path) {
    if (op.op === 'remove') throw badRequest('remove needs a path', 'noTarget');
    if (!op.value || typeof op.value !== 'object' || Array.isArray(op.value)) {
      throw badRequest(`${op.op} without a path needs an object value`);
    }
    for (const [k, v] of Object.entries(op.value)) await setAttribute(k, v);
    return;
  }
  if (op.op === 'remove') isOwnIdOrRefuse(op, op.path.trim(), id);
  const path = parsePath(op.path, [urn.group]);
  const attribute = path.attribute.toLowerCase();
  if (op.op !== 'remove') {
    if (path.filter || path.sub) throw badRequest(`unsupported path for ${op.op}: ${op.path}`, 'invalidPath');
    await setAttribute(path.attribute, op.value);
    return;
  }
  if (attribute === 'members') {
    const which = path.filter
      ? [memberIdFrom(path.filter)]
      : op.value !== undefined
        ? parseMembers(op.value).map((m) => m.value)
        : 'all';
    removed.push(...(await removeMembers(tx, id, which)));
  } else if (attribute === 'externalid') {
    changes.external_id = null;
  } else {
    throw badRequest(`attribute "${path.attribute}" cannot be removed from a Group`, 'mutability');
  }
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
      const changes: Partial<GroupsTable> = {};
      const removed: string[] = [];
      for (const op of operations) await applyGroupOp(tx, ctx, id, op, changes, removed);
      const revoked = await revokeLostSeats(tx, ctx, id, removed);
      await bumpGroup(tx, ctx, row, changes);
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
    await revokeGroupSeats(tx, ctx.clock, ctx.accountId, id, members);
    await tx.deleteFrom('groups').where('id', '=', id).execute();
    await audit(tx, ctx, 'scim.group_deleted', id, { displayName: row.display_name });
  });
}
