// Regression (issue 10 item 1): a license the user forges in the data folder.
// The attacker makes an Ed25519 key, puts it into license.json as the pinned
// JWKS, signs an enterprise license until 2099 and points serverUrl at a dead
// address. The app must not take the data folder's word for which key signs:
// `latchkey status` ends "not activated" with LICENSE_UNTRUSTED.
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SignJWT, exportJWK, generateKeyPair } from 'jose';
import { afterAll, expect, test } from 'vitest';
import { licenseTokenType } from '../../../common/license-claims.ts';
import { keyCertificateType } from '../../../common/trust-anchor.ts';
import { exitCodes } from '../../../main/cli/exit-codes.ts';
import { deviceIdFrom, machineIdSourceFor } from '../../../main/core/device-identity.ts';

const folders: string[] = [];
afterAll(async () => {
  for (const f of folders) await rm(f, { recursive: true, force: true });
});

/** The device id the app will compute here: the machine id's hash, else the installation id it finds. */
async function deviceIdOf(dataDir: string): Promise<string> {
  try {
    return await deviceIdFrom(machineIdSourceFor(process.platform));
  } catch {
    const id = 'forged-installation-id';
    await writeFile(join(dataDir, 'installation-id'), id, { mode: 0o600 });
    return deviceIdFrom(async () => id);
  }
}

function latchkey(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; stdout: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['main/cli/latchkey.ts', '--json', ...args], { env });
    let stdout = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d));
    child.on('close', (code) => resolve({ code, stdout }));
  });
}

test('a license signed by a key the user wrote into license.json (pinnedJwks) is refused: status says not activated, LICENSE_UNTRUSTED', async () => {
  const dataDir = await mkdtemp(join(tmpdir(), 'latchkey-forged-'));
  folders.push(dataDir);
  const deadServer = 'http://127.0.0.1:9';
  const { publicKey, privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
  const kid = 'attacker-key';
  const now = Math.floor(Date.now() / 1000);
  const until2099 = Math.floor(Date.parse('2099-01-01T00:00:00Z') / 1000);
  const license = await new SignJWT({
    iss: `${deadServer}/api/v1`,
    sub: randomUUID(),
    acc: randomUUID(),
    lic: randomUUID(),
    sublic: null,
    edition: 'enterprise',
    dev: await deviceIdOf(dataDir),
    act: randomUUID(),
    sub_end: until2099,
    exp: until2099,
    renew_after: until2099,
    iat: now,
    jti: randomUUID(),
  })
    .setProtectedHeader({ alg: 'EdDSA', kid, typ: licenseTokenType })
    .sign(privateKey);
  await writeFile(
    join(dataDir, 'license.json'),
    JSON.stringify({
      version: 1,
      serverUrl: deadServer,
      issuer: `${deadServer}/api/v1`,
      activationId: randomUUID(),
      via: 'key',
      licensedTo: 'mallory@acme.test',
      license,
      pinnedJwks: { keys: [{ ...(await exportJWK(publicKey)), kid, alg: 'EdDSA', use: 'sig' }] },
      lastCheckInAt: new Date().toISOString(),
      offline: true,
    }),
    { mode: 0o600 },
  );

  // The app's own root (the attacker does not have its private half), as a development build is configured.
  const root = await exportJWK((await generateKeyPair('EdDSA', { crv: 'Ed25519' })).publicKey);
  const anchor = { version: 1, serviceUrl: deadServer, roots: [{ ...root, kid: 'the-real-root' }] };
  const status = await latchkey(['--data-dir', dataDir, 'status'], {
    ...process.env,
    LATCHKEY_SERVER_URL: deadServer,
    LATCHKEY_TRUST_ANCHOR: JSON.stringify(anchor),
  });
  const state = JSON.parse(status.stdout) as { phase: string; failure?: { code: string; detail: string } };
  expect(state.phase).toBe('failed');
  expect(state.failure?.code).toBe('LICENSE_UNTRUSTED');
  expect(state.failure?.detail).toMatch(/root/);
  expect(status.code).toBe(exitCodes.untrusted);
  // Refused, the forged license is not kept: the next status is plainly not activated.
  const again = await latchkey(['--data-dir', dataDir, 'status'], {
    ...process.env,
    LATCHKEY_TRUST_ANCHOR: JSON.stringify(anchor),
  });
  expect([again.code, (JSON.parse(again.stdout) as { phase: string }).phase]).toEqual([
    exitCodes.notActivated,
    'idle',
  ]);
});

test('a certificate the user signs with a root of their own, cached in license.json, adds no trust', async () => {
  const dataDir = await mkdtemp(join(tmpdir(), 'latchkey-forged-cert-'));
  folders.push(dataDir);
  const deadServer = 'http://127.0.0.1:9';
  const signing = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
  const fakeRoot = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
  const kid = 'attacker-key';
  const now = Math.floor(Date.now() / 1000);
  const certificate = await new SignJWT({
    sub: kid,
    jwk: { ...(await exportJWK(signing.publicKey)), kid, alg: 'EdDSA' },
    use: 'license',
    nbf: now - 60,
    exp: now + 86400 * 365 * 70,
  })
    .setProtectedHeader({ alg: 'EdDSA', kid: 'the-real-root', typ: keyCertificateType })
    .setIssuedAt()
    .sign(fakeRoot.privateKey);
  const until2099 = Math.floor(Date.parse('2099-01-01T00:00:00Z') / 1000);
  const license = await new SignJWT({
    iss: `${deadServer}/api/v1`,
    sub: randomUUID(),
    acc: randomUUID(),
    lic: randomUUID(),
    sublic: null,
    edition: 'enterprise',
    dev: await deviceIdOf(dataDir),
    act: randomUUID(),
    sub_end: until2099,
    exp: until2099,
    renew_after: until2099,
    iat: now,
    jti: randomUUID(),
  })
    .setProtectedHeader({ alg: 'EdDSA', kid, typ: licenseTokenType })
    .sign(signing.privateKey);
  await writeFile(
    join(dataDir, 'license.json'),
    JSON.stringify({
      version: 1,
      serverUrl: deadServer,
      issuer: `${deadServer}/api/v1`,
      activationId: randomUUID(),
      via: 'key',
      licensedTo: 'mallory@acme.test',
      license,
      keyCertificates: [certificate],
      lastCheckInAt: new Date().toISOString(),
      offline: true,
    }),
    { mode: 0o600 },
  );
  const root = await exportJWK((await generateKeyPair('EdDSA', { crv: 'Ed25519' })).publicKey);
  const anchor = { version: 1, serviceUrl: deadServer, roots: [{ ...root, kid: 'the-real-root' }] };
  const status = await latchkey(['--data-dir', dataDir, 'status'], {
    ...process.env,
    LATCHKEY_TRUST_ANCHOR: JSON.stringify(anchor),
  });
  const state = JSON.parse(status.stdout) as { phase: string; failure?: { code: string; detail: string } };
  expect([state.phase, state.failure?.code, status.code]).toEqual([
    'failed',
    'LICENSE_UNTRUSTED',
    exitCodes.untrusted,
  ]);
  expect(state.failure?.detail).toMatch(/signature verification failed/);
});
