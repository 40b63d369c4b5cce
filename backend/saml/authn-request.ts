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

/** Who the sign-in is for and where it continues after the ACS. */
export interface LoginParams {
  accountId: string;
  purpose: SamlPurpose;
  email: string | null;
  /** An activation: the authorization server's interaction that waits for the answer. */
  interactionUid?: string | null;
  /** A console sign-in or Test connection: the page to land on after the ACS. */
  returnPath?: string | null;
  /** A console sign-in from "Add a business account": its grant joins the browser's session. */
  addsWorkspace?: boolean;
}

/** What the service asks of the IdP beside the request itself. */
export interface LoginAsk {
  /** The IdP must authenticate the person afresh, whatever session it holds (saml-core §3.4.1). */
  forceAuthn?: boolean;
  /** The email the person typed, passed on so the IdP can pre-fill or pick the account. */
  loginHint?: string | null;
}

interface CreatedRequest {
  id: string;
  context: string;
  entityEndpoint?: string;
}

export async function startSamlLogin(
  db: Db,
  clock: Clock,
  publicUrl: string,
  params: LoginParams,
  masterKey: Buffer,
  ask: LoginAsk = {},
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
  const binding = config.sso_binding === 'post' ? 'post' : 'redirect';
  const created = sp.createLoginRequest(
    identityProviderFor(config),
    binding,
    ask.forceAuthn ? { forceAuthn: true } : undefined,
  ) as CreatedRequest;
  await storeRequest(db, clock, created.id, params);
  // No RelayState: InResponseTo already ties the answer to this request, and a
  // parameter added after signing would break a signed Redirect request.
  return binding === 'post'
    ? postStart(created, config.sso_url, ask.loginHint)
    : redirectStart(created, ask.loginHint);
}

/** The request's ID with its expiry, for InResponseTo on any node. */
async function storeRequest(db: Db, clock: Clock, id: string, params: LoginParams): Promise<void> {
  const now = clock.now();
  await db
    .insertInto('saml_requests')
    .values({
      id,
      account_id: params.accountId,
      purpose: params.purpose,
      email: params.email,
      interaction_uid: params.interactionUid ?? null,
      return_path: params.returnPath ?? null,
      adds_workspace: params.addsWorkspace ? 1 : 0,
      created_at: now.toISOString(),
      expires_at: new Date(now.getTime() + requestLifetimeMs).toISOString(),
      used_at: null,
      result_user_id: null,
      result_code: null,
      result_reference: null,
    })
    .execute();
}

// login_hint beside the request, as Entra ID and Okta read it: on the Redirect binding it is
// outside what the signature covers (saml-bindings §3.4.4.1 signs SAMLRequest, RelayState and
// SigAlg only), and an IdP that does not know it ignores it.

function postStart(created: CreatedRequest, ssoUrl: string | null, loginHint?: string | null): LoginStart {
  return {
    binding: 'post',
    url: created.entityEndpoint ?? ssoUrl ?? '',
    fields: { SAMLRequest: created.context, ...(loginHint && { login_hint: loginHint }) },
    requestId: created.id,
  };
}

function redirectStart(created: CreatedRequest, loginHint?: string | null): LoginStart {
  // Appended as text: re-serialising the query would re-encode the signed parameters.
  const separator = created.context.includes('?') ? '&' : '?';
  const url = loginHint
    ? `${created.context}${separator}login_hint=${encodeURIComponent(loginHint)}`
    : created.context;
  return { binding: 'redirect', url, requestId: created.id };
}
