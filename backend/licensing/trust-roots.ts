// Roots of trust (DESIGN.md, "Trust"): Ed25519 keys whose public half is
// built into app releases and whose private half certifies the license
// signing keys — sealed with the master key in the database, or exported to a
// file kept offline (then `certify-signing-key --root-key FILE`). Rotating a
// root needs a new app build; rotating a signing key does not.
import { createHash, randomUUID } from 'node:crypto';
import { exportJWK, generateKeyPair, importJWK, type CryptoKey, type JWK } from 'jose';
import { z } from 'zod';
import type { TrustAnchorFile } from '../../common/trust-anchor.ts';
import type { Clock } from '../clock.ts';
import { seal, unseal } from '../crypto/master-key.ts';
import type { Db } from '../db/types.ts';
import { isUniqueViolation } from '../db/unique-violation.ts';
import { certifyServedKeys, type RootSigner } from './key-certificates.ts';

const context = (kid: string) => `trust_roots:${kid}`;

export interface CreatedRoot {
  kid: string;
  publicJwk: JWK;
  /** The served signing keys it certified at once. */
  certified: string[];
}

export interface RootOptions {
  kid?: string;
  /**
   * Keep the private half offline: it is handed to this function (to write it to its file)
   * before the root is stored, and the database keeps only the public half.
   */
  exportPrivate?: (privateJwk: JWK) => Promise<void>;
}

/** A new root; the served license keys are certified by it at once. */
export async function createRoot(
  db: Db,
  clock: Clock,
  masterKey: Buffer,
  options: RootOptions = {},
): Promise<CreatedRoot> {
  const { publicKey, privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
  const kid = options.kid ?? `root-${randomUUID()}`;
  const publicJwk: JWK = { ...(await exportJWK(publicKey)), kid, alg: 'EdDSA', use: 'sig' };
  const privateJwk: JWK = { ...(await exportJWK(privateKey)), kid, alg: 'EdDSA' };
  await options.exportPrivate?.(privateJwk);
  await db
    .insertInto('trust_roots')
    .values({
      kid,
      public_jwk: JSON.stringify(publicJwk),
      private_key_sealed: options.exportPrivate
        ? null
        : seal(masterKey, Buffer.from(JSON.stringify(privateJwk)), context(kid)),
      created_at: clock.now().toISOString(),
      retired_at: null,
    })
    .execute();
  const certified = await certifyServedKeys(db, clock, { kid, privateKey });
  return { kid, publicJwk, certified: certified.map((c) => c.kid) };
}

/**
 * Development and the demo: a root sealed in the database from the first start. Its kid derives
 * from the master key, so nodes that start together on one database create it once: the loser's
 * insert meets the primary key. Once retired it is not made again (run create-root): null then.
 */
export async function ensureDevelopmentRoot(db: Db, clock: Clock, masterKey: Buffer): Promise<string | null> {
  const active = await activeRoots(db);
  if (active[0]) return active[0].kid;
  const kid = `dev-root-${createHash('sha256').update('latchkey-dev-root\0').update(masterKey).digest('hex').slice(0, 16)}`;
  try {
    await createRoot(db, clock, masterKey, { kid });
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
  }
  return (await activeRoots(db)).some((r) => r.kid === kid) ? kid : null;
}

export async function activeRoots(db: Db): Promise<{ kid: string; publicJwk: JWK; online: boolean }[]> {
  const rows = await db
    .selectFrom('trust_roots')
    .select(['kid', 'public_jwk', 'private_key_sealed'])
    .where('retired_at', 'is', null)
    .orderBy('created_at')
    .execute();
  return rows.map((r) => ({
    kid: r.kid,
    publicJwk: JSON.parse(r.public_jwk) as JWK,
    online: r.private_key_sealed !== null,
  }));
}

/** The active roots whose private half is sealed here: they certify new signing keys themselves. */
export async function onlineRootSigners(db: Db, masterKey: Buffer): Promise<RootSigner[]> {
  const rows = await db
    .selectFrom('trust_roots')
    .select(['kid', 'private_key_sealed'])
    .where('retired_at', 'is', null)
    .where('private_key_sealed', 'is not', null)
    .execute();
  const signers: RootSigner[] = [];
  for (const row of rows) {
    const jwk = JSON.parse(
      unseal(masterKey, row.private_key_sealed ?? '', context(row.kid)).toString(),
    ) as JWK;
    signers.push({ kid: row.kid, privateKey: (await importJWK(jwk, 'EdDSA')) as CryptoKey });
  }
  return signers;
}

const privateRootJwk = z.looseObject({
  kty: z.literal('OKP'),
  crv: z.literal('Ed25519'),
  x: z.string().regex(/^[A-Za-z0-9_-]{43}$/),
  d: z.string().regex(/^[A-Za-z0-9_-]{43}$/),
  kid: z.string().min(1),
});

export class RootKeyRefused extends Error {
  override name = 'RootKeyRefused';
}

/** An offline root's private JWK (from its file), accepted only if it is an active root of this service. */
export async function rootSignerFromFile(db: Db, text: string): Promise<RootSigner> {
  let parsed;
  try {
    parsed = privateRootJwk.parse(JSON.parse(text));
  } catch {
    throw new RootKeyRefused('the root key file is not an Ed25519 private JWK with a kid');
  }
  const row = await db
    .selectFrom('trust_roots')
    .select(['public_jwk', 'retired_at'])
    .where('kid', '=', parsed.kid)
    .executeTakeFirst();
  if (!row || row.retired_at) throw new RootKeyRefused(`${parsed.kid} is not an active root of this service`);
  if ((JSON.parse(row.public_jwk) as JWK).x !== parsed.x)
    throw new RootKeyRefused(`the key in the file is not the public key of root ${parsed.kid}`);
  return {
    kid: parsed.kid,
    privateKey: (await importJWK(
      { kty: 'OKP', crv: 'Ed25519', x: parsed.x, d: parsed.d },
      'EdDSA',
    )) as CryptoKey,
  };
}

/** Stops a root: it certifies nothing more and its certificates are no longer published. */
export async function retireRoot(db: Db, clock: Clock, kid: string): Promise<boolean> {
  const result = await db
    .updateTable('trust_roots')
    .set({ retired_at: clock.now().toISOString() })
    .where('kid', '=', kid)
    .where('retired_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** The anchor file for an app build: the service URL and the active roots' public keys. */
export async function exportAnchor(db: Db, serviceUrl: string): Promise<TrustAnchorFile> {
  const roots = await activeRoots(db);
  return {
    version: 1,
    serviceUrl: serviceUrl.replace(/\/+$/, ''),
    roots: roots.map((r) => {
      const { kty = 'OKP', crv, x, kid } = r.publicJwk;
      return { kty, crv, x, kid };
    }),
  };
}
