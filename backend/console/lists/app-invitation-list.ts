// The console's app invitations, newest first, keyset-paged on (created_at, id)
// (cursor.ts), filtered by status and by the start of the email. A status is
// the furthest step reached (revoked > activated > opened > failed > sent >
// queued > not sent), the same rule in the filter (SQL) and in the view.
import type { ExpressionBuilder } from 'kysely';
import { z } from 'zod';
import type {
  AppInvitation,
  AppInvitationPage,
  AppInvitationStatus,
} from '../../../common/console-app-invitations.ts';
import type { AppInvitationsTable, Database } from '../../db/schema.ts';
import type { Db } from '../../db/types.ts';
import { cursorParam, decodeCursor, pageOf } from '../cursor.ts';
import { afterKey, pageLimit } from './keyset.ts';

const statuses = ['queued', 'sent', 'opened', 'activated', 'failed', 'not_sent', 'revoked'] as const;

export const appInvitationListQuery = z
  .object({
    status: z.enum(statuses, { message: `must be one of ${statuses.join(', ')}` }).optional(),
    email: z.string().trim().min(1).max(254).optional(),
    cursor: cursorParam,
    limit: z.coerce.number().int().min(pageLimit.min).max(pageLimit.max).default(pageLimit.default),
  })
  .strict();

export function statusOf(r: AppInvitationsTable): AppInvitationStatus {
  if (r.revoked_at) return 'revoked';
  if (r.activated_at) return 'activated';
  if (r.opened_at) return 'opened';
  return r.send_state;
}

type Eb = ExpressionBuilder<Database, 'app_invitations'>;

function hasStatus(eb: Eb, status: AppInvitationStatus) {
  if (status === 'revoked') return eb('revoked_at', 'is not', null);
  const live = [eb('revoked_at', 'is', null)];
  if (status === 'activated') return eb.and([...live, eb('activated_at', 'is not', null)]);
  live.push(eb('activated_at', 'is', null));
  if (status === 'opened') return eb.and([...live, eb('opened_at', 'is not', null)]);
  return eb.and([...live, eb('opened_at', 'is', null), eb('send_state', '=', status)]);
}

const view = (r: AppInvitationsTable): AppInvitation => ({
  id: r.id,
  email: r.email,
  groupName: r.group_name,
  invitedBy: r.created_by.replace(/^user:/, ''),
  createdAt: r.created_at,
  status: statusOf(r),
  sentAt: r.sent_at,
  openedAt: r.opened_at,
  activatedAt: r.activated_at,
  revokedAt: r.revoked_at,
  failure: r.failure,
});

export async function appInvitationPage(
  db: Db,
  accountId: string,
  q: z.infer<typeof appInvitationListQuery>,
): Promise<AppInvitationPage> {
  let query = db.selectFrom('app_invitations').selectAll().where('account_id', '=', accountId);
  const { status } = q;
  if (status) query = query.where((eb) => hasStatus(eb, status));
  if (q.email) {
    const lo = q.email.toLowerCase();
    query = query.where('email_key', '>=', lo).where('email_key', '<', `${lo}\u{10FFFF}`);
  }
  if (q.cursor) query = query.where(afterKey(['created_at', 'id'], decodeCursor(q.cursor, 2), 'desc'));
  const rows = await query
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(q.limit + 1)
    .execute();
  return pageOf(rows, q.limit, (r) => [r.created_at, r.id], view);
}
