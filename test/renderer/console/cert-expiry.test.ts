// Step 4's certificate banner: from 30 days before expiry, and once expired.
import { expect, test } from 'vitest';
import { expiryBanner, expiryOf } from '../../../renderer/console/lib/cert-expiry.ts';

const now = new Date('2026-12-01T12:00:00Z');
const inDays = (d: number) => new Date(now.getTime() + d * 86_400_000).toISOString();

test('valid beyond 30 days, expiring within them, expired after', () => {
  expect(expiryOf(inDays(31), now)).toEqual({ kind: 'valid', daysLeft: 31 });
  expect(expiryOf(inDays(30), now)).toEqual({ kind: 'expiring', daysLeft: 30 });
  expect(expiryOf(inDays(0.5), now)).toEqual({ kind: 'expiring', daysLeft: 0 });
  expect(expiryOf(inDays(-2), now)).toEqual({ kind: 'expired', daysAgo: 2 });
});

test('the banner names each certificate that needs attention, and is absent when none does', () => {
  expect(expiryBanner([{ subject: 'CN=idp', notAfter: inDays(200) }], now)).toBeUndefined();
  const banner = expiryBanner(
    [
      { subject: 'CN=old', notAfter: inDays(-3) },
      { subject: 'CN=new', notAfter: inDays(1) },
    ],
    now,
  );
  expect(banner).toContain('Certificate 1 (CN=old) expired 3 days ago.');
  expect(banner).toContain('Certificate 2 (CN=new) expires in 1 day');
});
