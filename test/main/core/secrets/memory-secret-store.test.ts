// The in-memory SecretStore behaves like the keychain port: entries per
// (service, account), overwritten in place, deleted once.
import { expect, test } from 'vitest';
import { MemorySecretStore } from '../../../../main/core/secrets/memory-secret-store.ts';
import { probeSecretStore } from '../../../../main/core/secrets/secret-store.ts';

test('stores, overwrites and deletes per service and account, and passes the keychain probe', async () => {
  const store = new MemorySecretStore();
  await store.setPassword('Latchkey', 'activation:1', 'first');
  await store.setPassword('Latchkey', 'activation:1', 'rotated');
  await store.setPassword('Latchkey', 'activation:2', 'other');
  // Parts that would collide if simply joined stay apart.
  await store.setPassword('Latch', 'key:activation:1', 'not the same entry');
  expect(await store.getPassword('Latchkey', 'activation:1')).toBe('rotated');
  expect(await store.getPassword('Latch', 'key:activation:1')).toBe('not the same entry');
  expect(await store.deletePassword('Latchkey', 'activation:1')).toBe(true);
  expect(await store.deletePassword('Latchkey', 'activation:1')).toBe(false);
  expect(await store.getPassword('Latchkey', 'activation:1')).toBeNull();
  expect(await probeSecretStore(store)).toEqual({ usable: true });
  expect(store.size).toBe(2);
});
