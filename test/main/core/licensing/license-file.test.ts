// The license file and the keychain credential at the edges: a damaged file
// reads as no license, writes leave nothing half-written, a missing or locked
// keychain entry is KEYCHAIN_UNAVAILABLE.
import { mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { LatchkeyError } from '../../../../common/latchkey-error.ts';
import { Credentials } from '../../../../main/core/licensing/credentials.ts';
import { LicenseFile, type StoredLicense } from '../../../../main/core/licensing/license-file.ts';
import { KeychainUnavailable, type SecretStore } from '../../../../main/core/secrets/secret-store.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'latchkey-license-file-'));
});
afterAll(async () => rm(dir, { recursive: true, force: true }));

const sample: StoredLicense = {
  version: 1,
  serverUrl: 'https://license.example.com',
  issuer: 'https://license.example.com/api/v1',
  activationId: 'a1',
  via: 'sso',
  requestedEmail: 'alice@acme.test',
  license: 'eyJ.payload.sig',
  keyCertificates: ['eyJ.cert.sig'],
  lastCheckInAt: '2026-11-23T10:00:00.000Z',
  offline: false,
};

test('round trip, owner-only file, no temp file left behind', async () => {
  const file = new LicenseFile(join(dir, 'roundtrip'));
  await file.write(sample);
  expect(await file.read()).toEqual(sample);
  expect((await stat(file.path)).mode & 0o077).toBe(0);
  expect(await readdir(join(dir, 'roundtrip'))).toEqual(['license.json']);
  await file.remove();
  expect(await file.read()).toBeNull();
});

test('a damaged or foreign file reads as no license; a bad license is never written', async () => {
  const file = new LicenseFile(join(dir, 'damaged'));
  await file.write(sample);
  await writeFile(file.path, '{"version":1,"serverUrl":');
  expect(await file.read()).toBeNull();
  await writeFile(file.path, JSON.stringify({ ...sample, via: 'magic' }));
  expect(await file.read()).toBeNull();
  await expect(file.write({ ...sample, keyCertificates: [''] })).rejects.toThrow();
});

test("a file from before the holder came from the license: its licensedTo is dropped (the app names the signed license's holder), and it reads with no typed email", async () => {
  const file = new LicenseFile(join(dir, 'holder-legacy'));
  await file.write(sample);
  const { requestedEmail: _typed, ...older } = sample;
  await writeFile(file.path, JSON.stringify({ ...older, licensedTo: 'mallory@acme.test' }));
  const read = await file.read();
  expect(read).not.toHaveProperty('licensedTo');
  expect(read?.requestedEmail).toBeNull();
});

test('a license file from before the root of trust (pinnedJwks, no certificates) reads with an empty certificate cache: the pinned keys are dropped, never trusted', async () => {
  const file = new LicenseFile(join(dir, 'legacy'));
  await file.write(sample);
  const { keyCertificates: _none, ...legacy } = sample;
  const pinnedJwks = { keys: [{ kty: 'OKP', crv: 'Ed25519', x: 'abc', kid: 'k1' }] };
  await writeFile(file.path, JSON.stringify({ ...legacy, pinnedJwks }));
  const read = await file.read();
  expect(read?.keyCertificates).toEqual([]);
  expect(read).not.toHaveProperty('pinnedJwks');
});

test('the credential: a missing entry or a locked keychain is KEYCHAIN_UNAVAILABLE', async () => {
  const codeOf = (p: Promise<unknown>) =>
    p.then(
      () => 'OK',
      (err: unknown) => (err instanceof LatchkeyError ? err.code : String(err)),
    );
  const empty: SecretStore = {
    getPassword: async () => null,
    setPassword: async () => undefined,
    deletePassword: async () => false,
  };
  expect(await codeOf(new Credentials(empty).load('a1'))).toBe('KEYCHAIN_UNAVAILABLE');
  const locked: SecretStore = {
    ...empty,
    getPassword: async () => {
      throw new KeychainUnavailable('locked');
    },
    setPassword: async () => {
      throw new KeychainUnavailable('locked');
    },
  };
  expect(await codeOf(new Credentials(locked).load('a1'))).toBe('KEYCHAIN_UNAVAILABLE');
  expect(await codeOf(new Credentials(locked).save('a1', 'secret'))).toBe('KEYCHAIN_UNAVAILABLE');
});

// Issue 20 item 7: Node's recursive mkdir never returns for /proc/nope (93 % CPU until killed).
test('writing into a folder that cannot be made fails at once (/proc/nope, a path through a file)', async () => {
  await writeFile(join(dir, 'a-file'), 'not a folder');
  for (const folder of ['/proc/latchkey-nope', join(dir, 'a-file', 'sub')]) {
    const write = new LicenseFile(folder).write(sample);
    await expect(write, folder).rejects.toThrow(/ENOENT|ENOTDIR/);
  }
}, 5_000);
