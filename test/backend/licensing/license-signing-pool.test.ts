// Check-ins sign a license each; password hashes (scrypt) and other blocking
// work occupy libuv's thread pool. Signing must not wait for that pool
// (issue 10 item 5). The pool is held here deterministically: each open() of
// a FIFO with no writer blocks one pool thread until a writer appears.
import { execFileSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync } from 'node:fs';
import { open, stat } from 'node:fs/promises';
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
const held: PoolHold[] = [];

beforeAll(async () => {
  service = await startTestService(sqlite);
  dir = mkdtempSync(join(tmpdir(), 'latchkey-pool-'));
});
afterEach(async () => {
  await Promise.all(held.splice(0).map((h) => h.release()));
});
afterAll(async () => {
  await service?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

interface PoolHold {
  release(): Promise<void>;
}
// Holds `threads` pool threads: each open() of a FIFO with no writer blocks one.
// Release holds a writer end open until every reader is through, so a reader
// whose open() a busy thread only starts later gets through too (a writer
// opened and closed at once left that late reader blocked for good, and the
// test hung on it). O_RDWR on a FIFO does not block on Linux (fifo(7)).
function holdPool(name: string, threads: number): PoolHold {
  const fifo = join(dir, name);
  execFileSync('mkfifo', [fifo]);
  const readers = Array.from({ length: threads }, () => open(fifo, 'r'));
  let released: Promise<void> | undefined;
  const hold = {
    release: () =>
      (released ??= (async () => {
        const writer = openSync(fifo, 'r+');
        try {
          await Promise.all(readers.map(async (r) => (await r).close()));
        } finally {
          closeSync(writer);
        }
      })()),
  };
  held.push(hold);
  return hold;
}

const settlesWithin = (work: Promise<unknown>, ms: number) =>
  Promise.race([work.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), ms))]);

const terms = () => ({
  userId: 'u',
  holder: { email: 'pool@example.test', name: null },
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

test('a license is signed while every thread of the pool is busy, and verifies under the JWKS', async () => {
  const { db } = service.deps.database;
  const sign = () =>
    signLicense(db, service.deps.clock, service.deps.masterKey, service.deps.config.publicUrl, terms());
  await sign(); // the signing key exists and is unsealed
  // Other work holds a thread when the test takes the rest; one of its holds waits in the queue.
  const otherWork = holdPool('other-work', 1);
  const allThreads = holdPool('every-thread', poolSize);
  // The premise: work queued on the pool now waits (a stat behind the blocked opens).
  expect(await settlesWithin(stat(dir), 300)).toBe(false);
  // With a pool-bound signer this never resolves (and the test times out) until afterEach frees the pool.
  const token = await sign();
  // jose's verification below does use the pool. The other work ends while the release waits.
  await Promise.all([allThreads.release(), otherWork.release()]);
  const { payload, protectedHeader } = await jwtVerify(
    token,
    createLocalJWKSet(await licenseJwks(db, service.deps.clock)),
  );
  expect(protectedHeader).toMatchObject({ alg: 'EdDSA', typ: expect.any(String), kid: expect.any(String) });
  expect(payload).toMatchObject({ sub: 'u', acc: 'a', edition: 'business', dev: 'd' });
});
