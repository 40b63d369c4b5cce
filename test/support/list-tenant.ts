// A tenant past every old cap of the console's lists, written directly in the
// database (issue 23 items 8-9): 5,100 users (the first 1,000 in one group),
// one device each on one license plus 3 old devices of one user, 3,000
// activation log rows and 1,200 audit entries. Times descend from `now` so
// "newest first" is well defined.
import { randomUUID } from 'node:crypto';
import type { Db } from '../../backend/db/types.ts';
import { newUserRow } from '../../backend/db/user-row.ts';

export const tenantSize = { users: 5_100, inGroup: 1_000, attempts: 3_000, audit: 1_200 } as const;

export interface ListTenant {
  licenseId: string;
  groupId: string;
  /** The user whose 3 devices are the oldest (the old device list, newest 1,000, never reached them). */
  target: { id: string; userName: string };
}

const second = (base: number, i: number) => new Date(base - i * 1000).toISOString();

async function inBatches<T>(rows: T[], write: (batch: T[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < rows.length; i += 500) await write(rows.slice(i, i + 500));
}

export async function buildListTenant(db: Db, accountId: string, licenseId: string): Promise<ListTenant> {
  const base = Date.parse('2026-06-01T12:00:00.000Z');
  const now = new Date(base).toISOString();
  const groupId = randomUUID();
  await db
    .insertInto('groups')
    .values({
      id: groupId,
      account_id: accountId,
      display_name: 'Designers',
      display_name_key: 'designers',
      external_id: null,
      version: 1,
      created_at: now,
      updated_at: now,
    })
    .execute();
  const users = Array.from({ length: tenantSize.users }, (_, i) => {
    const n = String(i).padStart(4, '0');
    return newUserRow(
      { accountId, userName: `user${n}@big.test`, source: 'scim', now },
      { display_name: `Person ${n}` },
    );
  });
  const target = newUserRow(
    { accountId, userName: 'zoe.target@big.test', source: 'scim', now },
    { display_name: 'Zoe Target' },
  );
  await inBatches([...users, target], (b) => db.insertInto('account_users').values(b).execute());
  await inBatches(users.slice(0, tenantSize.inGroup), (b) =>
    db
      .insertInto('group_members')
      .values(
        b.map((u) => ({
          group_id: groupId,
          user_id: u.id,
          account_id: accountId,
          display: null,
          added_at: now,
        })),
      )
      .execute(),
  );
  const device = (userId: string, i: number, name: string) => ({
    id: randomUUID(),
    account_id: accountId,
    user_id: userId,
    license_id: licenseId,
    sublicense_id: null,
    device_id: `device-${i}`,
    device_name: name,
    os: 'macOS 15',
    app_version: '1.0.0',
    created_at: second(base, i),
    last_checkin_at: now,
    lease_expires_at: '2099-01-01T00:00:00.000Z',
    revoked_at: null,
    revoked_reason: null,
    revoked_code: null,
    via: 'sso' as const,
    secret_hash: null,
  });
  const devices = users.map((u, i) => device(u.id, i, 'Mac'));
  for (let k = 0; k < 3; k++) devices.push(device(target.id, tenantSize.users + 10 + k, `Zoe's Mac ${k}`));
  await inBatches(devices, (b) => db.insertInto('activations').values(b).execute());
  const attempts = Array.from({ length: tenantSize.attempts }, (_, i) => ({
    account_id: accountId,
    email: `user${String(i % 100).padStart(4, '0')}@big.test`,
    stage: 'entitlement',
    outcome: i % 3 === 0 ? ('failure' as const) : ('success' as const),
    code: i % 3 === 0 ? 'USER_NOT_IN_GROUP' : null,
    evidence: '{}',
    at: second(base, tenantSize.attempts - i),
  }));
  await inBatches(attempts, (b) => db.insertInto('activation_attempts').values(b).execute());
  const audit = Array.from({ length: tenantSize.audit }, (_, i) => ({
    account_id: accountId,
    actor: i % 2 === 0 ? 'cli' : 'user:owner@big.test',
    action: i % 4 === 0 ? 'activation.revoked' : 'license.updated',
    target: null,
    detail: '{}',
    at: second(base, tenantSize.audit - i),
  }));
  await inBatches(audit, (b) => db.insertInto('audit_log').values(b).execute());
  return { licenseId, groupId, target: { id: target.id, userName: target.user_name } };
}
