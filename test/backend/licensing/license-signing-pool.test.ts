// Check-ins sign a license each; password hashes (scrypt) and other blocking
// work occupy libuv's thread pool. Signing must not wait for that pool
// (issue 10 item 5). The pool is held here deterministically: each open() of
// a FIFO with no writer blocks one pool thread until a writer appears.
import { execFileSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLocalJWKSet, jwtVerify } from 'jose';
import { afterAll, afterEach, beforeAll, expect, test } from 'vitest';
import { signLicense } from '../../../backend/licensing/license-token.ts';
import { licenseJwks } from '../../../backend/licensing/signing-keys.ts';
import { testDialects, type TestDialect } from '../../support/databases.ts';
import { startTestService, type TestService } from '../../support/service.ts';

const sqlite = testDialects.find((d) => d.name === 'sqlite') as TestDialect;
const poolSize = Number(process.env.UV_THREADPOOL_SIZE ?? 4);

let service: TestService;
let dir: string;
let fifo: string;
let blockers: Promise<unknown>[] = [];

beforeAll(async () => {
  service = await startTestService(sqlite);
  dir = mkdtempSync(join(tmpdir(), 'latchkey-pool-'));
  fifo = join(dir, 'hold-the-pool');
  execFileSync('mkfifo', [fifo]);
});
// Opening the writer end releases every blocked reader (and so the pool).
async function releasePool() {
  if (!blockers.length) return;
  closeSync(openSync(fifo, 'w'));
  await Promise.allSettled(blockers.map((b) => b.then((h) => (h as { close(): Promise<void> }).close())));
  blockers = [];
}
afterEach(releasePool);
afterAll(async () => {
  await service?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const terms = () => ({
  userId: 'u',
  accountId: 'a',
  licenseId: 'l',
  sublicenseId: null,
  edition: 'business',
  deviceId: 'd',
  activationId: 'x',
  subscriptionEnd: new Date('2099-01-01'),
  leaseEnd: new Date(Date.now() + 86400_000),
  renewAfter: new Date(Date.now() + 3600_000),
});

// No shorter bound than the suite's 60 s: creating the first signing key (and
// its certification) ran past 15 s once on a machine loaded by other suites.
test('a license is signed while every thread of the pool is busy, and verifies under the JWKS', async () => {
  const { db } = service.deps.database;
  const sign = () =>
    signLicense(db, service.deps.clock, service.deps.masterKey, service.deps.config.publicUrl, terms());
  await sign(); // the signing key exists and is unsealed
  blockers = Array.from({ length: poolSize }, () => open(fifo, 'r'));
  // With a pool-bound signer this never resolves (and the test times out) until afterEach frees the pool.
  const token = await sign();
  await releasePool(); // jose's verification below does use the pool
  const { payload, protectedHeader } = await jwtVerify(
    token,
    createLocalJWKSet(await licenseJwks(db, service.deps.clock)),
  );
  expect(protectedHeader).toMatchObject({ alg: 'EdDSA', typ: expect.any(String), kid: expect.any(String) });
  expect(payload).toMatchObject({ sub: 'u', acc: 'a', edition: 'business', dev: 'd' });
});
