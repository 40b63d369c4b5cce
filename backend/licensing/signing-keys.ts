// License signing keys: Ed25519, generated at first start, the private half
// sealed with the master key. Rotation retires the current key; a retired key
// stays in the JWKS until the last lease it could have signed has ended. Each
// new key is certified at once by the roots at hand (trust-roots.ts): the app
// trusts a key only with a certificate by its built-in root.
import { createPrivateKey, randomUUID, type KeyObject } from 'node:crypto';
import { exportJWK, exportPKCS8, generateKeyPair, type JWK } from 'jose';
import type { Clock } from '../clock.ts';
import { seal, unseal } from '../crypto/master-key.ts';
import type { Db } from '../db/types.ts';
import { inTransaction } from '../db/types.ts';
import { writeEventToEveryAccount } from '../events/every-account.ts';
import { certifySigningKey, type RootSigner } from './key-certificates.ts';
import { onlineRootSigners } from './trust-roots.ts';

export interface ActiveSigningKey {
  kid: string;
  /** A node:crypto key: signing with it stays off libuv's thread pool (crypto/ed25519-jws.ts). */
  privateKey: KeyObject;
}

const context = (kid: string) => `signing_keys:${kid}`;
// Unsealed once per process: check-ins sign on the hot path.
const unsealed = new Map<string, KeyObject>();

async function createKey(
  db: Db,
  clock: Clock,
  masterKey: Buffer,
  offlineRoots: readonly RootSigner[] = [],
): Promise<{ kid: string; certifiedBy: string[] }> {
  const kid = randomUUID();
  const { publicKey, privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
  const jwk: JWK = { ...(await exportJWK(publicKey)), kid, alg: 'EdDSA', use: 'sig' };
  await db
    .insertInto('signing_keys')
    .values({
      kid,
      purpose: 'license',
      alg: 'EdDSA',
      public_jwk: JSON.stringify(jwk),
      private_key_sealed: seal(masterKey, Buffer.from(await exportPKCS8(privateKey)), context(kid)),
      created_at: clock.now().toISOString(),
      retired_at: null,
      serve_until: null,
    })
    .execute();
  const certifiedBy: string[] = [];
  for (const root of [...(await onlineRootSigners(db, masterKey)), ...offlineRoots])
    certifiedBy.push((await certifySigningKey(db, clock, root, kid)).rootKid);
  return { kid, certifiedBy };
}

// Which key signs is re-read every few seconds: a rotation by another process
// (another node, another `serve --workers` worker, the CLI) takes over within
// that — one indexed read per process per interval — and the JWKS and the key
// certificates, read from the database on each request, serve both keys meanwhile.
const currentTtlMs = 5_000;
// Kept per database, not per Kysely object: a transaction is a new object on the same database
// (an activation signs inside its transaction), and keyed by the object the cache missed on every
// activation — one more read, under the account's lock. A database and its transactions share
// one adapter (compiled-query.ts relies on the same); another database in the process has its own.
let current: { key: ActiveSigningKey; database: object; until: number } | undefined;

/** The key that signs now; created on first use. */
export async function currentSigningKey(db: Db, clock: Clock, masterKey: Buffer): Promise<ActiveSigningKey> {
  const nowMs = clock.now().getTime();
  const database = db.getExecutor().adapter;
  if (current && current.database === database && current.until > nowMs) return current.key;
  const key = await loadCurrentKey(db, clock, masterKey);
  current = { key, database, until: nowMs + currentTtlMs };
  return key;
}

async function loadCurrentKey(db: Db, clock: Clock, masterKey: Buffer): Promise<ActiveSigningKey> {
  let row = await db
    .selectFrom('signing_keys')
    .selectAll()
    .where('purpose', '=', 'license')
    .where('retired_at', 'is', null)
    .orderBy('created_at', 'desc')
    .executeTakeFirst();
  if (!row) {
    const { kid } = await createKey(db, clock, masterKey);
    row = await db.selectFrom('signing_keys').selectAll().where('kid', '=', kid).executeTakeFirstOrThrow();
  }
  let privateKey = unsealed.get(row.kid);
  if (!privateKey) {
    privateKey = createPrivateKey(
      unseal(masterKey, row.private_key_sealed, context(row.kid)).toString('utf8'),
    );
    unsealed.set(row.kid, privateKey);
  }
  return { kid: row.kid, privateKey };
}

/**
 * Retires the current key in favour of a new one; the old one is served for `leaseMs` more. The
 * new key is certified by the online roots and by `offlineRoots` (read from their files).
 */
export async function rotateSigningKey(
  db: Db,
  clock: Clock,
  masterKey: Buffer,
  leaseMs: number,
  offlineRoots: readonly RootSigner[] = [],
): Promise<{ kid: string; certifiedBy: string[] }> {
  return inTransaction(db, async (tx) => {
    const now = clock.now();
    await tx
      .updateTable('signing_keys')
      .set({ retired_at: now.toISOString(), serve_until: new Date(now.getTime() + leaseMs).toISOString() })
      .where('purpose', '=', 'license')
      .where('retired_at', 'is', null)
      .execute();
    const created = await createKey(tx, clock, masterKey, offlineRoots);
    await writeEventToEveryAccount(tx, clock, { type: 'signing_key.rotated', data: { kid: created.kid } });
    current = undefined;
    return created;
  });
}

/** The public keys a verifier needs: the current one and retired ones still inside a lease. */
export async function licenseJwks(db: Db, clock: Clock): Promise<{ keys: JWK[] }> {
  const now = clock.now().toISOString();
  const rows = await db
    .selectFrom('signing_keys')
    .select(['public_jwk'])
    .where('purpose', '=', 'license')
    .where((eb) => eb.or([eb('retired_at', 'is', null), eb('serve_until', '>', now)]))
    .orderBy('created_at', 'desc')
    .execute();
  return { keys: rows.map((r) => JSON.parse(r.public_jwk) as JWK) };
}

/**
 * Which sealed keys `masterKey` cannot unseal: a restore checks this before it replaces anything.
 * Every row of signing_keys, the authorization server's ID-token key (oidc/id-token-key.ts) too.
 */
export async function keysNotUnsealable(
  db: Db,
  masterKey: Buffer,
): Promise<{ total: number; failed: string[] }> {
  const rows = await db.selectFrom('signing_keys').select(['kid', 'private_key_sealed']).execute();
  const failed = rows
    .filter((row) => {
      try {
        unseal(masterKey, row.private_key_sealed, context(row.kid));
        return false;
      } catch {
        return true;
      }
    })
    .map((row) => row.kid);
  return { total: rows.length, failed };
}
