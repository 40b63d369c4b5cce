// The audit log one page at a time, newest first (at, then id), filtered by
// actor, action and time range (issue 23 item 9). `before` (an entry id) is
// the older paging the setup steps still send.
import { z } from 'zod';
import type { AuditEntry } from '../../../common/console-api.ts';
import type { DatabaseHandle } from '../../db/connect.ts';
import { cursorParam, decodeCursor, pageOf } from '../cursor.ts';
import { afterKey, pageLimit } from './keyset.ts';

export const auditListFilter = z
  .object({
    actor: z.string().trim().min(1).max(320).optional(),
    action: z
      .string()
      .regex(/^[a-z0-9_.-]{1,64}$/, { message: 'must be an action like activation.revoked' })
      .optional(),
    from: z.iso.datetime({ offset: true }).optional(),
    to: z.iso.datetime({ offset: true }).optional(),
  })
  .strict();

export const auditListQuery = auditListFilter
  .extend({
    before: z.coerce.number().int().min(1).optional(),
    cursor: cursorParam,
    limit: z.coerce.number().int().min(pageLimit.min).max(pageLimit.max).default(pageLimit.default),
  })
  .strict();

export type AuditListQuery = z.infer<typeof auditListQuery>;

export async function auditPage(
  database: Pick<DatabaseHandle, 'db'>,
  accountId: string,
  s: AuditListQuery,
): Promise<{ items: AuditEntry[]; nextCursor: string | null }> {
  let query = database.db.selectFrom('audit_log').selectAll().where('account_id', '=', accountId);
  if (s.actor) query = query.where('actor', '=', s.actor);
  if (s.action) query = query.where('action', '=', s.action);
  if (s.from) query = query.where('at', '>=', new Date(s.from).toISOString());
  if (s.to) query = query.where('at', '<=', new Date(s.to).toISOString());
  if (s.before !== undefined) query = query.where('id', '<', s.before);
  if (s.cursor) query = query.where(afterKey(['at', 'id'], decodeCursor(s.cursor, 2), 'desc'));
  const rows = await query
    .orderBy('at', 'desc')
    .orderBy('id', 'desc')
    .limit(s.limit + 1)
    .execute();
  return pageOf(
    rows,
    s.limit,
    (r) => [r.at, Number(r.id)],
    (r) => ({
      id: Number(r.id),
      accountId: r.account_id,
      actor: r.actor,
      action: r.action,
      target: r.target,
      detail: JSON.parse(r.detail) as Record<string, unknown>,
      at: r.at,
    }),
  );
}
