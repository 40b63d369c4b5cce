// The demo account: idempotent, so `npm start` can run it every time.
import { randomBytes } from 'node:crypto';
import { createAccount } from '../accounts/account-service.ts';
import { verifyPassword } from '../accounts/password.ts';
import { resetPassword } from '../accounts/password-reset.ts';
import type { Clock } from '../clock.ts';
import type { DatabaseHandle } from '../db/connect.ts';
import { addDomain } from '../domains/domain-service.ts';
import { addLicense } from '../licensing/license-registry.ts';
import { seedDemoKeyAccount, type DemoKey } from './demo-key-account.ts';

export const demoAccount = {
  name: 'Acme Corporation (demo)',
  ownerEmail: 'owner@acme.test',
  domain: 'acme.test',
};

export interface DemoSeed {
  accountId: string;
  ownerEmail: string;
  /** Known when the account was created in this run or the password was given (LATCHKEY_DEMO_PASSWORD). */
  ownerPassword?: string;
  created: boolean;
  /** A later run was given a password other than the stored one, and set it. */
  passwordChanged: boolean;
  /** The enterprise key that works: the second demo account's (demo-key-account.ts). */
  enterpriseKey: DemoKey;
}

export async function seedDemo(database: DatabaseHandle, clock: Clock, password?: string): Promise<DemoSeed> {
  const acme = await seedAcme(database, clock, password);
  return { ...acme, enterpriseKey: await seedDemoKeyAccount(database, clock) };
}

async function seedAcme(
  database: DatabaseHandle,
  clock: Clock,
  password: string | undefined,
): Promise<Omit<DemoSeed, 'enterpriseKey'>> {
  const existing = await database.db
    .selectFrom('account_users')
    .select(['account_id', 'password_hash'])
    .where('email', '=', demoAccount.ownerEmail)
    .where('is_owner', '=', 1)
    .executeTakeFirst();
  if (existing) {
    const seed = { accountId: existing.account_id, ownerEmail: demoAccount.ownerEmail, created: false };
    if (password === undefined) return { ...seed, passwordChanged: false };
    // The password asked for is the password: applied when it differs (which ends the owner's
    // console sessions, as any reset does), never silently ignored.
    if (existing.password_hash && (await verifyPassword(password, existing.password_hash)))
      return { ...seed, ownerPassword: password, passwordChanged: false };
    await resetPassword(
      database.db,
      clock,
      { email: demoAccount.ownerEmail, accountId: existing.account_id, password },
      'seed-demo',
    );
    return { ...seed, ownerPassword: password, passwordChanged: true };
  }
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
  return {
    accountId: account.id,
    ownerEmail: demoAccount.ownerEmail,
    ownerPassword,
    created: true,
    passwordChanged: false,
  };
}
