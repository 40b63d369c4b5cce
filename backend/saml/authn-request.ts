// Starts a SAML login: builds the AuthnRequest for the account's IdP
// (HTTP-Redirect, or HTTP-POST where the IdP offers only POST), and stores
// its ID with an expiry so any service node can check InResponseTo.
import type { Clock } from '../clock.ts';
import type { SamlPurpose } from '../db/schema.ts';
import type { Db } from '../db/types.ts';
import { identityProviderFor, serviceProviderFor } from './entities.ts';
import { spOptionsFor } from './sp-for-account.ts';

export const requestLifetimeMs = 10 * 60_000;

export type LoginStart =
  | { binding: 'redirect'; url: string; requestId: string }
  | { binding: 'post'; url: string; fields: Record<string, string>; requestId: string };

export async function startSamlLogin(
  db: Db,
  clock: Clock,
  publicUrl: string,
  params: { accountId: string; purpose: SamlPurpose; email: string | null; returnTo: string | null },
  masterKey: Buffer,
): Promise<LoginStart> {
  const config = await db
    .selectFrom('idp_configs')
    .selectAll()
    .where('account_id', '=', params.accountId)
    .executeTakeFirstOrThrow();
  const sp = serviceProviderFor(
    publicUrl,
    params.accountId,
    await spOptionsFor(db, clock, masterKey, config),
  );
  const idp = identityProviderFor(config);
  const binding = config.sso_binding === 'post' ? 'post' : 'redirect';
  const created = sp.createLoginRequest(idp, binding === 'post' ? 'post' : 'redirect') as {
    id: string;
    context: string;
    entityEndpoint?: string;
    relayState?: string;
  };
  const now = clock.now();
  await db
    .insertInto('saml_requests')
    .values({
      id: created.id,
      account_id: params.accountId,
      purpose: params.purpose,
      email: params.email,
      return_to: params.returnTo,
      created_at: now.toISOString(),
      expires_at: new Date(now.getTime() + requestLifetimeMs).toISOString(),
      used_at: null,
      result_user_id: null,
      result_code: null,
      result_reference: null,
    })
    .execute();
  // No RelayState: InResponseTo already ties the answer to this request, and a
  // parameter added after signing would break a signed Redirect request.
  if (binding === 'post') {
    return {
      binding,
      url: created.entityEndpoint ?? config.sso_url ?? '',
      fields: { SAMLRequest: created.context },
      requestId: created.id,
    };
  }
  return { binding, url: created.context, requestId: created.id };
}
