// The account's SP entity with its options from step 4 (signed requests,
// encrypted assertions) and, when either is on, its unsealed key pair.
import type { Clock } from '../clock.ts';
import type { IdpConfigsTable } from '../db/schema.ts';
import type { Db } from '../db/types.ts';
import { serviceProviderFor, type ServiceProvider, type SpOptions } from './entities.ts';
import { getSpKeys } from './sp-keys.ts';

export async function spOptionsFor(
  db: Db,
  clock: Clock,
  masterKey: Buffer,
  config: Pick<
    IdpConfigsTable,
    'account_id' | 'sign_authn_requests' | 'encrypt_assertions' | 'require_signed_response'
  >,
): Promise<SpOptions | undefined> {
  if (
    config.sign_authn_requests !== 1 &&
    config.encrypt_assertions !== 1 &&
    config.require_signed_response !== 1
  ) {
    return undefined;
  }
  return {
    keys: await getSpKeys(db, clock, masterKey, config.account_id),
    sign: config.sign_authn_requests === 1,
    encrypt: config.encrypt_assertions === 1,
    requireSignedResponse: config.require_signed_response === 1,
  };
}

export async function accountServiceProvider(
  db: Db,
  clock: Clock,
  masterKey: Buffer,
  publicUrl: string,
  accountId: string,
): Promise<ServiceProvider> {
  const config = await db
    .selectFrom('idp_configs')
    .selectAll()
    .where('account_id', '=', accountId)
    .executeTakeFirstOrThrow();
  return serviceProviderFor(publicUrl, accountId, await spOptionsFor(db, clock, masterKey, config));
}
