// The app's tokens are bound to a device key (RFC 9449) kept in the keychain
// beside the refresh token, never in the data folder. A copy of the license
// file and the refresh token on another computer cannot check in; a keychain
// that lost the key ends in one clean refusal and a fresh activation, not a loop.
import { copyFile, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { describeFailure } from '../../../../common/failure-codes.ts';
import { ActivationEngine } from '../../../../main/core/activation/activation-engine.ts';
import { deviceKeyAccountFor, keychainService } from '../../../../main/core/licensing/credentials.ts';
import { MemorySecretStore } from '../../../../main/core/secrets/memory-secret-store.ts';
import { engineWorld, failureOf } from './engine-harness.ts';

const { world, activated } = engineWorld();
const folders: string[] = [];
afterAll(async () => {
  for (const f of folders) await rm(f, { recursive: true, force: true });
});

async function lastLogEntry() {
  const row = await world()
    .service.deps.database.db.selectFrom('activation_attempts')
    .selectAll()
    .orderBy('id', 'desc')
    .executeTakeFirstOrThrow();
  return { ...row, evidence: JSON.parse(row.evidence) as Record<string, unknown> };
}

test('the device key is made at sign-in and kept only in the keychain; check-ins prove it', async () => {
  const { engine, license, secrets, options } = await activated();
  const key = await secrets.getPassword(keychainService, deviceKeyAccountFor(license.activationId));
  const jwk = JSON.parse(key ?? '{}') as { kty?: string; crv?: string; d?: string };
  expect(jwk).toMatchObject({ kty: 'EC', crv: 'P-256' });
  for (const file of await readdir(options.dataDir, { recursive: true })) {
    const text = await readFile(join(options.dataDir, file), 'utf8').catch(() => '');
    expect(text).not.toContain(jwk.d);
  }
  await engine.checkIn();
  expect(engine.getState().phase).toBe('activated');
  await engine.deactivate();
  expect(secrets.size).toBe(0);
});

test('the license file and refresh token copied to another computer, without the key: TOKEN_WITHOUT_DEVICE_KEY, logged; the owner checks in on', async () => {
  const { engine, license, secrets, options } = await activated('bob@acme.test');
  const refreshToken = await secrets.getPassword(keychainService, `activation:${license.activationId}`);
  const otherDir = await mkdtemp(join(tmpdir(), 'latchkey-copy-'));
  folders.push(otherDir);
  await copyFile(engine.licenseFilePath, join(otherDir, 'license.json'));
  const otherKeychain = new MemorySecretStore();
  await otherKeychain.setPassword(keychainService, `activation:${license.activationId}`, refreshToken ?? '');
  const thief = new ActivationEngine({ ...options, dataDir: otherDir, secrets: otherKeychain });
  expect(thief.licenseFilePath).toBe(join(otherDir, 'license.json'));
  await thief.start();
  expect(failureOf(thief)).toBe('TOKEN_WITHOUT_DEVICE_KEY');
  const shown = thief.getState();
  expect(shown.phase === 'failed' && shown.failure.message).toBe(
    describeFailure('TOKEN_WITHOUT_DEVICE_KEY').userMessage,
  );
  expect(await lastLogEntry()).toMatchObject({
    code: 'TOKEN_WITHOUT_DEVICE_KEY',
    stage: 'check-in',
    email: 'bob@acme.test',
    evidence: { detail: 'token used without its device key' },
  });
  // The refusal took nothing from the device that holds the key.
  await engine.checkIn();
  expect(engine.getState().phase).toBe('activated');
  await engine.deactivate();
});

test('the keychain lost the key: one refusal, the license gone, no retry; activating again makes a new key that works', async () => {
  const { engine, license, secrets, options } = await activated('alice@acme.test');
  const keyEntry = deviceKeyAccountFor(license.activationId);
  const oldKey = await secrets.getPassword(keychainService, keyEntry);
  await secrets.deletePassword(keychainService, keyEntry);
  await engine.checkIn();
  expect(failureOf(engine)).toBe('TOKEN_WITHOUT_DEVICE_KEY');
  expect(secrets.size).toBe(0);
  // Not a loop: a restart finds nothing to check in with and waits for the user.
  const refusalsBefore = await countRefusals();
  const restarted = new ActivationEngine(options);
  await restarted.start();
  expect(restarted.getState().phase).toBe('idle');
  expect(await countRefusals()).toBe(refusalsBefore);
  await restarted.startSso('alice@acme.test');
  const again = restarted.getState();
  if (again.phase !== 'activated') throw new Error(`not activated: ${JSON.stringify(again)}`);
  const newKey = await secrets.getPassword(keychainService, deviceKeyAccountFor(again.license.activationId));
  expect(newKey).toBeTruthy();
  expect(newKey).not.toBe(oldKey);
  await restarted.checkIn();
  expect(restarted.getState().phase).toBe('activated');
  await restarted.deactivate();
});

async function countRefusals(): Promise<number> {
  const rows = await world()
    .service.deps.database.db.selectFrom('activation_attempts')
    .select('id')
    .where('code', '=', 'TOKEN_WITHOUT_DEVICE_KEY')
    .execute();
  return rows.length;
}

test('a refused proof (DPOP_PROOF_REFUSED) is no verdict on the license: it stays, and the next check-in goes through', async () => {
  const { engine } = await activated();
  process.env.LATCHKEY_QA_FAULT = 'dpop-proof-defect';
  try {
    await engine.checkIn();
  } finally {
    delete process.env.LATCHKEY_QA_FAULT;
  }
  expect(failureOf(engine)).toBe('DPOP_PROOF_REFUSED');
  expect((await lastLogEntry()).evidence.check).toBe('htu');
  await expect(readFile(engine.licenseFilePath, 'utf8')).resolves.toContain('activationId');
  await engine.checkIn();
  expect(engine.getState().phase).toBe('activated');
  await engine.deactivate();
});
