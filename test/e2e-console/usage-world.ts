// The Usage spec's tenant, written by the world straight into the database (as
// the vendor's add-license is): a license with a Designers sublicense and five
// users' devices (and a fleet of 50 in use), some checked in yesterday, some silent for weeks or months.
import type { Clock } from '../../backend/clock.ts';
import type { Db } from '../../backend/db/types.ts';
import { tenantBuilder } from '../support/usage-tenant.ts';

export async function seedUsage(db: Db, clock: Clock, accountId: string): Promise<{ licenseId: string }> {
  const t = tenantBuilder(db, clock, accountId);
  const licenseId = await t.license(100);
  const alice = await t.user('alice@initech.test', 'Alice Anders');
  const bob = await t.user('bob@initech.test', 'Bob Brown');
  const carol = await t.user('carol@initech.test', 'Carol Clark');
  const dan = await t.user('dan@initech.test', 'Dan Dorsey');
  const erin = await t.user('erin@initech.test', 'Erin Evans');
  const designers = await t.group('Designers', [alice, carol]);
  const sublicense = await t.sublicense(licenseId, designers, 5);
  await t.device(alice, licenseId, { silentDays: 1, sublicenseId: sublicense, name: 'Alice MacBook Pro' });
  await t.device(alice, licenseId, { silentDays: 45, activatedDaysAgo: 200, name: 'Alice iMac' });
  await t.device(bob, licenseId, { silentDays: 3, name: 'Bob ThinkPad' });
  await t.device(carol, licenseId, { silentDays: 92, sublicenseId: sublicense, name: 'Carol Mac mini' });
  await t.device(dan, licenseId, { silentDays: 12, name: 'Dan Surface' });
  await t.device(erin, licenseId, { silentDays: 0, activatedDaysAgo: 0, name: 'Erin MacBook Air' });
  // A fleet of 50 more, all in use, so the list runs to a second page.
  for (let i = 1; i <= 50; i++) {
    const user = await t.user(`staff${String(i).padStart(2, '0')}@initech.test`);
    await t.device(user, licenseId, { silentDays: 2, activatedDaysAgo: 100 - i, name: `Staff laptop ${i}` });
  }
  return { licenseId };
}
