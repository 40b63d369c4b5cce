// The demo account: idempotent, so `npm start` can run it every time.
import { randomBytes } from 'node:crypto';
import { createAccount } from '../accounts/account-service.ts';
import type { Clock } from '../clock.ts';
import type { DatabaseHandle } from '../db/connect.ts';
import { addDomain } from '../domains/domain-service.ts';
import { addLicense } from '../licensing/license-registry.ts';

export const demoAccount = {
  name: 'Acme Corporation (demo)',
  ownerEmail: 'owner@acme.test',
  domain: 'acme.test',
};

export interface DemoSeed {
  accountId: string;
  ownerEmail: string;
  /** Only when the account was created in this run; later runs keep the first password. */
  ownerPassword?: string;
  created: boolean;
}

export async function seedDemo(database: DatabaseHandle, clock: Clock, password?: string): Promise<DemoSeed> {
  const existing = await database.db
    .selectFrom('account_users')
    .select('account_id')
    .where('email', '=', demoAccount.ownerEmail)
    .where('is_owner', '=', 1)
    .executeTakeFirst();
  if (existing) return { accountId: existing.account_id, ownerEmail: demoAccount.ownerEmail, created: false };
  const ownerPassword = password ?? `demo-${randomBytes(9).toString('base64url')}`;
  const account = await createAccount(
    database.db,
    clock,
    { name: demoAccount.name, ownerEmail: demoAccount.ownerEmail, ownerPassword, ownerName: 'Olivia Owner' },
    'seed-demo',
  );
  await addDomain(database.db, clock, account.id, demoAccount.domain, 'seed-demo');
  await addLicense(
    database.db,
    clock,
    {
      accountId: account.id,
      edition: 'business',
      seats: 25,
      deviceLimit: 3,
      expiresAt: new Date(clock.now().getTime() + 365 * 86400_000).toISOString(),
    },
    'seed-demo',
  );
  return { accountId: account.id, ownerEmail: demoAccount.ownerEmail, ownerPassword, created: true };
}
