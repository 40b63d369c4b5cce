// A root's certificate of a license signing key (DESIGN.md, "Trust"): a
// compact JWS (EdDSA) by the root stating the key's public JWK and how long
// it may sign. Published beside the JWKS; the app accepts a license only from
// a key certified by the root built into it, so signing keys rotate without an
// app update.
import { SignJWT, type CryptoKey, type JWK } from 'jose';
import { keyCertificateType, type KeyCertificateClaims } from '../../common/trust-anchor.ts';
import type { Clock } from '../clock.ts';
import type { Db } from '../db/types.ts';

/** A root whose private half is at hand (unsealed from the database, or read from its offline file). */
export interface RootSigner {
  kid: string;
  privateKey: CryptoKey;
}

/** How long a certification holds unless told otherwise; re-certify (or rotate) before it ends. */
export const defaultCertificationDays = 730;

const seconds = (d: Date) => Math.floor(d.getTime() / 1000);

/** Certifies one license signing key with `root` (replacing that root's earlier certificate of it). */
export async function certifySigningKey(
  db: Db,
  clock: Clock,
  root: RootSigner,
  kid: string,
  validDays = defaultCertificationDays,
): Promise<{ kid: string; rootKid: string; expiresAt: string }> {
  const key = await db
    .selectFrom('signing_keys')
    .select(['public_jwk', 'created_at'])
    .where('kid', '=', kid)
    .where('purpose', '=', 'license')
    .executeTakeFirst();
  if (!key) throw new UnknownSigningKey(kid);
  const jwk = JSON.parse(key.public_jwk) as JWK;
  const now = clock.now();
  // From the key's creation: what it signed since then is what the root vouches for.
  const notBefore = new Date(Math.min(Date.parse(key.created_at), now.getTime()));
  const expiresAt = new Date(now.getTime() + validDays * 86_400_000);
  const claims: KeyCertificateClaims = {
    sub: kid,
    jwk: { kty: String(jwk.kty), crv: jwk.crv, x: jwk.x, kid, alg: 'EdDSA', use: 'sig' },
    use: 'license',
    iat: seconds(now),
    nbf: seconds(notBefore),
    exp: seconds(expiresAt),
  };
  const certificate = await new SignJWT({ ...claims })
    .setProtectedHeader({ alg: 'EdDSA', kid: root.kid, typ: keyCertificateType })
    .sign(root.privateKey);
  const row = {
    certificate,
    not_before: notBefore.toISOString(),
    expires_at: expiresAt.toISOString(),
    created_at: now.toISOString(),
  };
  // One row per (key, root) in the database itself: nodes certifying at once leave one certificate.
  await db
    .insertInto('key_certificates')
    .values({ kid, root_kid: root.kid, ...row })
    .onConflict((oc) => oc.columns(['kid', 'root_kid']).doUpdateSet(row))
    .execute();
  return { kid, rootKid: root.kid, expiresAt: row.expires_at };
}

export class UnknownSigningKey extends Error {
  override name = 'UnknownSigningKey';
  constructor(kid: string) {
    super(`no license signing key ${kid}`);
  }
}

/** The license keys a verifier may still meet: the current one and retired ones inside a lease. */
export async function servedLicenseKids(db: Db, clock: Clock): Promise<string[]> {
  const now = clock.now().toISOString();
  const rows = await db
    .selectFrom('signing_keys')
    .select('kid')
    .where('purpose', '=', 'license')
    .where((eb) => eb.or([eb('retired_at', 'is', null), eb('serve_until', '>', now)]))
    .orderBy('created_at', 'desc')
    .execute();
  return rows.map((r) => r.kid);
}

/** Certifies every served key with `root` (a new root, or renewing certifications before they end). */
export async function certifyServedKeys(
  db: Db,
  clock: Clock,
  root: RootSigner,
  validDays = defaultCertificationDays,
): Promise<{ kid: string; rootKid: string; expiresAt: string }[]> {
  const done = [];
  for (const kid of await servedLicenseKids(db, clock))
    done.push(await certifySigningKey(db, clock, root, kid, validDays));
  return done;
}

/** What `GET /api/v1/key-certificates` publishes: valid certificates of served keys by active roots. */
export async function publishedKeyCertificates(db: Db, clock: Clock): Promise<{ certificates: string[] }> {
  const now = clock.now().toISOString();
  const rows = await db
    .selectFrom('key_certificates')
    .innerJoin('signing_keys', 'signing_keys.kid', 'key_certificates.kid')
    .innerJoin('trust_roots', 'trust_roots.kid', 'key_certificates.root_kid')
    .select('key_certificates.certificate')
    .where('signing_keys.purpose', '=', 'license')
    .where((eb) =>
      eb.or([eb('signing_keys.retired_at', 'is', null), eb('signing_keys.serve_until', '>', now)]),
    )
    .where('trust_roots.retired_at', 'is', null)
    .where('key_certificates.expires_at', '>', now)
    .orderBy('signing_keys.created_at', 'desc')
    .execute();
  return { certificates: rows.map((r) => r.certificate) };
}
