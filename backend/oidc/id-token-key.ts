// The authorization server's ID-token signing key, kept in signing_keys beside
// the license keys (purpose 'id_token') and sealed the same way: bound to its
// row as `signing_keys:<kid>`, which the restore check (licensing/signing-keys.ts
// keysNotUnsealable) opens with the same context.
import { randomUUID } from 'node:crypto';
import { exportJWK, generateKeyPair, type JWK } from 'jose';
import type { Clock } from '../clock.ts';
import { seal, unseal } from '../crypto/master-key.ts';
import type { Db } from '../db/types.ts';
import { isUniqueViolation } from '../db/unique-violation.ts';

const context = (kid: string) => `signing_keys:${kid}`;

/**
 * The authorization server's ID-token key (ES256): created once, sealed, and
 * the same on every node, so `/oidc/jwks` agrees wherever the app asks.
 */
export async function idTokenSigningJwk(db: Db, clock: Clock, masterKey: Buffer): Promise<JWK> {
  const row = await db
    .selectFrom('signing_keys')
    .selectAll()
    .where('purpose', '=', 'id_token')
    .orderBy('created_at')
    .executeTakeFirst();
  if (row)
    return JSON.parse(unseal(masterKey, row.private_key_sealed, context(row.kid)).toString('utf8')) as JWK;
  const kid = randomUUID();
  const { publicKey, privateKey } = await generateKeyPair('ES256', { extractable: true });
  const privateJwk: JWK = { ...(await exportJWK(privateKey)), kid, alg: 'ES256', use: 'sig' };
  try {
    await db
      .insertInto('signing_keys')
      .values({
        kid,
        purpose: 'id_token',
        alg: 'ES256',
        public_jwk: JSON.stringify({ ...(await exportJWK(publicKey)), kid, alg: 'ES256', use: 'sig' }),
        private_key_sealed: seal(masterKey, Buffer.from(JSON.stringify(privateJwk)), context(kid)),
        created_at: clock.now().toISOString(),
        retired_at: null,
        serve_until: null,
      })
      .execute();
  } catch (err) {
    // another node created one at the same moment: use the first
    if (!isUniqueViolation(err)) throw err;
  }
  return idTokenSigningJwk(db, clock, masterKey);
}
