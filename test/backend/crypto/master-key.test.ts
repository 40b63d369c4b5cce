import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { ensureMasterKey, seal, unseal } from '../../../backend/crypto/master-key.ts';

test('the master key is created once with mode 0600 and read back the same', async () => {
  const file = join(mkdtempSync(join(tmpdir(), 'lk-key-')), 'nested', 'master.key');
  const first = await ensureMasterKey(file);
  expect(statSync(file).mode & 0o777).toBe(0o600);
  expect((await ensureMasterKey(file)).equals(first)).toBe(true);
  expect(readFileSync(file, 'utf8')).not.toContain(first.toString('hex'));
});

test('sealed secrets open only with the same key and context, and tampering is detected', async () => {
  const key = await ensureMasterKey(join(mkdtempSync(join(tmpdir(), 'lk-key-')), 'k'));
  const other = await ensureMasterKey(join(mkdtempSync(join(tmpdir(), 'lk-key-')), 'k'));
  const sealed = seal(key, Buffer.from('private signing key'), 'signing_keys:k1');
  expect(sealed).not.toContain('private');
  expect(unseal(key, sealed, 'signing_keys:k1').toString()).toBe('private signing key');
  expect(() => unseal(other, sealed, 'signing_keys:k1')).toThrow();
  expect(() => unseal(key, sealed, 'signing_keys:k2')).toThrow();
  const parts = sealed.split('.');
  const data = Buffer.from(parts[3] ?? '', 'base64url');
  data[0] = (data[0] ?? 0) ^ 1;
  expect(() =>
    unseal(key, [parts[0], parts[1], parts[2], data.toString('base64url')].join('.'), 'signing_keys:k1'),
  ).toThrow();
});
