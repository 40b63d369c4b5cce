// The account's activated devices one page at a time, newest first (created_at,
// then id), filtered by license, sublicense and user: the Licenses page's
// devices of a license and the Users page's devices of a user (issue 23 item 8:
// the old list had no user filter and stopped at 1,000 rows).
import { z } from 'zod';
import type { Activation } from '../../../common/console-api.ts';
import type { DatabaseHandle } from '../../db/connect.ts';
import { cursorParam, decodeCursor, pageOf } from '../cursor.ts';
import { afterKey, pageLimit } from './keyset.ts';

export const deviceListFilter = z
  .object({
    revoked: z.enum(['true', 'false']).default('false'),
    license: z.uuid().optional(),
    sublicense: z.uuid().optional(),
    user: z.uuid().optional(),
  })
  .strict();

export const deviceListQuery = deviceListFilter
  .extend({
    cursor: cursorParam,
    limit: z.coerce.number().int().min(pageLimit.min).max(pageLimit.max).default(pageLimit.default),
  })
  .strict();

export type DeviceListQuery = z.infer<typeof deviceListQuery>;

export async function devicePage(
  database: Pick<DatabaseHandle, 'db'>,
  accountId: string,
  s: DeviceListQuery,
): Promise<{ items: Activation[]; nextCursor: string | null }> {
  let q = database.db
    .selectFrom('activations as a')
    .innerJoin('account_users as u', 'u.id', 'a.user_id')
    .select([
      'a.id',
      'a.user_id',
      'u.user_name',
      'a.license_id',
      'a.device_name',
      'a.os',
      'a.app_version',
      'a.created_at',
      'a.last_checkin_at',
      'a.lease_expires_at',
      'a.revoked_at',
      'a.revoked_reason',
      'a.sublicense_id',
      'a.over_count',
    ])
    .where('a.account_id', '=', accountId);
  if (s.revoked === 'false') q = q.where('a.revoked_at', 'is', null);
  if (s.license) q = q.where('a.license_id', '=', s.license);
  if (s.sublicense) q = q.where('a.sublicense_id', '=', s.sublicense);
  if (s.user) q = q.where('a.user_id', '=', s.user);
  if (s.cursor) q = q.where(afterKey(['a.created_at', 'a.id'], decodeCursor(s.cursor, 2), 'desc'));
  const rows = await q
    .orderBy('a.created_at', 'desc')
    .orderBy('a.id', 'desc')
    .limit(s.limit + 1)
    .execute();
  return pageOf(
    rows,
    s.limit,
    (r) => [r.created_at, r.id],
    (r) => ({
      id: r.id,
      userId: r.user_id,
      userName: r.user_name,
      licenseId: r.license_id,
      deviceName: r.device_name,
      os: r.os,
      appVersion: r.app_version,
      createdAt: r.created_at,
      lastCheckInAt: r.last_checkin_at,
      leaseExpiresAt: r.lease_expires_at,
      revokedAt: r.revoked_at,
      revokedReason: r.revoked_reason,
      sublicenseId: r.sublicense_id,
      overCount: Number(r.over_count ?? 0) === 1,
    }),
  );
}
