// A small tenant for the Usage tests, built directly in the database: users,
// a group, licenses, a sublicense and devices whose last check-in is N days
// before the test clock's now.
import { randomUUID } from 'node:crypto';
import { newUserRow } from '../../backend/db/user-row.ts';
import type { Db } from '../../backend/db/types.ts';
import { addLicense } from '../../backend/licensing/license-registry.ts';
import type { Clock } from '../../backend/clock.ts';

const dayMs = 86_400_000;

export interface TenantBuilder {
  accountId: string;
  user(userName: string, displayName?: string): Promise<string>;
  license(seats?: number): Promise<string>;
  group(name: string, members: string[]): Promise<string>;
  sublicense(licenseId: string, groupId: string, seats: number): Promise<string>;
  device(
    userId: string,
    licenseId: string,
    d: {
      silentDays: number;
      activatedDaysAgo?: number;
      sublicenseId?: string;
      revoked?: boolean;
      name?: string;
    },
  ): Promise<string>;
}

export function tenantBuilder(db: Db, clock: Clock, accountId: string): TenantBuilder {
  const ago = (days: number) => new Date(clock.now().getTime() - days * dayMs).toISOString();
  const now = () => clock.now().toISOString();
  return {
    accountId,
    async user(userName, displayName) {
      const row = newUserRow(
        { accountId, userName, source: 'scim', now: now() },
        { display_name: displayName ?? null },
      );
      await db.insertInto('account_users').values(row).execute();
      return row.id;
    },
    async license(seats = 100) {
      const l = await addLicense(
        db,
        clock,
        { accountId, edition: 'business', seats, deviceLimit: 5, expiresAt: '2099-01-01' },
        'test',
      );
      return l.id;
    },
    async group(name, members) {
      const id = randomUUID();
      await db
        .insertInto('groups')
        .values({
          id,
          account_id: accountId,
          display_name: name,
          display_name_key: name.toLowerCase(),
          external_id: null,
          version: 1,
          created_at: now(),
          updated_at: now(),
        })
        .execute();
      for (const userId of members)
        await db
          .insertInto('group_members')
          .values({ group_id: id, user_id: userId, account_id: accountId, display: null, added_at: now() })
          .execute();
      return id;
    },
    async sublicense(licenseId, groupId, seats) {
      const id = randomUUID();
      await db
        .insertInto('sublicenses')
        .values({ id, license_id: licenseId, group_id: groupId, seats, created_at: now() })
        .execute();
      return id;
    },
    async device(userId, licenseId, d) {
      const id = randomUUID();
      await db
        .insertInto('activations')
        .values({
          id,
          account_id: accountId,
          user_id: userId,
          license_id: licenseId,
          sublicense_id: d.sublicenseId ?? null,
          device_id: `device-${id}`,
          device_name: d.name ?? 'Mac',
          os: 'macOS 15',
          app_version: '2.1.0',
          created_at: ago(d.activatedDaysAgo ?? d.silentDays + 1),
          last_checkin_at: ago(d.silentDays),
          lease_expires_at: '2099-01-01T00:00:00.000Z',
          revoked_at: d.revoked ? now() : null,
          revoked_reason: d.revoked ? 'deactivated on the device' : null,
          revoked_code: null,
          via: 'sso',
          secret_hash: null,
        })
        .execute();
      return id;
    },
  };
}
