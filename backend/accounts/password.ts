// Password hashing with scrypt (RFC 7914) from node:crypto. Stored as
// `scrypt$N$r$p$salt$hash` (base64url) so parameters can be raised later.
import { availableParallelism } from 'node:os';
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { HashGate, type HashGateOptions } from './hash-gate.ts';

const N = 1 << 15;
const r = 8;
const p = 1;
const keyLength = 32;
const maxmem = 64 * 1024 * 1024;

// One gate per process: the thread pool and the cores it bounds are per process.
let gate = new HashGate({
  concurrency: Math.max(1, Math.floor(availableParallelism() / 2)),
  queue: 32,
  maxWaitMs: 5000,
});

/** Set at service start from the configuration (LATCHKEY_PASSWORD_HASH_*). */
export function limitPasswordHashing(options: Partial<HashGateOptions>): void {
  gate = new HashGate({ concurrency: 1, queue: 32, maxWaitMs: 5000, ...options });
}

function derive(password: string, salt: Buffer, options: ScryptOptions): Promise<Buffer> {
  return gate.run(
    () =>
      new Promise<Buffer>((resolve, reject) => {
        scrypt(password.normalize('NFKC'), salt, keyLength, options, (err, key) =>
          err ? reject(err) : resolve(key),
        );
      }),
  );
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, { N, r, p, maxmem });
  return ['scrypt', N, r, p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, rr, pp, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !n || !rr || !pp || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64url');
  const key = await derive(password, Buffer.from(salt, 'base64url'), {
    N: Number(n),
    r: Number(rr),
    p: Number(pp),
    maxmem,
  });
  return key.length === expected.length && timingSafeEqual(key, expected);
}

// Spent on unknown emails so a login's timing does not tell whether the email exists.
let dummyHash: Promise<string> | undefined;
export async function burnPasswordCheck(password: string): Promise<void> {
  dummyHash ??= hashPassword('latchkey-timing-equaliser');
  await verifyPassword(password, await dummyHash);
}

export const passwordRules = { minLength: 12, maxLength: 256 } as const;
