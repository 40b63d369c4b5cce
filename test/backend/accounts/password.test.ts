import { expect, test } from 'vitest';
import { hashPassword, verifyPassword } from '../../../backend/accounts/password.ts';

test('passwords are stored as salted scrypt hashes and verify only with the right password', async () => {
  const a = await hashPassword('correct horse battery');
  const b = await hashPassword('correct horse battery');
  expect(a).toMatch(/^scrypt\$32768\$8\$1\$/);
  expect(a).not.toContain('correct');
  expect(a).not.toBe(b);
  expect(await verifyPassword('correct horse battery', a)).toBe(true);
  expect(await verifyPassword('correct horse batterY', a)).toBe(false);
  expect(await verifyPassword('anything', 'plain-text-not-a-hash')).toBe(false);
});
