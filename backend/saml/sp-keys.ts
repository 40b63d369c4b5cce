// The SP's key pair per account, for signed AuthnRequests and encrypted
// assertions. Created on first use; the private key is stored sealed with the
// master key and is only ever unsealed in memory.
import type { Clock } from '../clock.ts';
import { seal, unseal } from '../crypto/master-key.ts';
import type { Db } from '../db/types.ts';
import { isUniqueViolation } from '../db/unique-violation.ts';
import { createSelfSignedKeys, type KeyPair } from '../crypto/self-signed.ts';

export type SpKeys = KeyPair;

const context = (accountId: string) => `sp_keys:${accountId}`;

export async function getSpKeys(db: Db, clock: Clock, masterKey: Buffer, accountId: string): Promise<SpKeys> {
  const row = await db
    .selectFrom('sp_keys')
    .selectAll()
    .where('account_id', '=', accountId)
    .executeTakeFirst();
  if (row) {
    return {
      privateKey: unseal(masterKey, row.private_key_sealed, context(accountId)).toString('utf8'),
      certificate: row.certificate,
    };
  }
  const fresh = await createSelfSignedKeys(`Latchkey SP ${accountId}`);
  try {
    await db
      .insertInto('sp_keys')
      .values({
        account_id: accountId,
        private_key_sealed: seal(masterKey, Buffer.from(fresh.privateKey), context(accountId)),
        certificate: fresh.certificate,
        created_at: clock.now().toISOString(),
      })
      .execute();
    return fresh;
  } catch (err) {
    // Another node created it first: use theirs.
    if (isUniqueViolation(err)) return getSpKeys(db, clock, masterKey, accountId);
    throw err;
  }
}
