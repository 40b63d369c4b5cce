// The demo's second account, for the enterprise key: an account that does not enforce SSO
// (no IdP integration), so its license key activates a device with any email — key activation
// is refused for an account whose integration is active, as Acme's is (key-activation.ts).
// Idempotent: a data folder from before it existed gains it on the next run.
import { randomBytes } from 'node:crypto';
import { createAccount } from '../accounts/account-service.ts';
import type { Clock } from '../clock.ts';
import type { DatabaseHandle } from '../db/connect.ts';
import { addLicense } from '../licensing/license-registry.ts';

export const demoKeyAccount = {
  name: 'Globex (demo, enterprise key)',
  ownerEmail: 'owner@globex.test',
  /** Whom the demo's screen suggests activating as; any email works with the key. */
  exampleUser: 'dana@globex.test',
  seats: 5,
};

export interface DemoKey {
  accountId: string;
  licenseKey: string;
}

export async function seedDemoKeyAccount(database: DatabaseHandle, clock: Clock): Promise<DemoKey> {
  const { db } = database;
  let owner = await db
    .selectFrom('account_users')
    .select('account_id')
    .where('email', '=', demoKeyAccount.ownerEmail)
    .where('is_owner', '=', 1)
    .executeTakeFirst();
  if (!owner) {
    // Its console is not part of the tour: the owner's password is not shown
    // (`latchkey-server reset-password --email owner@globex.test` gives one).
    const account = await createAccount(
      db,
      clock,
      {
        name: demoKeyAccount.name,
        ownerEmail: demoKeyAccount.ownerEmail,
        ownerPassword: randomBytes(18).toString('base64url'),
        ownerName: 'Gloria Owner',
      },
      'seed-demo',
    );
    owner = { account_id: account.id };
  }
  const license = await db
    .selectFrom('licenses')
    .select('license_key')
    .where('account_id', '=', owner.account_id)
    .orderBy('created_at')
    .executeTakeFirst();
  if (license) return { accountId: owner.account_id, licenseKey: license.license_key };
  const added = await addLicense(
    db,
    clock,
    {
      accountId: owner.account_id,
      edition: 'enterprise',
      seats: demoKeyAccount.seats,
      deviceLimit: 3,
      expiresAt: new Date(clock.now().getTime() + 365 * 86400_000).toISOString(),
    },
    'seed-demo',
  );
  return { accountId: owner.account_id, licenseKey: added.key };
}
